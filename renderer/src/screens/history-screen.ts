/**
 * History: the saved sessions of each scenario, newest first, with the trend of their scores (each score
 * and the rolling mean of five, as a chart) and the same-seed leaderboard (same scenario version, seed and
 * scale; closed, scored sessions). Any session opens in its debrief, and so does a session file opened from
 * disk (kept in the store first; see panels/history/import.ts). Stored sessions that cannot be read are listed
 * with the reason. Sessions without a score are scored in the background, one at a time, while History is
 * open (par on one worker, from the cache when it is there); each score appears when it lands.
 */
import type { Scenario } from '../../../sim-core/src/scenario/schema';
import type { SessionFile, SessionListing } from '../../../sim-core/src/sessions/index';
import { appParScheduler, replayOnWorker } from '../host/analysis';
import { progressText } from '../panels/debrief/score-status';
import { hasScore, startScoring, type Scoring } from '../panels/debrief/scoring';
import { nameWords } from '../format/roles';
import { el } from '../panels/dom';
import { dataTable } from '../panels/table';
import { importSessionFile } from '../panels/history/import';
import {
  boardKeys,
  boardKeyText,
  historyByScenario,
  leaderboard,
  notRankedBecause,
  type BoardKey,
  type Listed,
  type ScenarioHistory,
  type TrendPoint,
} from '../panels/history/model';
import type { SessionStorage } from '../platform/types';
import { SESSION_FILE_EXTENSION, SESSION_FILE_MIME } from '../platform/contract';
import '../styles/debrief.css';

export interface HistoryDeps {
  readonly scenarios: readonly Scenario[];
  readonly sessions: SessionStorage;
  readonly onOpen: (session: SessionFile) => void;
  readonly onBack: () => void;
}

const SVG = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
  ...children: (Node | string)[]
): SVGElementTagNameMap[K] {
  const n = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
  n.append(...children);
  return n;
}

/** Scores over time: a dot per scored session and the rolling mean as a line; 0–100 on the y axis. */
function trendChart(points: readonly TrendPoint[], title: string): SVGSVGElement {
  const W = 640;
  const H = 180;
  const pad = 32;
  const n = points.length;
  const x = (i: number) => pad + (n <= 1 ? 0.5 : i / (n - 1)) * (W - 2 * pad);
  const y = (v: number) => H - pad - (v / 100) * (H - 2 * pad);
  const grid = [0, 25, 50, 75, 100].flatMap((v) => [
    svg('line', { x1: pad, x2: W - pad, y1: y(v), y2: y(v), stroke: '#1f2833' }),
    svg(
      'text',
      { x: pad - 6, y: y(v) + 4, 'font-size': 10, 'text-anchor': 'end', fill: '#8b98a9' },
      String(v),
    ),
  ]);
  return svg(
    'svg',
    {
      viewBox: `0 0 ${W} ${H}`,
      width: W,
      height: H,
      class: 'history-trend',
      role: 'img',
      'aria-label': title,
    },
    ...grid,
    svg('polyline', {
      fill: 'none',
      stroke: '#5ec962',
      'stroke-width': 2,
      points: points.map((p, i) => `${x(i)},${y(p.rolling)}`).join(' '),
    }),
    ...points.map((p, i) =>
      svg(
        'circle',
        { cx: x(i), cy: y(p.headline), r: 4, fill: '#e6edf5' },
        svg('title', {}, `${p.savedAt.slice(0, 16).replace('T', ' ')} UTC: ${p.headline.toFixed(1)}`),
      ),
    ),
  );
}

/**
 * What the background scoring knows of sessions that had no score, by id, for this page: being scored (with
 * its progress), nothing to score, or why it could not be scored. A session is tried once per page.
 */
const background = new Map<string, string>();

export function mountHistoryScreen(root: HTMLElement, deps: HistoryDeps): void {
  const back = el('button', { type: 'button' }, 'Back');
  back.addEventListener('click', deps.onBack);
  // A session file from disk: a trainee's export, another machine's save.
  const picker = el('input', {
    type: 'file',
    accept: `.${SESSION_FILE_EXTENSION},${SESSION_FILE_MIME},.json,application/json`,
    hidden: '',
  });
  const openFile = el('button', { type: 'button', 'data-action': 'open-file' }, 'Open a session file…');
  const fileNote = el('p', { class: 'muted', role: 'status' });
  openFile.addEventListener('click', () => picker.click());
  picker.addEventListener('change', () => {
    const f = picker.files?.[0];
    picker.value = '';
    if (!f) return;
    fileNote.textContent = `Reading ${f.name}…`;
    importSessionFile(f, deps.sessions)
      .then((r) => {
        if (!r.renamedFrom) return deps.onOpen(r.session);
        // Kept under a new id: say so here (the debrief would hide it) and list it beside the other.
        fileNote.textContent = `Another session already had the id ${r.renamedFrom}; this one is kept as ${r.session.id} and listed below.`;
        load();
      })
      .catch((e: unknown) => {
        fileNote.textContent = '';
        fileNote.replaceChildren(
          el(
            'span',
            { class: 'alert', role: 'alert' },
            `${f.name} cannot be opened: ${e instanceof Error ? e.message : String(e)}`,
          ),
        );
      });
  });
  const body = el('div', { 'aria-live': 'polite' }, el('p', { class: 'muted' }, 'Reading saved sessions…'));
  root.replaceChildren(
    el(
      'main',
      { class: 'screen history', 'aria-labelledby': 'history-title' },
      el('p', { class: 'eyebrow' }, 'Cascade Drill'),
      el('h1', { id: 'history-title' }, 'History'),
      el('div', { class: 'actions' }, openFile, picker),
      fileNote,
      body,
      el('div', { class: 'actions' }, back),
    ),
  );
  back.focus();

  const open = (l: Listed, button: HTMLButtonElement): void => {
    button.setAttribute('disabled', '');
    deps.sessions
      .load(l.id)
      .then(deps.onOpen)
      .catch((e: unknown) => {
        button.removeAttribute('disabled');
        button.after(
          el(
            'span',
            { class: 'alert', role: 'alert' },
            ` Could not open it: ${e instanceof Error ? e.message : String(e)}`,
          ),
        );
      });
  };
  const openButton = (l: Listed): HTMLButtonElement => {
    const b = el(
      'button',
      { type: 'button', 'aria-label': `Open the debrief of ${l.title}, saved ${when(l.savedAt)}` },
      'Debrief',
    );
    b.addEventListener('click', () => open(l, b));
    return b;
  };

  const section = (h: ScenarioHistory): HTMLElement => {
    const title = deps.scenarios.find((s) => s.id === h.scenarioId)?.title ?? h.scenarioId;
    const keys = boardKeys(h.sessions);
    const boardBox = el('div', {});
    const showBoard = (k: BoardKey): void => {
      const rows = leaderboard(h.sessions, k);
      boardBox.replaceChildren(
        dataTable({
          label: `Leaderboard, ${title}, ${boardKeyText(k)}`,
          head: ['Rank', 'Score', 'Grade', 'Session', 'Saved', ''],
          rowHeader: 3,
          rows: rows.map((r) => ({
            cells: [String(r.rank), r.headline.toFixed(1), r.grade, who(r), when(r.savedAt), openButton(r)],
          })),
        }),
      );
    };
    let board: HTMLElement = el('p', { class: 'muted' }, 'No closed, scored session yet.');
    if (keys.length > 0) {
      const pick = el(
        'select',
        { 'aria-label': 'Leaderboard seed' },
        ...keys.map((k, i) => el('option', { value: String(i) }, `${boardKeyText(k)} (${k.count})`)),
      );
      pick.addEventListener('change', () => showBoard(keys[Number(pick.value)]!));
      showBoard(keys[0]!);
      board = el('div', {}, el('label', { class: 'muted' }, 'Same seed: ', pick), boardBox);
    }
    const delta =
      h.recentMean !== null && h.previousMean !== null
        ? ` (${h.recentMean >= h.previousMean ? '+' : ''}${(h.recentMean - h.previousMean).toFixed(1)} on the five before)`
        : '';
    return el(
      'section',
      { class: 'history-scenario', 'aria-label': title },
      el('h2', {}, title),
      h.trend.length > 0
        ? el(
            'div',
            {},
            trendChart(h.trend, `Scores of ${title} over time, with the rolling mean of five`),
            el(
              'p',
              { class: 'muted' },
              `${h.trend.length} scored session${h.trend.length === 1 ? '' : 's'}; the latest five average ${h.recentMean!.toFixed(1)}${delta}.`,
            ),
          )
        : el('p', { class: 'muted' }, 'No scored session yet.'),
      el('h3', {}, 'Leaderboard'),
      board,
      el('h3', {}, 'All sessions'),
      dataTable({
        label: `Sessions of ${title}`,
        head: ['Saved', 'Session', 'Seed', 'Minutes', 'Score', 'Leaderboard', ''],
        rowHeader: 1,
        rows: h.sessions.map((l) => ({
          cells: [
            when(l.savedAt),
            `${who(l)}${l.closed ? '' : ' (not closed)'}`,
            `${l.seed}${l.scenario.scale < 1 ? ` · ${+(l.scenario.scale * 100).toPrecision(3)}%` : ''}`,
            String(l.minute),
            l.headline === null ? '–' : `${l.headline.toFixed(1)} ${l.grade ?? ''}`,
            el(
              'span',
              { 'data-scoring': l.id },
              notRankedBecause(l, background.get(l.id) ?? null) ?? 'ranked',
            ),
            openButton(l),
          ],
        })),
      }),
    );
  };

  const load = (): void =>
    void deps.sessions
      .list()
      .then((listings: SessionListing[]) => {
        const groups = historyByScenario(listings);
        scoreInBackground(listings);
        const bad = listings.filter((l) => !l.ok);
        body.replaceChildren(
          ...(groups.length > 0
            ? groups.map(section)
            : [el('p', { class: 'muted' }, 'No saved sessions yet. Finish a drill and it appears here.')]),
          ...(bad.length > 0
            ? [
                el('h2', {}, 'Sessions that could not be read'),
                el('ul', {}, ...bad.map((b) => el('li', {}, `${b.file}: ${b.ok ? '' : b.error}`))),
              ]
            : []),
        );
      })
      .catch((e: unknown) => {
        body.replaceChildren(
          el(
            'p',
            { class: 'alert', role: 'alert' },
            `Saved sessions could not be read: ${e instanceof Error ? e.message : String(e)}`,
          ),
        );
      });
  /** Score the first session without a score that has not been tried yet; then the next, while History is open. */
  let current: Scoring | null = null;
  const scoreInBackground = (listings: readonly SessionListing[]): void => {
    if (current) return;
    const next = listings.find(
      (l): l is Listed =>
        l.ok &&
        l.headline === null &&
        !background.has(l.id) &&
        deps.scenarios.some((x) => x.id === l.scenario.id),
    );
    if (!next) return;
    background.set(next.id, 'being scored');
    const gone = () => !body.isConnected;
    deps.sessions
      .load(next.id)
      .then((session) => {
        if (gone()) return void background.delete(next.id);
        const scenario = deps.scenarios.find((x) => x.id === session.scenario.id);
        if (!scenario) return void background.set(next.id, 'its scenario is not open in this console');
        const scoring = startScoring(session, scenario, {
          par: appParScheduler(),
          replay: replayOnWorker,
          save: (s) => deps.sessions.save(s),
          hurry: false,
        });
        current = scoring;
        const cell = () => body.querySelector(`[data-scoring="${CSS.escape(next.id)}"]`);
        scoring.subscribe((p) => {
          if (gone()) return scoring.cancel();
          background.set(next.id, `being scored: ${progressText(p)}`);
          const c = cell();
          if (c) c.textContent = `not ranked: ${background.get(next.id)!}`;
        });
        return scoring.done.then(({ analysis }) => {
          background.set(
            next.id,
            hasScore(analysis.score)
              ? 'scored'
              : 'nothing to score: par does no better than doing nothing over its minutes',
          );
        });
      })
      .catch((e: unknown) => {
        const why = e instanceof Error ? e.message : String(e);
        if (why === 'cancelled') background.delete(next.id);
        else background.set(next.id, `it could not be scored: ${why}`);
      })
      .finally(() => {
        current = null;
        if (!gone()) load();
      });
  };

  load();
}

/** Who played: the participants' names, else the session title. */
function who(l: Listed): string {
  return l.participants.length > 0 ? `${l.participants.map(nameWords).join(', ')} · ${l.title}` : l.title;
}

function when(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}
