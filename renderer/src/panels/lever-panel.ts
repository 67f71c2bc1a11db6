/**
 * The levers as HTML controls: one card per lever with its parameters, a live preview of lead time and cost
 * (recomputed as the inputs change and as the network changes), the key that pulls it, and the host's
 * answer: when it takes effect, or the reason it was refused. The button's accessible name is exactly the
 * lever's label; the key hint is aria-hidden and announced through aria-keyshortcuts instead.
 */
import type { LeverName } from '../../../sim-core/src/levers/index';
import type { ModelParams } from '../../../sim-core/src/model/index';
import { formatGmtClock, scenarioInstant } from '../format/clock';
import { formatMinutes } from '../format/numbers';
import { el } from './dom';
import { leverArgs, leverSpecs, previewLever, type LeverSpec, type LiveFacts } from './lever-model';

/** Sends a lever command; returns the request id the host will echo in its commandResult. */
export type PullLever = (lever: LeverName, args: Record<string, unknown>) => string;

interface Card {
  readonly spec: LeverSpec;
  readonly button: HTMLButtonElement;
  readonly inputs: Map<string, HTMLInputElement | HTMLSelectElement>;
  readonly lead: HTMLElement;
  readonly cost: HTMLElement;
  readonly warn: HTMLElement;
  readonly result: HTMLElement;
  shown: string;
}

export class LeverPanel {
  readonly element: HTMLElement;
  private readonly cards = new Map<LeverName, Card>();
  private readonly requests = new Map<string, LeverName>();
  private live: LiveFacts | null = null;

  constructor(
    private readonly params: ModelParams,
    private readonly startEpochMs: number,
    private readonly pull: PullLever,
    available: readonly string[],
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
        'aria-describedby': `${id}-preview`,
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
    const lead = el('span', { class: 'lead' });
    const cost = el('span', { class: 'cost' });
    const warn = el('p', { class: 'lever-warn', hidden: '' });
    const result = el('p', { class: 'lever-result', role: 'status' });
    const c: Card = { spec, button, inputs, lead, cost, warn, result, shown: '' };
    this.cards.set(spec.name, c);
    button.addEventListener('click', () => this.fire(spec.name));
    const card = el(
      'div',
      { class: 'lever', 'data-lever': spec.name },
      el('div', { class: 'lever-head' }, button),
      fields.length > 0 ? el('div', { class: 'params' }, ...fields) : '',
      el(
        'p',
        { class: 'preview', id: `${id}-preview` },
        el('span', { class: 'k' }, 'Lead '),
        lead,
        el('span', { class: 'k' }, ' · Cost '),
        cost,
      ),
      warn,
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
    const key = `${p.lead}|${p.cost}|${p.warning ?? ''}`;
    if (key === c.shown) return;
    c.shown = key;
    c.lead.textContent = p.lead;
    c.cost.textContent = p.cost;
    c.warn.textContent = p.warning ?? '';
    c.warn.hidden = p.warning === null;
  }

  /** New live facts (after a snapshot): previews that depend on the network follow it. */
  setLive(live: LiveFacts | null): void {
    this.live = live;
    for (const name of this.cards.keys()) this.refresh(name);
  }

  /** Pulls a lever with the parameters in its form (button click or its key). */
  fire(name: LeverName): void {
    const c = this.cards.get(name);
    if (!c) return;
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
      const at = r.takesEffectAtMinute ?? r.atMinute;
      c.result.className = 'lever-result ok';
      c.result.textContent = `Accepted: takes effect ${at > r.atMinute ? `in ${formatMinutes(at - r.atMinute)}, ` : ''}at ${formatGmtClock(scenarioInstant(this.startEpochMs, at))}.`;
    } else {
      c.result.className = 'lever-result refused';
      c.result.textContent = `Refused: ${r.reason}`;
    }
    return name;
  }

  button(name: LeverName): HTMLButtonElement | undefined {
    return this.cards.get(name)?.button;
  }
}
