/**
 * The facilitator drawer (F): fire any scenario inject now, bookmark the moment with a note, change speed,
 * end the drill. It talks only to a {@link FacilitatorPort}, so a remote facilitator seat can mount the same
 * drawer over a network port later.
 */
import { el } from './dom';

/** What the drawer can ask for. */
export interface FacilitatorPort {
  fireInject(id: string): void;
  bookmark(note: string): void;
  setSpeed(speed: number): void;
  end(): void;
}

export interface FacilitatorData {
  readonly injects: readonly { readonly id: string; readonly channel: string; readonly from: string }[];
  readonly speeds: readonly number[];
}

export class FacilitatorDrawer {
  readonly element: HTMLElement;
  private readonly speed: HTMLSelectElement;
  private readonly fired = new Map<string, HTMLButtonElement>();

  constructor(port: FacilitatorPort, data: FacilitatorData, onClose: () => void) {
    const note = el('textarea', {
      id: 'bookmark-note',
      rows: '2',
      maxlength: '500',
      placeholder: 'What just happened?',
    });
    const mark = el('button', { type: 'button' }, 'Add bookmark');
    mark.addEventListener('click', () => {
      port.bookmark(note.value.trim() || 'Bookmark');
      note.value = '';
    });
    this.speed = el(
      'select',
      { id: 'facilitator-speed' },
      ...data.speeds.map((s) => el('option', { value: String(s) }, `${s}×`)),
    );
    this.speed.addEventListener('change', () => port.setSpeed(Number(this.speed.value)));
    const end = el('button', { type: 'button', class: 'danger' }, 'End drill');
    end.addEventListener('click', () => port.end());
    const close = el('button', { type: 'button', class: 'close' }, 'Close');
    close.addEventListener('click', onClose);
    const injects = el(
      'ul',
      { class: 'inject-list' },
      ...data.injects.map((i) => {
        const b = el('button', { type: 'button', 'aria-label': `Fire inject ${i.id} now` }, 'Fire now');
        b.addEventListener('click', () => port.fireInject(i.id));
        this.fired.set(i.id, b);
        return el(
          'li',
          {},
          el('span', { class: `badge ch-${i.channel}` }, i.channel),
          el('span', { class: 'inject-from' }, i.from),
          el('code', {}, i.id),
          b,
        );
      }),
    );
    this.element = el(
      'aside',
      { class: 'facilitator', id: 'facilitator', 'aria-label': 'Facilitator', hidden: '' },
      el('div', { class: 'drawer-head' }, el('h2', {}, 'Facilitator'), close),
      el('h3', {}, 'Injects'),
      injects,
      el('h3', {}, 'Bookmark'),
      el('label', { for: 'bookmark-note', class: 'sr-only' }, 'Bookmark note'),
      note,
      mark,
      el('h3', {}, 'Speed'),
      el(
        'span',
        { class: 'param' },
        el('label', { for: 'facilitator-speed' }, 'Facilitator speed'),
        this.speed,
      ),
      el('h3', {}, 'Session'),
      end,
    );
  }

  get isOpen(): boolean {
    return !this.element.hidden;
  }

  toggle(open = !this.isOpen): void {
    this.element.hidden = !open;
    if (open) this.element.querySelector<HTMLElement>('button.close')?.focus();
  }

  showSpeed(speed: number): void {
    this.speed.value = String(speed);
  }

  /** Marks an inject as fired (it can still be fired again by hand). */
  markFired(id: string): void {
    const b = this.fired.get(id);
    if (b) b.dataset.fired = '1';
  }
}
