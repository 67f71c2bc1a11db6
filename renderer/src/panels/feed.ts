/**
 * The inject and alert feed: messages from the four scenario channels (monitoring, support, social,
 * executive) plus the operations log (phase changes, accepted and refused commands, bookmarks). Each channel
 * can be hidden. New messages are announced politely to screen readers; the newest is on top.
 */
import { formatGmtClock, isoMinute, scenarioInstant } from '../format/clock';
import { el } from './dom';

export const FEED_CHANNELS = ['monitoring', 'support', 'social', 'executive', 'operations'] as const;
export type FeedChannel = (typeof FEED_CHANNELS)[number];

const CHANNEL_LABEL: Record<FeedChannel, string> = {
  monitoring: 'Monitoring',
  support: 'Support',
  social: 'Social',
  executive: 'Executive',
  operations: 'Operations',
};

export interface FeedItem {
  readonly channel: FeedChannel;
  readonly minute: number;
  readonly from: string;
  readonly text: string;
  /** Alerts (refusals, failures) get the accent. */
  readonly alert?: boolean;
}

const MAX_ITEMS = 200;

export class Feed {
  readonly element: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly hidden = new Set<FeedChannel>();
  private readonly counts = new Map<FeedChannel, HTMLElement>();

  constructor(private readonly startEpochMs: number) {
    this.list = el('ol', { class: 'feed-list', 'aria-live': 'polite', 'aria-relevant': 'additions' });
    const filters = el('div', { class: 'feed-filters', role: 'group', 'aria-label': 'Channels shown' });
    for (const ch of FEED_CHANNELS) {
      const box = el('input', { type: 'checkbox', checked: '', 'data-channel': ch });
      const count = el('span', { class: 'feed-count' }, '0');
      this.counts.set(ch, count);
      box.addEventListener('change', () => {
        if (box.checked) this.hidden.delete(ch);
        else this.hidden.add(ch);
        this.list.dataset.hidden = [...this.hidden].join(' ');
        for (const li of this.list.children)
          (li as HTMLElement).hidden = this.hidden.has((li as HTMLElement).dataset.channel as FeedChannel);
      });
      filters.append(el('label', { class: `chip ch-${ch}` }, box, ` ${CHANNEL_LABEL[ch]} `, count));
    }
    this.element = el(
      'section',
      { class: 'feed', 'aria-label': 'Injects and alerts' },
      el('h2', {}, 'Feed'),
      filters,
      this.list,
    );
  }

  add(item: FeedItem): void {
    const t = scenarioInstant(this.startEpochMs, item.minute);
    const time = el('time', { datetime: isoMinute(t) }, formatGmtClock(t).replace(/ GMT$/, ''));
    const li = el(
      'li',
      {
        class: `feed-item ch-${item.channel}${item.alert ? ' alert-item' : ''}`,
        'data-channel': item.channel,
      },
      el(
        'div',
        { class: 'feed-meta' },
        el('span', { class: 'badge' }, CHANNEL_LABEL[item.channel]),
        time,
        el('span', { class: 'from' }, item.from),
      ),
      el('p', {}, item.text),
    );
    li.hidden = this.hidden.has(item.channel);
    this.list.prepend(li);
    while (this.list.children.length > MAX_ITEMS) this.list.lastElementChild?.remove();
    const c = this.counts.get(item.channel);
    if (c) c.textContent = String(Number(c.textContent) + 1);
  }
}
