/**
 * The facilitator drawer (F): fire any scenario inject now, bookmark the moment with a note, change speed,
 * choose whether the console slows down on the first alert and whether spending and ending ask for a
 * confirmation, end the drill (after a confirmation, unless switched off). It talks only to a {@link FacilitatorPort}, so a remote facilitator seat can mount the same
 * drawer over a network port later.
 */
import { el } from './dom';
import { EndControl } from './end-control';

/** What the drawer can ask for. */
export interface FacilitatorPort {
  fireInject(id: string): void;
  bookmark(note: string): void;
  setSpeed(speed: number): void;
  end(): void;
  /** Slow down automatically when the first monitoring alert fires. */
  slowOnAlert(on: boolean): void;
  /** Ask before a lever spends money and before the drill ends (the drawer's own End drill follows it too). */
  confirmations(on: boolean): void;
  /** Show the 2010 record on the live charts (hidden by default: it gives the collapse away). */
  showGhost(on: boolean): void;
}

export interface FacilitatorData {
  readonly injects: readonly { readonly id: string; readonly channel: string; readonly from: string }[];
  readonly speeds: readonly number[];
  /** The speed the console slows to on the first alert (null: the scenario has no slow-down). */
  readonly alertSpeed: number | null;
  /** Inject ids -> the words shown for them (the id stays in the data). */
  readonly injectTitle?: (id: string) => string;
}

export class FacilitatorDrawer {
  readonly element: HTMLElement;
  private readonly speed: HTMLSelectElement;
  private readonly fired = new Map<string, HTMLButtonElement>();
  private readonly slow: HTMLInputElement;
  private readonly end: EndControl;

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
    this.end = new EndControl(() => port.end());
    this.slow = el('input', { type: 'checkbox', id: 'slow-on-alert' });
    if (data.alertSpeed !== null) this.slow.checked = true;
    else this.slow.disabled = true;
    this.slow.addEventListener('change', () => port.slowOnAlert(this.slow.checked));
    const ghostBox = el('input', { type: 'checkbox', id: 'show-ghost' });
    ghostBox.addEventListener('change', () => port.showGhost(ghostBox.checked));
    const confirmBox = el('input', { type: 'checkbox', id: 'confirm-actions', checked: '' });
    confirmBox.addEventListener('change', () => {
      this.end.setConfirm(confirmBox.checked);
      port.confirmations(confirmBox.checked);
    });
    const close = el('button', { type: 'button', class: 'close' }, 'Close');
    close.addEventListener('click', onClose);
    const injects = el(
      'ul',
      { class: 'inject-list' },
      ...data.injects.map((i) => {
        const title = data.injectTitle?.(i.id) ?? i.from;
        const b = el('button', { type: 'button', 'aria-label': `Fire now: ${title}` }, 'Fire now');
        b.addEventListener('click', () => port.fireInject(i.id));
        this.fired.set(i.id, b);
        return el(
          'li',
          {},
          el('span', { class: `badge ch-${i.channel}` }, i.channel),
          el('span', { class: 'inject-from' }, title),
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
      el(
        'label',
        { class: 'check', for: 'slow-on-alert' },
        this.slow,
        data.alertSpeed !== null
          ? ` Slow to ${data.alertSpeed}× at the first monitoring alert`
          : ' Slow down at the first alert (not set for this scenario)',
      ),
      el('h3', {}, 'Charts'),
      el(
        'label',
        { class: 'check', for: 'show-ghost' },
        ghostBox,
        ' Show the 2010 record on the live charts (it gives the collapse away)',
      ),
      el('h3', {}, 'Session'),
      el(
        'label',
        { class: 'check', for: 'confirm-actions' },
        confirmBox,
        ' Ask before a lever spends money and before ending',
      ),
      this.end.element,
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

  showSlowOnAlert(on: boolean): void {
    if (!this.slow.disabled) this.slow.checked = on;
  }

  /** Marks an inject as fired (it can still be fired again by hand). */
  markFired(id: string): void {
    const b = this.fired.get(id);
    if (b) b.dataset.fired = '1';
  }
}
