/**
 * Pending actions: accepted commands waiting for their lead time, with a countdown in simulated minutes and
 * the GMT time they take effect (from the host's snapshot: takesEffectAtMinute, minutesLeft), and a Cancel
 * button that withdraws the order before it takes effect (the host refuses once it has). Rows are kept per
 * order, so a focused Cancel button survives the countdown.
 */
import type { PendingView } from '../../../sim-core/src/drill/protocol';
import { formatGmtClock, scenarioInstant } from '../format/clock';
import { formatMinutes } from '../format/numbers';
import { el } from './dom';
import { LEVER_SPECS } from './lever-model';

const labelOf = (command: string): string => LEVER_SPECS.find((l) => l.name === command)?.label ?? command;

/** The words for a pending order: "Force update ordered at 12:00 GMT". */
export function orderWords(p: Pick<PendingView, 'command' | 'issuedAtMinute'>, startEpochMs: number): string {
  return `${labelOf(p.command)} ordered at ${shortClock(startEpochMs, p.issuedAtMinute)}`;
}

const shortClock = (startEpochMs: number, minute: number): string =>
  formatGmtClock(scenarioInstant(startEpochMs, minute)).replace(/^\w+ \d+ \w+ /, '');

interface Row {
  readonly li: HTMLElement;
  readonly countdown: HTMLElement;
}

export class PendingList {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly rows = new Map<string, Row>();
  /** The last list shown, as a key (null: nothing drawn yet). */
  private shown: string | null = null;

  /** `onCancel` is null when the seat may not cancel orders. */
  constructor(
    private readonly startEpochMs: number,
    private readonly onCancel: ((p: PendingView) => void) | null = null,
  ) {
    this.list = el('ul', { class: 'pending-list' });
    this.empty = el('li', { class: 'muted' }, 'Nothing waiting for its lead time.');
    this.element = el(
      'section',
      { class: 'pending', 'aria-label': 'Pending actions' },
      el('h2', {}, 'Pending'),
      this.list,
    );
    this.show([]);
  }

  show(pending: readonly PendingView[]): void {
    const key = pending.map((p) => `${p.command}@${p.issuedAtMinute}:${p.minutesLeft}`).join('|');
    if (key === this.shown) return;
    this.shown = key;
    const sorted = [...pending].sort((a, b) => a.takesEffectAtMinute - b.takesEffectAtMinute);
    const keep = new Set(sorted.map((p) => `${p.command}@${p.issuedAtMinute}`));
    for (const [k, r] of this.rows)
      if (!keep.has(k)) {
        r.li.remove();
        this.rows.delete(k);
      }
    if (sorted.length === 0) {
      this.list.replaceChildren(this.empty);
      return;
    }
    this.empty.remove();
    for (const p of sorted) {
      const k = `${p.command}@${p.issuedAtMinute}`;
      let row = this.rows.get(k);
      if (!row) {
        const countdown = el('span', { class: 'countdown' });
        const li = el(
          'li',
          { 'data-order': k },
          el('span', { class: 'pending-name' }, labelOf(p.command)),
          countdown,
          el('span', { class: 'muted' }, `at ${shortClock(this.startEpochMs, p.takesEffectAtMinute)}`),
        );
        if (this.onCancel) {
          const cancel = el(
            'button',
            {
              type: 'button',
              class: 'cancel-order',
              'aria-label': `Cancel: ${orderWords(p, this.startEpochMs)}`,
            },
            'Cancel',
          );
          const onCancel = this.onCancel;
          cancel.addEventListener('click', () => onCancel(p));
          li.append(cancel);
        }
        row = { li, countdown };
        this.rows.set(k, row);
      }
      row.countdown.textContent = `in ${formatMinutes(p.minutesLeft)}`;
      this.list.append(row.li);
    }
  }
}
