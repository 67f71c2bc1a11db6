/**
 * The team's debrief, shown to every seat when the drill ends and on the facilitator's station: who did what and
 * when (per command and per role) and the channel with the observers' notes, from the host's record (each seat
 * gets only what it was allowed to see).
 */
import type { TeamRecord, TeamScore } from '../../../sim-core/src/team/protocol';
import { formatGmtClock, scenarioInstant } from '../format/clock';
import type { ReadyMessage } from '../host/messages';
import { roleLabel } from '../screens/briefing-screen';
import { el } from './dom';
import { commandResultText } from './team-panel';
import { explanations, scoreCard } from './debrief/score-card';

/**
 * The team's score as the host sent it: par's progress while it still searches, the score card once scored,
 * or why there is none. Fills `slot` (the debrief's score section) so updates do not rebuild the debrief.
 */
export function showTeamScore(slot: HTMLElement, score: TeamScore | null, ready: ReadyMessage): void {
  const start = Date.parse(ready.startIso);
  const clock = (m: number) => formatGmtClock(scenarioInstant(start, m));
  const title = el('h2', { id: 'team-score-title' }, 'Score');
  slot.dataset['state'] = score?.state ?? 'waiting';
  if (!score) {
    slot.replaceChildren(title, el('p', { role: 'status' }, 'The host is scoring the drill…'));
    return;
  }
  if (score.state === 'searching') {
    const left = score.etaSeconds === null ? '' : `, about ${score.etaSeconds} s left`;
    const runs = score.total > 0 ? `: ${score.done} of ${score.total} runs${left}` : '';
    slot.replaceChildren(
      title,
      el(
        'p',
        { role: 'status' },
        `The host is still searching for par (the best response the simulator finds)${runs}. The score follows the moment it is found.`,
      ),
    );
    return;
  }
  if (score.state === 'failed') {
    slot.replaceChildren(title, el('p', { role: 'alert' }, `No score for this drill: ${score.reason}.`));
    return;
  }
  slot.replaceChildren(
    title,
    ...scoreCard(score.card, clock, score.savedStateHash),
    ...explanations(score.card),
  );
}

/** The team's debrief: who did what and when, per role, and the channel with the observers' notes. */
export function teamDebrief(
  record: TeamRecord,
  ready: ReadyMessage,
  score: TeamScore | null = null,
): HTMLElement {
  const scoreSlot = el('section', {
    class: 'debrief-score team-score',
    'aria-labelledby': 'team-score-title',
    'data-team-score': '',
  });
  showTeamScore(scoreSlot, score, ready);
  const start = Date.parse(ready.startIso);
  const clock = (m: number) => formatGmtClock(scenarioInstant(start, m));
  const byRole = new Map<string, TeamRecord['commands']>();
  for (const c of record.commands) byRole.set(c.role, [...(byRole.get(c.role) ?? []), c]);
  const rows = record.commands.map((c) =>
    el(
      'tr',
      {},
      el('td', {}, clock(c.minute)),
      el('th', { scope: 'row' }, c.name),
      el('td', {}, roleLabel(c.role)),
      el('td', {}, commandResultText(c)),
    ),
  );
  return el(
    'section',
    { class: 'screen team-debrief', 'aria-labelledby': 'team-debrief-title' },
    el('h1', { id: 'team-debrief-title' }, 'Team debrief'),
    el(
      'p',
      { class: 'lede' },
      `${record.seats.length} seats, ${record.commands.length} commands, ${record.channel.length} lines in the channel.`,
    ),
    scoreSlot,
    el('h2', {}, 'Who did what'),
    el(
      'table',
      { class: 'lever-table' },
      el(
        'thead',
        {},
        el('tr', {}, ...['When', 'Who', 'Role', 'What and result'].map((h) => el('th', { scope: 'col' }, h))),
      ),
      el('tbody', {}, ...rows),
    ),
    el('h2', {}, 'By role'),
    el(
      'ul',
      {},
      ...[...byRole].map(([r, cs]) =>
        el(
          'li',
          {},
          `${roleLabel(r)}: ${cs.length} command${cs.length === 1 ? '' : 's'}, ${cs.filter((c) => c.ok).length} accepted`,
        ),
      ),
    ),
    el('h2', {}, 'Channel and notes'),
    el(
      'ol',
      { class: 'team-log' },
      ...record.channel.map((l) =>
        el(
          'li',
          {},
          `${l.at.slice(11, 19)} (${clock(l.minute)}) ${l.name} (${roleLabel(l.role)}) ${l.kind === 'say' ? '' : `[${l.kind}] `}${l.text}`,
        ),
      ),
    ),
  );
}
