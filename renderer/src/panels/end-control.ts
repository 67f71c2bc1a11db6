/**
 * "End drill" with its confirmation: the button, then (unless the facilitator switched confirmations off) a
 * group asking "End the drill now?" with "Keep playing" focused, so Enter backs out, Escape backs out, and
 * "End now" ends. The console shows one in its footer for everyone at the seat (key E), and the facilitator
 * drawer shows another; both follow the drawer's confirmation setting.
 */
import { el } from './dom';

export const END_QUESTION = 'End the drill now? It cannot be continued afterwards (its debrief stays).';

export class EndControl {
  readonly element: HTMLElement;
  readonly button: HTMLButtonElement;
  private readonly askGroup: HTMLElement;
  private readonly no: HTMLButtonElement;
  private confirm = true;

  /** `className` styles the wrapper (the footer's copy floats its question above the button). */
  constructor(
    private readonly onEnd: () => void,
    opts: { readonly className?: string; readonly keyshortcut?: string } = {},
  ) {
    this.button = el(
      'button',
      {
        type: 'button',
        class: 'danger',
        ...(opts.keyshortcut ? { 'aria-keyshortcuts': opts.keyshortcut } : {}),
      },
      'End drill',
    );
    const yes = el('button', { type: 'button', class: 'danger' }, 'End now');
    this.no = el('button', { type: 'button' }, 'Keep playing');
    this.askGroup = el(
      'div',
      { class: 'confirm', role: 'group', 'aria-label': 'Confirm ending the drill', hidden: '' },
      el('p', {}, END_QUESTION),
      yes,
      this.no,
    );
    this.button.addEventListener('click', () => this.ask());
    yes.addEventListener('click', () => this.onEnd());
    this.no.addEventListener('click', () => this.close());
    this.askGroup.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        this.close();
      }
    });
    this.element = el(
      'div',
      { class: `end-control ${opts.className ?? ''}`.trim() },
      this.button,
      this.askGroup,
    );
  }

  /** The button's press (or the E key): the question, or the end at once when confirmations are off. */
  ask(): void {
    if (!this.confirm) return this.onEnd();
    this.button.hidden = true;
    this.askGroup.hidden = false;
    this.no.focus();
  }

  get asking(): boolean {
    return !this.askGroup.hidden;
  }

  /** Whether ending asks first (the facilitator's setting). */
  setConfirm(on: boolean): void {
    this.confirm = on;
    if (!on && this.asking) this.close();
  }

  private close(): void {
    this.askGroup.hidden = true;
    this.button.hidden = false;
    this.button.focus();
  }
}
