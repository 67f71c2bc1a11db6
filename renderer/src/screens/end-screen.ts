/**
 * End of drill: what happened, in the numbers the drill keeps (user-hours lost against a normal day, money
 * spent, phases reached with their times, decisions and bookmarks). The debrief with scoring, par and replay
 * is issue 5 and is not built: this screen says so plainly instead of pretending.
 */
import { formatGmtClock, scenarioInstant } from '../format/clock';
import { formatCompact, formatCount, formatPercent, formatUsd } from '../format/numbers';
import { el } from '../panels/dom';

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

export function mountEndScreen(root: HTMLElement, s: DrillSummary, onAgain: () => void): void {
  const at = (m: number): string => formatGmtClock(scenarioInstant(s.startEpochMs, m));
  const again = el('button', { type: 'button', class: 'primary' }, 'Choose another drill');
  again.addEventListener('click', onAgain);
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
      el(
        'dl',
        { class: 'summary' },
        el('div', {}, el('dt', {}, 'User-hours lost'), el('dd', {}, formatCompact(s.userMinutesLost / 60))),
        el('div', {}, el('dt', {}, 'Money spent'), el('dd', {}, formatUsd(s.costUsd))),
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
      el(
        'p',
        { class: 'muted' },
        'Scoring against a par, replay and the debrief are not built yet (issue 5).',
      ),
      el('div', { class: 'actions' }, again),
    ),
  );
  again.focus();
}
