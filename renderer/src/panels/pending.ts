/**
 * Pending actions: accepted commands waiting for their lead time, with a countdown in simulated minutes and
 * the GMT time they take effect (from the host's snapshot: takesEffectAtMinute, minutesLeft).
 */
import type { PendingView } from '../../../sim-core/src/drill/protocol';
import { formatGmtClock, scenarioInstant } from '../format/clock';
import { formatMinutes } from '../format/numbers';
import { el } from './dom';
import { LEVER_SPECS } from './lever-model';

const labelOf = (command: string): string => LEVER_SPECS.find((l) => l.name === command)?.label ?? command;

export class PendingList {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private shown = '';

  constructor(private readonly startEpochMs: number) {
    this.list = el('ul', { class: 'pending-list' });
    this.element = el(
      'section',
      { class: 'pending', 'aria-label': 'Pending actions' },
      el('h2', {}, 'Pending'),
      this.list,
    );
    this.show([]);
  }

  show(pending: readonly PendingView[]): void {
    const key = pending.map((p) => `${p.command}@${p.takesEffectAtMinute}:${p.minutesLeft}`).join('|');
    if (key === this.shown) return;
    this.shown = key;
    if (pending.length === 0) {
      this.list.replaceChildren(el('li', { class: 'muted' }, 'Nothing waiting for its lead time.'));
      return;
    }
    this.list.replaceChildren(
      ...[...pending]
        .sort((a, b) => a.takesEffectAtMinute - b.takesEffectAtMinute)
        .map((p) =>
          el(
            'li',
            {},
            el('span', { class: 'pending-name' }, labelOf(p.command)),
            el('span', { class: 'countdown' }, `in ${formatMinutes(p.minutesLeft)}`),
            el(
              'span',
              { class: 'muted' },
              `at ${formatGmtClock(scenarioInstant(this.startEpochMs, p.takesEffectAtMinute)).replace(/^\w+ \d+ \w+ /, '')}`,
            ),
          ),
        ),
    );
  }
}
