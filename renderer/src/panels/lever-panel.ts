/**
 * The levers as HTML controls: one card per lever with its parameters, a live preview of lead time and cost
 * (recomputed as the inputs change and as the network changes), the key that pulls it, and the host's
 * answer: when it takes effect, or the reason it was refused. The button's accessible name is exactly the
 * lever's label; the key hint is aria-hidden and announced through aria-keyshortcuts instead.
 *
 * Levers outside the seat's role are shown out of reach (disabled, with who may pull them). A lever whose
 * preview costs money asks first: an inline confirmation with the cost, focused, so Enter (or Space)
 * confirms and Escape cancels; the facilitator can switch confirmations off.
 */
import type { LeverName } from '../../../sim-core/src/levers/index';
import type { ModelParams } from '../../../sim-core/src/drill/view-codes';
import { formatGmtClock, scenarioInstant } from '../format/clock';
import { plainReason } from '../format/plain-words';
import { el } from './dom';
import {
  leverArgs,
  leverSpecs,
  previewLever,
  type LeverPreview,
  type LeverSpec,
  type LiveFacts,
} from './lever-model';

/** Sends a lever command; returns the request id the host will echo in its commandResult. */
export type PullLever = (lever: LeverName, args: Record<string, unknown>) => string;

interface Card {
  readonly spec: LeverSpec;
  readonly button: HTMLButtonElement;
  readonly inputs: Map<string, HTMLInputElement | HTMLSelectElement>;
  /** The preview line: "Lead … · Cost …", or "Would be refused: <reason>". */
  readonly preview: HTMLElement;
  /** What this lever already has ordered or in force, and its cost so far. */
  readonly standing: HTMLElement;
  readonly warn: HTMLElement;
  /** What it will do in the trainee's terms (sim-core's sentences), and what is left to order. */
  readonly says: HTMLElement;
  readonly result: HTMLElement;
  readonly ask: HTMLElement;
  readonly askText: HTMLElement;
  readonly askYes: HTMLButtonElement;
  readonly allowed: boolean;
  shown: string;
  /** The cost as last previewed ('' before the first preview). */
  costText: string;
}

/** Who sits at this console: its role, and every role's levers (to say who may pull the others). */
export interface LeverSeat {
  readonly allowed: readonly string[];
  readonly roleWords: string;
  readonly others?: Readonly<Record<string, readonly string[]>>;
  readonly roleLabel?: (role: string) => string;
}

/** What a card shows from a preview: the refusal in place of lead and cost, or the order's words. */
export function cardView(p: LeverPreview): {
  readonly refused: string | null;
  readonly standing: readonly string[];
  readonly warnings: readonly string[];
  readonly says: readonly string[];
} {
  return {
    refused: p.refusal,
    standing: p.standing,
    // A refused order would do nothing: no consequences, warnings or room (sim-core leaves them empty).
    warnings: p.refusal !== null ? [] : p.warnings,
    says: p.refusal !== null ? [] : [...p.consequences, ...(p.room !== null ? [p.room] : [])],
  };
}

/**
 * The host's acceptance, in words that stay true as the drill runs on (no countdown: the card's standing lines
 * and the pending list count down): "Accepted at 23:41 GMT; takes effect at Thu 23 Dec 00:11 GMT."
 */
export function acceptedWords(
  startEpochMs: number,
  atMinute: number,
  takesEffectAtMinute: number | null,
  servingLeadMinutes = 0,
): string {
  const clock = (m: number) => formatGmtClock(scenarioInstant(startEpochMs, m));
  const at = takesEffectAtMinute ?? atMinute;
  // Dedicated supernodes: the servers are reserved when the order takes effect; they serve after provisioning.
  if (servingLeadMinutes > 0)
    return `Accepted at ${clock(atMinute)}; servers reserved ${at > atMinute ? `at ${clock(at)}` : 'at once'}, serving from ${clock(at + servingLeadMinutes)}.`;
  return at > atMinute
    ? `Accepted at ${clock(atMinute)}; takes effect at ${clock(at)}.`
    : `Accepted at ${clock(atMinute)}; in effect at once.`;
}

/** Whether a previewed cost spends money (previews of free levers start with "no money"). */
export function costsMoney(cost: string): boolean {
  return cost.trim() !== '' && !/^no money/i.test(cost.trim());
}

export class LeverPanel {
  readonly element: HTMLElement;
  private readonly cards = new Map<LeverName, Card>();
  private readonly requests = new Map<string, LeverName>();
  private live: LiveFacts | null = null;
  private confirm = true;

  constructor(
    private readonly params: ModelParams,
    private readonly startEpochMs: number,
    private readonly pull: PullLever,
    available: readonly string[],
    private readonly seat: LeverSeat = { allowed: leverSpecs(params).map((l) => l.name), roleWords: '' },
  ) {
    const cards = leverSpecs(params)
      .filter((s) => available.includes(s.name))
      .map((s) => this.card(s));
    this.element = el(
      'section',
      { class: 'levers', 'aria-label': 'Levers' },
      el('h2', {}, 'Levers'),
      ...cards,
    );
  }

  private card(spec: LeverSpec): HTMLElement {
    const id = `lever-${spec.name}`;
    const button = el(
      'button',
      {
        type: 'button',
        class: 'lever-button',
        title: spec.effect,
        'aria-keyshortcuts': spec.key.toUpperCase(),
        'aria-describedby': `${id}-preview ${id}-says`,
      },
      spec.label,
      el('kbd', { 'aria-hidden': 'true' }, spec.key.toUpperCase()),
    );
    const inputs = new Map<string, HTMLInputElement | HTMLSelectElement>();
    const fields = spec.params.map((p) => {
      const fid = `${id}-${p.name}`;
      let input: HTMLInputElement | HTMLSelectElement;
      if (p.kind === 'number') {
        input = el('input', {
          id: fid,
          type: 'number',
          min: String(p.min),
          max: String(p.max),
          step: String(p.step),
          value: String(p.value),
          inputmode: 'decimal',
        });
      } else {
        input = el('select', { id: fid }, ...p.options.map((o) => el('option', { value: o.value }, o.label)));
        input.value = p.value;
      }
      input.addEventListener('input', () => this.refresh(spec.name));
      inputs.set(p.name, input);
      return el(
        'span',
        { class: 'param' },
        el('label', { for: fid }, p.label),
        input,
        p.kind === 'number' && p.unit ? el('span', { class: 'unit' }, p.unit) : '',
      );
    });
    const preview = el('p', { class: 'preview', id: `${id}-preview` });
    const standing = el('ul', {
      class: 'lever-standing',
      'aria-label': `${spec.label}: ordered and in force`,
    });
    const warn = el('p', { class: 'lever-warn', hidden: '' });
    const says = el('ul', { class: 'lever-says', id: `${id}-says` });
    const result = el('p', { class: 'lever-result', role: 'status' });
    const allowed = this.seat.allowed.includes(spec.name);
    const askText = el('span', {});
    const askYes = el('button', { type: 'button', class: 'primary' }, 'Confirm');
    const askNo = el('button', { type: 'button' }, 'Cancel');
    const ask = el(
      'div',
      { class: 'confirm', role: 'group', 'aria-label': `Confirm ${spec.label}`, hidden: '' },
      askText,
      askYes,
      askNo,
    );
    const c: Card = {
      spec,
      button,
      inputs,
      preview,
      standing,
      warn,
      says,
      result,
      ask,
      askText,
      askYes,
      allowed,
      shown: '',
      costText: '',
    };
    this.cards.set(spec.name, c);
    button.addEventListener('click', () => this.fire(spec.name));
    askYes.addEventListener('click', () => this.send(c));
    askNo.addEventListener('click', () => this.cancelAsk(c, true));
    ask.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        this.cancelAsk(c, true);
      }
    });
    let reach: HTMLElement | string = '';
    if (!allowed) {
      button.disabled = true;
      for (const i of inputs.values()) i.disabled = true;
      const who = Object.entries(this.seat.others ?? {})
        .filter(([, ls]) => ls.includes(spec.name))
        .map(([r]) => this.seat.roleLabel?.(r) ?? r);
      reach = el(
        'p',
        { class: 'lever-reach' },
        `Not for the ${this.seat.roleWords.toLowerCase()} role${who.length > 0 ? `: ask ${who.join(' or ')}` : ''}.`,
      );
    }
    const card = el(
      'div',
      { class: `lever${allowed ? '' : ' out-of-role'}`, 'data-lever': spec.name },
      el('div', { class: 'lever-head' }, button),
      reach,
      standing,
      fields.length > 0 ? el('div', { class: 'params' }, ...fields) : '',
      preview,
      says,
      warn,
      ask,
      result,
    );
    this.refresh(spec.name);
    return card;
  }

  private values(c: Card): Record<string, string> {
    const v: Record<string, string> = {};
    for (const [k, input] of c.inputs) v[k] = input.value;
    return v;
  }

  private refresh(name: LeverName): void {
    const c = this.cards.get(name);
    if (!c) return;
    const p = previewLever(c.spec, leverArgs(c.spec, this.values(c)), this.params, this.live);
    const v = cardView(p);
    const key = JSON.stringify(v);
    if (key === c.shown) return;
    c.shown = key;
    c.costText = v.refused ? '' : p.cost;
    if (v.refused !== null)
      c.preview.replaceChildren(el('span', { class: 'refused' }, `Would be refused: ${v.refused}`));
    else
      c.preview.replaceChildren(
        el('span', { class: 'k' }, v.standing.length > 0 ? 'Another order: lead ' : 'Lead '),
        el('span', { class: 'lead' }, p.lead),
        el('span', { class: 'k' }, ' · Cost '),
        el('span', { class: 'cost' }, p.cost),
      );
    c.preview.classList.toggle('refused', v.refused !== null);
    c.standing.replaceChildren(...v.standing.map((t) => el('li', {}, t)));
    c.standing.hidden = v.standing.length === 0;
    c.warn.textContent = v.warnings.join(' ');
    c.warn.hidden = v.warnings.length === 0;
    c.says.replaceChildren(...v.says.map((t) => el('li', {}, t)));
  }

  /** New live facts (after a snapshot): previews that depend on the network follow it. */
  setLive(live: LiveFacts | null): void {
    this.live = live;
    for (const name of this.cards.keys()) this.refresh(name);
  }

  /** Whether levers that spend money ask first (the facilitator's setting). */
  setConfirm(on: boolean): void {
    this.confirm = on;
    if (!on) for (const c of this.cards.values()) this.cancelAsk(c, false);
  }

  /**
   * Pulls a lever with the parameters in its form (button click or its key): at once, or after the inline
   * confirmation when it spends money. A lever outside the role says so instead.
   */
  fire(name: LeverName): void {
    const c = this.cards.get(name);
    if (!c) return;
    if (!c.allowed) {
      c.result.className = 'lever-result refused';
      c.result.textContent = `Not for the ${this.seat.roleWords.toLowerCase()} role.`;
      return;
    }
    if (this.confirm && costsMoney(c.costText)) {
      c.askText.textContent = `${c.spec.label}: ${c.costText}. Go ahead? `;
      c.ask.hidden = false;
      c.askYes.focus();
      return;
    }
    this.send(c);
  }

  private cancelAsk(c: Card, refocus: boolean): void {
    if (c.ask.hidden) return;
    c.ask.hidden = true;
    if (refocus) c.button.focus();
  }

  private send(c: Card): void {
    this.cancelAsk(c, c.ask.contains(document.activeElement));
    const name = c.spec.name;
    const id = this.pull(name, leverArgs(c.spec, this.values(c)));
    this.requests.set(id, name);
    c.result.className = 'lever-result';
    c.result.textContent = 'Sent…';
  }

  /** The host's answer to a lever command. Returns the lever it was for, if it was one of ours. */
  result(
    r:
      | { requestId: string | null; ok: true; atMinute: number; takesEffectAtMinute: number | null }
      | { requestId: string | null; ok: false; reason: string },
  ): LeverName | null {
    const name = r.requestId ? this.requests.get(r.requestId) : undefined;
    if (!name) return null;
    this.requests.delete(r.requestId!);
    const c = this.cards.get(name)!;
    if (r.ok) {
      c.result.className = 'lever-result ok';
      c.result.textContent = acceptedWords(
        this.startEpochMs,
        r.atMinute,
        r.takesEffectAtMinute,
        name === 'spinUpSupernodes' ? this.params.dedicated.leadMinutes : 0,
      );
    } else {
      c.result.className = 'lever-result refused';
      c.result.textContent = `Refused: ${plainReason(
        r.reason,
        (n) => leverSpecs(this.params).find((l) => l.name === n)?.label ?? n,
        (role) => this.seat.roleLabel?.(role) ?? role,
      )}`;
    }
    return name;
  }

  button(name: LeverName): HTMLButtonElement | undefined {
    return this.cards.get(name)?.button;
  }
}
