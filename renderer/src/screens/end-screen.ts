/**
 * End of drill: what happened, in the numbers the drill keeps (user-hours lost against a normal day and money
 * spent, each up to the minute it ended and so labelled; once the score is in, the same two over the whole
 * scored window with the standing orders played on), phases reached with their times, decisions and bookmarks), whether the session was saved, and the
 * way to the debrief (debrief-screen.ts). The score comes in as it is found: the run's own figures show at
 * once, the scoring's stage and time left while par or the replay is still running, then the headline.
 */
import { formatGmtClock, scenarioInstant } from '../format/clock';
import { formatCompact, formatCount, formatPercent, formatUsd } from '../format/numbers';
import { headline, scoringProgress } from '../panels/debrief/score-status';
import { hasScore, type Scoring } from '../panels/debrief/scoring';
import { el } from '../panels/dom';
import type { Score } from '../../../sim-core/src/scoring/score';

export interface DrillSummary {
  readonly scenarioTitle: string;
  readonly startEpochMs: number;
  readonly endedAtMinute: number;
  readonly endReason: string | null;
  readonly userMinutesLost: number;
  readonly costUsd: number;
  readonly phases: readonly { readonly phase: string; readonly atMinute: number }[];
  readonly lowestOnline: { readonly online: number; readonly ratio: number; readonly minute: number } | null;
  readonly decisions: readonly { readonly minute: number; readonly label: string }[];
  readonly bookmarks: readonly { readonly minute: number; readonly note: string }[];
  readonly refusals: number;
}

const REASONS: Record<string, string> = {
  scenarioEnd: 'the scenario ran to its end',
  fullRecovery: 'full recovery held',
  facilitator: 'the facilitator ended it',
};

/** The saved session behind the summary, and the way to its debrief. */
export interface EndSession {
  readonly saved: boolean;
  readonly saveError: string | null;
  /** Opens the debrief; null when there is no saved session to debrief. */
  readonly onDebrief: (() => void) | null;
  /** The session's scoring (started when the drill ended); none: no score line. */
  readonly scoring?: Scoring | null;
}

export function mountEndScreen(
  root: HTMLElement,
  s: DrillSummary,
  onAgain: () => void,
  session: EndSession = { saved: false, saveError: null, onDebrief: null },
): void {
  const at = (m: number): string => formatGmtClock(scenarioInstant(s.startEpochMs, m));
  const again = el('button', { type: 'button', class: 'primary' }, 'Choose another drill');
  again.addEventListener('click', onAgain);
  const debrief = el('button', { type: 'button', class: 'primary', 'data-action': 'debrief' }, 'Debrief');
  const onDebrief = session.onDebrief;
  if (onDebrief) debrief.addEventListener('click', () => onDebrief());
  else debrief.setAttribute('disabled', '');
  // The whole-window figures the score charges, beside the live ones, once the score is in.
  const figure = ([k, v]: [string, string], scored = false): HTMLElement =>
    el('div', scored ? { 'data-scored': '' } : {}, el('dt', {}, k), el('dd', {}, v));
  const live = endFigures(s, null).map((r) => figure(r));
  const scoreBox = session.scoring
    ? scoreLine(session.scoring, (score) => {
        const rows = endFigures(s, score).slice(live.length);
        live.at(-1)?.after(...rows.map((r) => figure(r, true)));
      })
    : '';
  const saveLine = session.saveError
    ? el('p', { class: 'alert', role: 'alert' }, `The session could not be saved: ${session.saveError}`)
    : session.saved
      ? el(
          'p',
          { class: 'muted', 'data-saved': '' },
          'The session is saved. The debrief scores it against doing nothing, the 2010 response and par.',
        )
      : '';
  root.replaceChildren(
    el(
      'main',
      { class: 'screen end', 'aria-labelledby': 'end-title' },
      el('p', { class: 'eyebrow' }, `${s.scenarioTitle} · End of drill`),
      el('h1', { id: 'end-title' }, `Drill ended ${at(s.endedAtMinute)}`),
      el(
        'p',
        {},
        `Ended because ${REASONS[s.endReason ?? ''] ?? 'the session ended'}, after ${formatCount(s.endedAtMinute)} simulated minutes.`,
      ),
      scoreBox,
      el(
        'dl',
        { class: 'summary' },
        ...live,
        el(
          'div',
          {},
          el('dt', {}, 'Lowest online'),
          el(
            'dd',
            {},
            s.lowestOnline
              ? `${formatCompact(s.lowestOnline.online)} (${formatPercent(s.lowestOnline.ratio)} of normal) at ${at(s.lowestOnline.minute)}`
              : '–',
          ),
        ),
        el('div', {}, el('dt', {}, 'Commands refused'), el('dd', {}, formatCount(s.refusals))),
      ),
      el('h2', {}, 'Phases reached'),
      el('ol', { class: 'phases' }, ...s.phases.map((p) => el('li', {}, `${p.phase} — ${at(p.atMinute)}`))),
      el('h2', {}, 'Decisions'),
      s.decisions.length > 0
        ? el('ol', {}, ...s.decisions.map((d) => el('li', {}, `${at(d.minute)}: ${d.label}`)))
        : el('p', { class: 'muted' }, 'No lever was pulled.'),
      s.bookmarks.length > 0 ? el('h2', {}, 'Bookmarks') : '',
      s.bookmarks.length > 0
        ? el('ol', {}, ...s.bookmarks.map((b) => el('li', {}, `${at(b.minute)}: ${b.note}`)))
        : '',
      saveLine,
      el('div', { class: 'actions' }, debrief, again),
    ),
  );
  (onDebrief ? debrief : again).focus();
}

/**
 * The end screen's figures, labelled for what they count. The drill's own totals run to the minute it ended
 * ("User-hours lost by 13:32 GMT"); the score charges the whole window with the standing orders played on, so
 * once it is in, its figures follow under their own label (none when there is nothing to score).
 */
export function endFigures(s: DrillSummary, score: Score | null): [string, string][] {
  const at = (m: number): string => formatGmtClock(scenarioInstant(s.startEpochMs, m));
  const rows: [string, string][] = [
    [`User-hours lost by ${at(s.endedAtMinute)}`, formatCompact(s.userMinutesLost / 60)],
    [`Money spent by ${at(s.endedAtMinute)}`, formatUsd(s.costUsd)],
  ];
  if (score && hasScore(score)) {
    const to = at(score.minutes);
    const early = score.drillMinutes < score.minutes;
    const what = early ? `scored to ${to}, standing orders played on` : `scored over the window to ${to}`;
    rows.push(
      [`User-hours lost, ${what}`, formatCompact(score.run.userMinutesLost / 60)],
      [`Money spent, ${what}`, formatUsd(score.run.cost.totalUsd)],
    );
  }
  return rows;
}

/** The score as it comes: progress and time left, then the headline, the grade and the two reference runs. */
function scoreLine(scoring: Scoring, onScore: (score: Score) => void): HTMLElement {
  const progress = scoringProgress(scoring);
  const box = el(
    'section',
    { class: 'end-score', 'aria-label': 'Score', 'data-state': 'running' },
    ...progress.elements,
  );
  scoring.done.then(
    ({ analysis: { score } }) => {
      progress.dispose();
      onScore(score);
      box.dataset['state'] = 'done';
      box.replaceChildren(
        ...headline(score),
        hasScore(score)
          ? el(
              'p',
              { class: 'muted' },
              `Doing nothing scores 0 and par 100${score.historical ? `; the 2010 response scores ${score.historical.headline.toFixed(1)}` : ''}. The debrief shows where the points went.`,
            )
          : '',
        // The score's own notes: above par, below doing nothing, and a drill that ended before the window closed
        // (scored over the whole window with its standing orders), so the headline never stands unexplained.
        ...(hasScore(score) ? score.notes.map((n) => el('p', { class: 'muted', 'data-note': '' }, n)) : []),
      );
    },
    (e: unknown) => {
      progress.dispose();
      if (e instanceof Error && e.message === 'cancelled') return;
      box.dataset['state'] = 'failed';
      box.replaceChildren(
        el(
          'p',
          { class: 'alert', role: 'alert' },
          `The session could not be scored: ${e instanceof Error ? e.message : String(e)}`,
        ),
      );
    },
  );
  return box;
}
