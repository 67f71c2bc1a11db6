/**
 * The debrief: the saved session read back — decisions and bookmarks in order, the run compared with doing
 * nothing (computed on demand by replaying the session, which also proves the file reproduces the drill's
 * final state hash), the model's known limits, and export: the session file as JSON, the after-action
 * report as self-contained HTML (inline CSS and SVG, no scripts), and the browser's print for a PDF.
 *
 * Not here yet (docs/scoring.md): the 0–100 headline and grade need par, which the browser does not compute
 * (`npm run par`); the 2010 ghost, on-screen charts and the scrubber.
 */
import { builtinScenario } from '../../../sim-core/src/scenario/index';
import { serializeSession, type SessionFile } from '../../../sim-core/src/sessions/index';
import { formatGmtClock, scenarioInstant } from '../format/clock';
import { formatCompact, formatUsd } from '../format/numbers';
import { el } from '../panels/dom';
import {
  compareWithDoingNothing,
  debriefEvents,
  MODEL_LIMITS,
  type Comparison,
} from '../panels/debrief/model';
import { reportHtml } from '../panels/debrief/report';
import type { DrillSummary } from './end-screen';

export interface DebriefDeps {
  readonly session: SessionFile;
  /** Only the title and the scenario's start time are used (a recovered autosave has no end summary). */
  readonly summary: Pick<DrillSummary, 'scenarioTitle' | 'startEpochMs'>;
  readonly onBack: () => void;
}

/** Offer `text` as a file download (browser mode; Electron shows its own save dialog for downloads). */
function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function mountDebriefScreen(root: HTMLElement, deps: DebriefDeps): void {
  const { session, summary } = deps;
  const at = (m: number): string => formatGmtClock(scenarioInstant(summary.startEpochMs, m));
  const events = debriefEvents(session);
  const decisions = events.filter((e) => e.kind !== 'bookmark');
  const bookmarks = events.filter((e) => e.kind === 'bookmark');

  const back = el('button', { type: 'button' }, 'Back');
  back.addEventListener('click', deps.onBack);
  const exportJson = el('button', { type: 'button', 'data-action': 'export-json' }, 'Export JSON');
  exportJson.addEventListener('click', () =>
    download(`${session.id}.session.json`, serializeSession(session), 'application/json'),
  );
  let comparison: Comparison | null = null;
  const compareNow = (): Comparison =>
    (comparison ??= compareWithDoingNothing(session, builtinScenario(session.scenario.id)));
  const exportHtml = el('button', { type: 'button', 'data-action': 'export-html' }, 'Export HTML');
  exportHtml.addEventListener('click', () => {
    let c: Comparison | null = null;
    try {
      c = compareNow();
    } catch (e) {
      console.error('[debrief] comparison failed; exporting without it', e);
    }
    download(`${session.id}.report.html`, reportHtml(session, c), 'text/html');
  });
  const print = el('button', { type: 'button', 'data-action': 'print' }, 'Print / PDF');
  print.addEventListener('click', () => window.print());

  const result = el('div', { class: 'debrief-compare', 'aria-live': 'polite' });
  const compare = el('button', { type: 'button', 'data-action': 'compare' }, 'Compare with doing nothing');
  compare.addEventListener('click', () => {
    compare.setAttribute('disabled', '');
    result.replaceChildren(el('p', { class: 'muted' }, 'Replaying the session and a do-nothing run…'));
    // Let the message paint first: at full scale the two runs take a while on this thread.
    window.setTimeout(() => {
      try {
        const c = compareNow();
        result.replaceChildren(
          el(
            'p',
            { 'data-hash-matches': String(c.hashMatches) },
            c.hashMatches
              ? `Replaying the saved session reproduces the drill exactly (state hash ${c.stateHash}).`
              : `The replay did not reproduce the saved state hash (${c.stateHash} vs ${session.progress.stateHash}).`,
          ),
          el(
            'dl',
            { class: 'summary' },
            el(
              'div',
              {},
              el('dt', {}, 'User-hours lost'),
              el(
                'dd',
                {},
                `yours ${formatCompact(c.run.userMinutesLost / 60)} · doing nothing ${formatCompact(c.doNothing.userMinutesLost / 60)}`,
              ),
            ),
            el(
              'div',
              {},
              el('dt', {}, 'Money spent'),
              el(
                'dd',
                {},
                `yours ${formatUsd(c.run.costUsd)} · doing nothing ${formatUsd(c.doNothing.costUsd)}`,
              ),
            ),
            el(
              'div',
              {},
              el('dt', {}, 'Loss avoided'),
              el(
                'dd',
                {},
                c.avoided === null ? '–' : `${Math.round(c.avoided * 100)}% of the do-nothing loss`,
              ),
            ),
          ),
        );
      } catch (e) {
        result.replaceChildren(
          el(
            'p',
            { class: 'alert', role: 'alert' },
            `The comparison failed: ${e instanceof Error ? e.message : String(e)}`,
          ),
        );
      } finally {
        compare.removeAttribute('disabled');
      }
    }, 30);
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
        `Seed ${session.seed}, ${session.scenario.scale < 1 ? `${+(session.scenario.scale * 100).toPrecision(3)}% scale, ` : ''}${session.progress.minute} simulated minutes; model ${session.model.version}.`,
      ),
      el('h2', {}, 'Score'),
      el(
        'p',
        { class: 'muted' },
        'The 0–100 headline and grade compare the run with par, the best policy the simulator finds; par is not computed in the browser. Run `npm run par -- --scenario ' +
          `${session.scenario.id} --seed ${session.seed}\` for it. Here the run is compared with doing nothing on the same seed.`,
      ),
      compare,
      result,
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
      el('h2', {}, 'Limits of the model'),
      el('ul', { class: 'debrief-limits' }, ...MODEL_LIMITS.map((l) => el('li', {}, l))),
      el('div', { class: 'actions debrief-actions' }, exportJson, exportHtml, print, back),
    ),
  );
  exportJson.focus();
}
