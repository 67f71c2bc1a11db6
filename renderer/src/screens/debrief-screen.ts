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
import { builtinScenario, scaleScenario } from '../../../sim-core/src/scenario/index';
import {
  sameScore,
  savedScore,
  serializeSession,
  type SessionBody,
  type SessionFile,
} from '../../../sim-core/src/sessions/index';
import { formatGmtClock, scenarioInstant } from '../format/clock';
import { formatCompact, formatLatency, formatUsd } from '../format/numbers';
import { parWorkerCount, replayOnWorker, startParPool } from '../host/analysis';
import { analyseSession, type Analysis, type AnalysisProgress } from '../panels/debrief/analysis';
import { DebriefChart } from '../panels/debrief/chart';
import {
  debriefEvents,
  debriefRuns,
  debriefSeries,
  MODEL_LIMITS,
  scrubAt,
  type DebriefRuns,
} from '../panels/debrief/model';
import { parInWords, reportHtml } from '../panels/debrief/report';
import { el } from '../panels/dom';
import { dataTable, type TableRow } from '../panels/table';
import { openIndexedDbStore } from '../platform/indexeddb';
import type { ExportResult, ReportExports } from '../platform/types';
import '../styles/debrief.css';
import type { DrillSummary } from './end-screen';

export interface DebriefDeps {
  readonly session: SessionFile;
  /** Only the title and the scenario's start time are used (a recovered autosave has no end summary). */
  readonly summary: Pick<DrillSummary, 'scenarioTitle' | 'startEpochMs'>;
  readonly onBack: () => void;
  /** Store the session again (its score and lessons); without it the debrief saves nothing. */
  readonly save?: (s: SessionBody | SessionFile) => Promise<SessionFile>;
  /** Where exports go: the platform's save dialog and printToPDF (Electron) or download and print (browser). */
  readonly exports: ReportExports;
}

/** The debrief's own handle: the analysis, for tests and the history screen. */
export interface DebriefScreen {
  readonly analysis: Promise<Analysis | null>;
  dispose(): void;
}

const PAR_DB = 'cascade-drill-par';
/** Replay speed of the scrubber's Play: simulated minutes per second. */
const REPLAY_MINUTES_PER_SECOND = 120;

const STAGE_TEXT: Record<AnalysisProgress['stage'], string> = {
  replay: 'Replaying the session',
  baselines: 'Running doing nothing and the 2010 response at full scale',
  search: 'Searching for par (the best policy the simulator finds)',
  finalists: 'Checking the best candidates at full scale',
  done: 'Done',
};

export function mountDebriefScreen(root: HTMLElement, deps: DebriefDeps): DebriefScreen {
  let session = deps.session;
  const { summary } = deps;
  const at = (m: number): string => formatGmtClock(scenarioInstant(summary.startEpochMs, m));
  const events = debriefEvents(session);
  const decisions = events.filter((e) => e.kind !== 'bookmark');
  const bookmarks = events.filter((e) => e.kind === 'bookmark');
  const builtin = builtinScenario(session.scenario.id);
  // The published record counts the whole network; a scaled drill is compared with it at its own scale.
  const ghost = (session.scenario.scale < 1 ? scaleScenario(builtin, session.scenario.scale) : builtin)
    .history;
  const abort = new AbortController();
  let mounted = false;
  let chart: DebriefChart | null = null;
  let playTimer = 0;
  let analysis: Analysis | null = null;
  const dispose = (): void => {
    abort.abort();
    window.clearInterval(playTimer);
    chart?.destroy();
    chart = null;
  };

  // ---- score: progress while the analysis runs, then the score card --------------------------------------
  const bar = el('progress', { max: '1', value: '0', 'aria-label': 'Scoring progress' });
  const stage = el('p', { class: 'muted', 'aria-live': 'polite' }, STAGE_TEXT.replay);
  const scoreBox = el(
    'section',
    { class: 'debrief-score', 'aria-labelledby': 'debrief-score-title', 'data-state': 'running' },
    el('h2', { id: 'debrief-score-title' }, 'Score'),
    bar,
    stage,
  );
  const replayBox = el('section', { class: 'debrief-replay', 'aria-label': 'Replay' });
  const explainBox = el('section', { class: 'debrief-explain', 'aria-label': 'Where the points went' });
  const status = el('p', { class: 'muted', role: 'status' });

  const onProgress = (p: AnalysisProgress): void => {
    // Left without Back (the screen was replaced): stop the search. Not before the first mount, though.
    if (mounted && !scoreBox.isConnected) return abort.abort();
    bar.value = p.fraction;
    bar.setAttribute('aria-valuetext', `${Math.round(p.fraction * 100)}%`);
    const eta = p.etaSeconds === null ? '' : ` · about ${formatEta(p.etaSeconds)} left`;
    stage.textContent = `${STAGE_TEXT[p.stage]} · ${Math.round(p.fraction * 100)}%${eta}`;
  };

  const analysisDone = analyseSession(session, builtin, {
    cache: typeof indexedDB === 'undefined' ? null : openIndexedDbStore(indexedDB, PAR_DB),
    startPool: (s) => startParPool(s, parWorkerCount(navigator.hardwareConcurrency)),
    replay: replayOnWorker,
    onProgress,
    now: () => performance.now(),
    signal: abort.signal,
  }).then(
    (a) => {
      if (abort.signal.aborted) return null;
      analysis = a;
      showScore(a);
      void storeScore(a);
      return a;
    },
    (e: unknown) => {
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

  const showScore = (a: Analysis): void => {
    const s = a.score;
    const t = s.timeToFirstEffectiveAction;
    const row = (name: string, m: typeof s.run, score: string, cls = ''): TableRow => ({
      class: cls,
      cells: [
        name,
        formatCompact(m.userMinutesLost / 60),
        formatUsd(m.cost.totalUsd),
        formatCompact(m.loss / 60),
        score,
      ],
    });
    scoreBox.dataset['state'] = 'done';
    scoreBox.replaceChildren(
      el('h2', { id: 'debrief-score-title' }, 'Score'),
      el(
        'div',
        { class: 'score-card' },
        el(
          'p',
          { class: 'headline', 'data-headline': s.headline.toFixed(1), 'data-grade': s.grade },
          el('span', { class: 'headline-value' }, s.headline.toFixed(1)),
          el('span', { class: 'muted' }, ' / 100'),
        ),
        el(
          'p',
          { class: `grade grade-${s.grade}` },
          el('strong', {}, `Grade ${s.grade}`),
          ` · ${s.gradeMeaning}`,
        ),
      ),
      ...s.notes.map((n) => el('p', { class: 'muted' }, n)),
      dataTable({
        head: ['', 'User-hours lost', 'Cost', 'Loss (user-hours, cost included)', 'Score'],
        rows: [
          row('Your run', s.run, s.headline.toFixed(1), 'you'),
          row('Doing nothing', s.doNothing, '0'),
          ...(s.historical ? [row('The 2010 response', s.historical, s.historical.headline.toFixed(1))] : []),
          row('Par', s.par, '100'),
        ],
      }),
      el(
        'p',
        {},
        `Time to first effective action: ${t.minutes === null ? 'none taken' : `${t.minutes} min after the first sign`}${t.firstSignMinute === null ? '' : ` (${at(t.firstSignMinute)})`}; par: ${t.par === null ? 'none' : `${t.par} min`}.`,
      ),
      el('p', { class: 'muted' }, `Par: ${parInWords(a)}.`),
      el(
        'p',
        { class: 'muted', 'data-hash-matches': String(a.replay.hashMatches) },
        a.replay.hashMatches
          ? `Replaying the saved session reproduces the drill exactly (state hash ${a.replay.stateHash}). Par ${a.parCached ? 'came from the cache' : `was found in ${Math.round(a.parSeconds)} s`}.`
          : `The replay did not reproduce the saved state hash (${a.replay.stateHash} vs ${session.progress.stateHash}): the score is of the replay.`,
      ),
    );
    showReplay(debriefRuns(a));
    explainBox.replaceChildren(
      el('h2', {}, 'Where the points went'),
      el(
        'ol',
        { class: 'debrief-explanations' },
        ...s.explanations.map((e) => el('li', { 'data-kind': e.kind }, e.text)),
      ),
      el('h2', {}, 'Decision review'),
      s.review.length > 0
        ? el('ol', { class: 'debrief-review' }, ...s.review.map((r) => el('li', {}, r.text)))
        : el('p', { class: 'muted' }, 'No lever was pulled. Par acted as above.'),
    );
  };

  /** Save the score into the session; a different saved score means the replay did not reproduce it. */
  const storeScore = async (a: Analysis): Promise<void> => {
    const fresh = savedScore(a.score);
    if (session.score && !sameScore(session.score, fresh)) {
      status.textContent = `Note: this session was saved with score ${session.score.headline.toFixed(1)} (${session.score.grade}); its replay scores ${fresh.headline.toFixed(1)} now. The saved score is replaced.`;
    }
    if (session.score && sameScore(session.score, fresh)) return;
    if (!deps.save) return;
    try {
      const { checksum: _c, ...body } = session;
      session = await deps.save({ ...body, score: fresh });
    } catch (e) {
      status.textContent = `The score could not be saved: ${e instanceof Error ? e.message : String(e)}`;
    }
  };

  // ---- replay: charts and a scrubber -------------------------------------------------------------------
  const showReplay = (runs: DebriefRuns): void => {
    if (runs.minutes < 2) return;
    chart = new DebriefChart({
      startEpochMs: summary.startEpochMs,
      points: debriefSeries(runs),
      ghost,
      // The lever's name only: the full line is in the decision list below.
      decisions: decisions.map((d) => ({ minute: d.minute, label: d.text.split(' (')[0]! })),
    });
    const last = runs.minutes - 1;
    const slider = el('input', {
      type: 'range',
      min: '0',
      max: String(last),
      step: '1',
      value: String(last),
      'aria-label': 'Replay minute',
    });
    const clock = el('output', { class: 'replay-clock' });
    const play = el('button', { type: 'button', 'aria-label': 'Play replay' }, '▶ Play');
    const readout = el('div', { class: 'replay-readout', 'aria-live': 'off' });
    const show = (minute: number): void => {
      const s = scrubAt(runs, events, minute);
      slider.value = String(s.minute);
      slider.setAttribute('aria-valuetext', at(s.minute));
      clock.textContent = `${at(s.minute)} · minute ${s.minute}`;
      chart?.setCursor(s.minute);
      const runsAt = [
        ['Your run', s.you],
        ['Doing nothing', s.doNothing],
        ...(s.historical ? [['2010 response', s.historical] as const] : []),
        ['Par', s.par],
      ] as const;
      const said = s.done.slice(-3).map((e) => el('li', {}, `${at(e.minute)} · ${e.who}: ${e.text}`));
      readout.replaceChildren(
        dataTable({
          head: ['', 'Online', 'of normal', 'Supernodes alive', 'Offline-IM replies', 'Crashed'],
          rows: runsAt.map(([name, r]) => ({
            cells: [
              name,
              formatCompact(r.online),
              `${Math.round((100 * r.online) / Math.max(1, r.expectedOnline))}%`,
              formatCompact(r.supernodesAlive),
              r.omEnabled ? formatLatency(r.omLatencyMs) : 'switched off',
              formatCompact(r.crashed),
            ],
          })),
        }),
        said.length > 0
          ? el('ol', { class: 'replay-said', 'aria-label': 'Said by then' }, ...said)
          : el('p', { class: 'muted' }, 'Nothing said yet.'),
      );
    };
    const stop = (): void => {
      window.clearInterval(playTimer);
      playTimer = 0;
      play.textContent = '▶ Play';
      play.setAttribute('aria-label', 'Play replay');
    };
    play.addEventListener('click', () => {
      if (playTimer) return stop();
      if (Number(slider.value) >= last) show(0);
      play.textContent = '❚❚ Pause';
      play.setAttribute('aria-label', 'Pause replay');
      const stepMs = 100;
      playTimer = window.setInterval(() => {
        if (!slider.isConnected) return stop();
        const next = Number(slider.value) + (REPLAY_MINUTES_PER_SECOND * stepMs) / 1000;
        show(Math.min(last, next));
        if (next >= last) stop();
      }, stepMs);
    });
    slider.addEventListener('input', () => {
      stop();
      show(Number(slider.value));
    });
    replayBox.replaceChildren(
      el('h2', {}, 'Replay'),
      chart.element,
      el('div', { class: 'scrubber' }, play, slider, clock),
      readout,
    );
    chart.mount();
    show(last);
  };

  // ---- lessons learned and participants (saved into the session) ----------------------------------------
  const wentWell = el('textarea', { rows: '3', 'aria-label': 'Went well' });
  wentWell.value = session.lessons.wentWell;
  const toImprove = el('textarea', { rows: '3', 'aria-label': 'To improve' });
  toImprove.value = session.lessons.toImprove;
  const actions = el('textarea', { rows: '3', 'aria-label': 'Actions, one per line (owner after a dash)' });
  actions.value = session.lessons.actions
    .map((a) => (a.owner ? `${a.text} — ${a.owner}` : a.text))
    .join('\n');
  const people = el('textarea', {
    rows: '2',
    'aria-label': 'Participants, one per line (role after a dash)',
  });
  people.value = session.participants.map((p) => `${p.name} — ${p.role}`).join('\n');
  const saveLessons = el('button', { type: 'button', 'data-action': 'save-lessons' }, 'Save notes');
  saveLessons.addEventListener('click', () => {
    if (!deps.save) return;
    const { checksum: _c, ...body } = session;
    const split = (line: string) => line.split(/\s+[—-]\s+/, 2).map((x) => x.trim());
    const next: SessionBody = {
      ...body,
      lessons: {
        wentWell: wentWell.value.slice(0, 4000),
        toImprove: toImprove.value.slice(0, 4000),
        actions: lines(actions.value)
          .slice(0, 50)
          .map((l) => {
            const [text, owner] = split(l);
            return { text: text!.slice(0, 500), owner: (owner ?? '').slice(0, 80) };
          }),
      },
      participants: lines(people.value)
        .slice(0, 100)
        .map((l) => {
          const [name, role] = split(l);
          return { name: name!.slice(0, 80), role: (role || name!).slice(0, 80) };
        }),
    };
    saveLessons.setAttribute('disabled', '');
    deps
      .save(next)
      .then((s) => {
        session = s;
        status.textContent = 'Notes saved.';
      })
      .catch((e: unknown) => {
        status.textContent = `The notes could not be saved (the saved session is unchanged): ${e instanceof Error ? e.message : String(e)}`;
      })
      .finally(() => saveLessons.removeAttribute('disabled'));
  });

  // ---- exports -----------------------------------------------------------------------------------------
  const report = (): string => reportHtml(session, { analysis, startEpochMs: summary.startEpochMs, ghost });
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
      deps.exports.save('json', `${session.id}.session.json`, serializeSession(session)),
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
      deps.save ? saveLessons : el('p', { class: 'muted' }, 'Notes cannot be saved here.'),
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

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

function formatEta(seconds: number): string {
  return seconds < 90 ? `${Math.max(1, Math.round(seconds))} s` : `${Math.round(seconds / 60)} min`;
}
