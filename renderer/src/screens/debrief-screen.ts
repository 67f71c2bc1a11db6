/**
 * The debrief: the saved session read back and scored. On mount it replays the session on a worker (which
 * proves the file reproduces the drill's final state hash) and finds par for its scenario, scale and seed —
 * from the cache, else by sim-core's par search on worker threads, with a progress bar and an estimate —
 * then shows the 0–100 headline and grade against doing nothing, the 2010 response and par; charts of the
 * four runs with the 2010 record and the decisions; a scrubber that replays the run minute by minute; the
 * explanation list; the per-decision review; bookmarks; participants and lessons learned (saved into the
 * session); the model's limits; and the exports (JSON, self-contained HTML, PDF).
 *
 * The score is saved into the session file, so the history and leaderboard list it, and a later debrief of
 * the same file checks that its replay reproduces it exactly.
 */
import { scaleScenario, type Scenario } from '../../../sim-core/src/scenario/index';
import { serializeSession, type SessionBody, type SessionFile } from '../../../sim-core/src/sessions/index';
import { formatGmtClock, scenarioInstant } from '../format/clock';
import { appParScheduler, replayOnWorker } from '../host/analysis';
import type { Analysis } from '../panels/debrief/analysis';
import { setDebriefProbe } from '../panels/debrief/probe';
import { scoringProgress } from '../panels/debrief/score-status';
import { hasScore, startScoring, type Scored, type Scoring } from '../panels/debrief/scoring';
import { debriefEvents, debriefRuns, MODEL_LIMITS } from '../panels/debrief/model';
import { notesFields, notesText } from '../panels/debrief/notes';
import { ReplayPanel } from '../panels/debrief/replay-panel';
import { reportHtml } from '../panels/debrief/report';
import { explanations, scoreCard } from '../panels/debrief/score-card';
import { el } from '../panels/dom';
import type { ExportResult, ReportExports } from '../platform/types';
import { SESSION_FILE_EXTENSION } from '../platform/contract';
import '../styles/debrief.css';
import type { DrillSummary } from './end-screen';

export interface DebriefDeps {
  readonly session: SessionFile;
  /** The scenario the session names (a built-in one, or a file opened in this console). */
  readonly scenario: Scenario;
  /** Only the title and the scenario's start time are used (a recovered autosave has no end summary). */
  readonly summary: Pick<DrillSummary, 'scenarioTitle' | 'startEpochMs'>;
  readonly onBack: () => void;
  /** Store the session again (its score and lessons); without it the debrief saves nothing. */
  readonly save?: (s: SessionBody | SessionFile) => Promise<SessionFile>;
  /** Where exports go: the platform's save dialog and printToPDF (Electron) or download and print (browser). */
  readonly exports: ReportExports;
  /** The session's scoring, when it already runs (started at the end of the drill); else the debrief starts it. */
  readonly scoring?: Scoring;
}

/** The debrief's own handle: the analysis, for tests and the history screen. */
export interface DebriefScreen {
  readonly analysis: Promise<Analysis | null>;
  dispose(): void;
}

export function mountDebriefScreen(root: HTMLElement, deps: DebriefDeps): DebriefScreen {
  let session = deps.session;
  const { summary } = deps;
  const at = (m: number): string => formatGmtClock(scenarioInstant(summary.startEpochMs, m));
  const events = debriefEvents(session, deps.scenario);
  const decisions = events.filter((e) => e.kind !== 'bookmark');
  const bookmarks = events.filter((e) => e.kind === 'bookmark');
  const builtin = deps.scenario;
  // The published record counts the whole network; a scaled drill is compared with it at its own scale.
  const ghost = (session.scenario.scale < 1 ? scaleScenario(builtin, session.scenario.scale) : builtin)
    .history;
  const abort = new AbortController();
  let mounted = false;
  let replay: ReplayPanel | null = null;
  let analysis: Analysis | null = null;
  const dispose = (): void => {
    abort.abort();
    setDebriefProbe(null);
    unwatch();
    // A scoring of our own stops waiting (its par search goes on in the background); a shared one is left.
    if (!deps.scoring) scoring.cancel();
    replay?.dispose();
    replay = null;
  };

  // ---- score: progress while the analysis runs, then the score card --------------------------------------
  const scoring =
    deps.scoring ??
    startScoring(session, builtin, { par: appParScheduler(), replay: replayOnWorker, save: deps.save });
  const progress = scoringProgress(scoring);
  const publish = (a: Analysis | null): void => {
    if (abort.signal.aborted) return;
    setDebriefProbe(
      {
        score: a && hasScore(a.score) ? a.score.headline : null,
        parReady: a !== null || scoring.progress().parReady,
      },
      scoreBox,
    );
  };
  const scoreBox = el(
    'section',
    { class: 'debrief-score', 'aria-labelledby': 'debrief-score-title', 'data-state': 'running' },
    el('h2', { id: 'debrief-score-title' }, 'Score'),
    ...progress.elements,
  );
  setDebriefProbe({ score: null, parReady: scoring.progress().parReady }, scoreBox);
  // Where the replay panel goes once the runs are known.
  const replayBox = el('div', {});
  const explainBox = el('section', { class: 'debrief-explain', 'aria-label': 'Where the points went' });
  const status = el('p', { class: 'muted', role: 'status' });

  const analysisDone = scoring.done.then(
    (s: Scored) => {
      progress.dispose();
      if (abort.signal.aborted) return null;
      analysis = s.analysis;
      session = s.session;
      if (s.note) status.textContent = s.note;
      showScore(s.analysis);
      return s.analysis;
    },
    (e: unknown) => {
      progress.dispose();
      if (abort.signal.aborted) return null;
      const why = e instanceof Error ? e.message : String(e);
      console.error('[debrief] analysis failed:', e);
      scoreBox.dataset['state'] = 'failed';
      scoreBox.replaceChildren(
        el('h2', { id: 'debrief-score-title' }, 'Score'),
        el('p', { class: 'alert', role: 'alert' }, `This session could not be scored: ${why}`),
      );
      return null;
    },
  );
  // Left without Back (the screen was replaced): stop waiting. Not before the first mount, though.
  const unwatch = scoring.subscribe(() => {
    if (mounted && !scoreBox.isConnected) dispose();
    else publish(analysis);
  });

  const showScore = (a: Analysis): void => {
    scoreBox.dataset['state'] = 'done';
    scoreBox.replaceChildren(
      el('h2', { id: 'debrief-score-title' }, 'Score'),
      ...scoreCard(a, at, session.progress.stateHash),
    );
    const runs = debriefRuns(a);
    if (runs.minutes >= 2) {
      replay = new ReplayPanel({ runs, events, ghost, startEpochMs: summary.startEpochMs, at });
      replayBox.replaceWith(replay.element);
      replay.mount();
    }
    explainBox.replaceChildren(...explanations(a));
    publish(a);
  };

  // ---- participants and lessons learned (saved into the session) ----------------------------------------
  const initial = notesText(session);
  const area = (label: string, rows: string, value: string) => {
    const t = el('textarea', { rows, 'aria-label': label });
    t.value = value;
    return t;
  };
  const people = area('Participants, one per line (role after a dash)', '2', initial.participants);
  const wentWell = area('Went well', '3', initial.wentWell);
  const toImprove = area('To improve', '3', initial.toImprove);
  const actions = area('Actions, one per line (owner after a dash)', '3', initial.actions);
  const saveNotes = el('button', { type: 'button', 'data-action': 'save-lessons' }, 'Save notes');
  saveNotes.addEventListener('click', () => {
    if (!deps.save) return;
    const { checksum: _c, ...body } = session;
    const fields = notesFields({
      participants: people.value,
      wentWell: wentWell.value,
      toImprove: toImprove.value,
      actions: actions.value,
    });
    saveNotes.setAttribute('disabled', '');
    deps
      .save({ ...body, ...fields })
      .then((s) => {
        session = s;
        status.textContent = 'Notes saved.';
      })
      .catch((e: unknown) => {
        status.textContent = `The notes could not be saved (the saved session is unchanged): ${e instanceof Error ? e.message : String(e)}`;
      })
      .finally(() => saveNotes.removeAttribute('disabled'));
  });

  // ---- exports -----------------------------------------------------------------------------------------
  const report = (): string =>
    reportHtml(session, { analysis, startEpochMs: summary.startEpochMs, ghost, scenario: deps.scenario });
  const run = (what: string, job: () => Promise<ExportResult>) => {
    job().then(
      (r) => {
        if (r.saved && r.path) status.textContent = `${what}: saved to ${r.path}`;
      },
      (e: unknown) => {
        status.textContent = `${what} failed: ${e instanceof Error ? e.message : String(e)}`;
      },
    );
  };
  const exportJson = el('button', { type: 'button', 'data-action': 'export-json' }, 'Export JSON');
  exportJson.addEventListener('click', () =>
    run('Export JSON', () =>
      deps.exports.save('json', `${session.id}.${SESSION_FILE_EXTENSION}`, serializeSession(session)),
    ),
  );
  const exportHtml = el('button', { type: 'button', 'data-action': 'export-html' }, 'Export HTML');
  exportHtml.addEventListener('click', () =>
    run('Export HTML', () => deps.exports.save('html', `${session.id}.report.html`, report())),
  );
  const print = el('button', { type: 'button', 'data-action': 'print' }, 'Print / PDF');
  print.addEventListener('click', () =>
    run('PDF export', () => deps.exports.pdf(`${session.id}.report.pdf`, report())),
  );
  const back = el('button', { type: 'button' }, 'Back');
  back.addEventListener('click', () => {
    dispose();
    deps.onBack();
  });

  root.replaceChildren(
    el(
      'main',
      { class: 'screen debrief', 'aria-labelledby': 'debrief-title' },
      el('p', { class: 'eyebrow' }, `${summary.scenarioTitle} · Debrief`),
      el('h1', { id: 'debrief-title' }, session.title),
      el(
        'p',
        {},
        `Seed ${session.seed}, ${session.scenario.scale < 1 ? `${+(session.scenario.scale * 100).toPrecision(3)}% scale, ` : ''}${session.progress.minute} simulated minutes (to ${at(session.progress.minute)}); model ${session.model.version}.`,
      ),
      scoreBox,
      replayBox,
      explainBox,
      el('h2', {}, 'Decisions'),
      decisions.length > 0
        ? el(
            'ol',
            { class: 'debrief-decisions' },
            ...decisions.map((d) => el('li', {}, `${at(d.minute)} · ${d.who}: ${d.text}`)),
          )
        : el('p', { class: 'muted' }, 'No lever was pulled.'),
      el('h2', {}, 'Facilitator bookmarks'),
      bookmarks.length > 0
        ? el(
            'ol',
            { class: 'debrief-bookmarks' },
            ...bookmarks.map((b) => el('li', {}, `${at(b.minute)}: ${b.text}`)),
          )
        : el('p', { class: 'muted' }, 'No bookmarks.'),
      el('h2', {}, 'Participants and lessons learned'),
      el(
        'div',
        { class: 'lessons' },
        el('label', {}, 'Participants', people),
        el('label', {}, 'Went well', wentWell),
        el('label', {}, 'To improve', toImprove),
        el('label', {}, 'Actions', actions),
      ),
      deps.save ? saveNotes : el('p', { class: 'muted' }, 'Notes cannot be saved here.'),
      el('h2', {}, 'Limits of the model'),
      el('ul', { class: 'debrief-limits' }, ...MODEL_LIMITS.map((l) => el('li', {}, l))),
      status,
      el('div', { class: 'actions debrief-actions' }, exportJson, exportHtml, print, back),
    ),
  );
  mounted = true;
  exportJson.focus();
  return { analysis: analysisDone, dispose };
}
