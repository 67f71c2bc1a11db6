/**
 * The debrief's score card: the headline and grade, the notes, the four runs side by side (user-hours lost,
 * cost, loss, score), the time to the first effective action, par in words and whether the replay reproduced
 * the saved state hash; and the explanation list with the per-decision review.
 */
import { formatCompact, formatUsd } from '../../format/numbers';
import { el } from '../dom';
import { dataTable, type TableRow } from '../table';
import type { TeamScoreCard } from '../../../../sim-core/src/team/protocol';
import { parInWords, sinceFirstSign } from './report';
import { headline } from './score-status';
import { hasScore } from './scoring';

/**
 * What a score card shows: the score, par's policy and how it was found, and whether the replay reproduced the
 * drill. A solo debrief's Analysis has these; a team drill's host sends exactly these (team/protocol.ts).
 */
export type ScoreCardFacts = TeamScoreCard;

/** The score card's children. `at` formats a simulated minute as the scenario clock. */
export function scoreCard(
  a: ScoreCardFacts,
  at: (minute: number) => string,
  savedStateHash: string,
): HTMLElement[] {
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
  return [
    el('div', { class: 'score-card' }, ...headline(s)),
    ...(hasScore(s) ? s.notes : s.notes.slice(1)).map((n) => el('p', { class: 'muted' }, n)),
    dataTable({
      head: ['', 'User-hours lost', 'Cost', 'Loss (user-hours, cost included)', 'Score'],
      rows: [
        row('Your run', s.run, hasScore(s) ? s.headline.toFixed(1) : '–', 'you'),
        row('Doing nothing', s.doNothing, '0'),
        ...(s.historical ? [row('The 2010 response', s.historical, s.historical.headline.toFixed(1))] : []),
        row('Par', s.par, '100'),
      ],
    }),
    el(
      'p',
      {},
      `Time to first effective action: ${sinceFirstSign(t.minutes, 'none taken')}${t.firstSignMinute === null ? '' : ` (${at(t.firstSignMinute)})`}; par: ${sinceFirstSign(t.par)}.`,
    ),
    el('p', { class: 'muted' }, `Par: ${parInWords(a)}.`),
    el(
      'p',
      { class: 'muted', 'data-hash-matches': String(a.replay.hashMatches) },
      a.replay.hashMatches
        ? `Replaying the saved session reproduces the drill exactly (state hash ${a.replay.stateHash}). Par ${a.parCached ? 'came from the cache' : `was found in ${Math.round(a.parSeconds)} s`}.`
        : `The replay did not reproduce the saved state hash (${a.replay.stateHash} vs ${savedStateHash}): the score is of the replay.`,
    ),
  ];
}

/** Where the points went, and what the trainees could see at each decision. */
export function explanations(a: Pick<ScoreCardFacts, 'score'>): HTMLElement[] {
  const s = a.score;
  return [
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
  ];
}
