/**
 * The console for a drill on any model other than Skype (the Skype console, drill-screen.ts, keeps its
 * supernode map): the briefing, the model's own view (Facebook's web tier, cache and database cluster; any
 * other model's facts as a table), the chart of users served against normal, the feed, the model's levers
 * with its previews and lead times (gated by the seat's role), the orders waiting for their lead time, and at
 * the end the run against doing nothing, the record and par. Everything it prints about the model comes from
 * the host's `ready`, `snapshot`, `metrics` and `preview` messages, which carry the model's own words.
 */
import type { CascadeLever } from '../../../sim-core/src/drill/protocol';
import {
  compareCascadeRun,
  cascadePar,
  cascadeParWords,
  minutesTo90pctOf,
  recordRows,
  type ScoredScenario,
} from '../../../sim-core/src/scoring/cascade';
import type { DrillConnection } from '../host/connection';
import type {
  CascadeReadyMessage,
  CascadeSnapshotMessage,
  DrillMessage,
  PreviewMessage,
} from '../host/messages';
import { AdvancePump } from '../host/pump';
import { CascadeChart } from '../panels/cascade-chart';
import { el } from '../panels/dom';
import { Feed } from '../panels/feed';
import { formatGmtClock, scenarioInstant } from '../format/clock';
import { roleWords } from '../format/roles';
import { FacebookView, type FacebookViewParams } from '../views/facebook-view';
import { parseTimeline } from '../../../sim-core/src/timeline/schema';
import type { DrillProbe } from '../test-hook';
import '../styles/cascade.css';

export interface CascadeScreenDeps {
  readonly conn: DrillConnection;
  readonly ready: CascadeReadyMessage;
  /** The scenario as loaded (its model section, policies and timeline): the view's parameters, the scores. */
  readonly scenario: ScoredScenario & { id: string; title: string };
  readonly role: string;
  /** Slow down at the first monitoring alert, to the scenario's speed for it (URL `alertSlowdown=0`: no). */
  readonly slowOnAlert: boolean;
  /** The seat chose another role in the briefing (the app mounts the screen again with it). */
  readonly onRole: (role: string) => void;
  readonly onBack: () => void;
}

export interface CascadeScreen {
  probe(): DrillProbe;
  dispose(): void;
}

const PHASE_WORDS: Record<string, string> = {
  normal: 'Normal',
  degraded: 'Degraded',
  cascading: 'Cascading',
  collapsed: 'Collapsed',
  recovering: 'Recovering',
  restored: 'Restored',
};

const END_WORDS: Record<string, string> = {
  scenarioEnd: 'the scenario reached its end',
  fullRecovery: 'service has been back to normal long enough',
  facilitator: 'it was ended from the console',
};

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A host's reason with lever and argument names in the model's words, and role ids in plain words. */
export function cascadeReason(reason: string, levers: readonly CascadeLever[]): string {
  let t = reason;
  for (const l of levers) {
    t = t.replaceAll(`"${l.kind}"`, `“${l.title}”`).replace(new RegExp(`\\b${l.kind}\\b`, 'g'), l.title);
    for (const a of l.args ?? []) t = t.replace(new RegExp(`\\b${a.name}\\b`, 'g'), a.label);
  }
  return t.replace(/the (\w+) role/g, (_w, r: string) => `the ${roleWords(r).toLowerCase()} role`);
}

interface Card {
  lever: CascadeLever;
  root: HTMLElement;
  button: HTMLButtonElement;
  inputs: Map<string, HTMLInputElement>;
  preview: HTMLElement;
  result: HTMLElement;
  allowed: boolean;
  /** Arguments changed from the defaults: the snapshot's preview (at the defaults) no longer applies. */
  custom: boolean;
}

export function mountCascadeScreen(root: HTMLElement, deps: CascadeScreenDeps): CascadeScreen {
  const { conn, ready, scenario } = deps;
  const startEpochMs = Date.parse(ready.startIso);
  const clock = (minute: number) => formatGmtClock(scenarioInstant(startEpochMs, minute));
  const leverInfo = ready.levers
    .map((k) => ready.leverInfo.find((l) => l.kind === k))
    .filter((l): l is CascadeLever => l !== undefined);
  const allowed = new Set(ready.roles[deps.role] ?? []);
  /** The speed the first monitoring alert slows the drill to (the scenario's timeline; null: never). */
  const slowTo = deps.slowOnAlert
    ? parseTimeline((scenario as { timeline?: unknown }).timeline, ready.levers).slowDownOnFirstAlert
    : null;
  let session: string = 'briefing';
  let minute = 0;
  let phase = 'normal';
  let speed = ready.speeds.includes(60) ? 60 : ready.speeds[0]!;
  let online = 0;
  let stateHash = '';
  let lastSummary: CascadeSnapshotMessage['metrics'] = null;
  let ended = false;
  let disposed = false;
  let slowed = false;

  // Header and controls.
  const status = el('p', { class: 'cd-status', 'aria-live': 'polite' });
  const startBtn = el(
    'button',
    { type: 'button', class: 'primary', 'data-action': 'start' },
    'Start the drill',
  );
  const pauseBtn = el('button', { type: 'button', 'data-action': 'pause', hidden: '' }, 'Pause');
  const endBtn = el('button', { type: 'button', 'data-action': 'end', hidden: '' }, 'End drill');
  const speedSel = el(
    'select',
    { 'aria-label': 'Speed (simulated seconds per real second)', 'data-control': 'speed' },
    ...ready.speeds.map((s) => el('option', { value: String(s) }, `${s}×`)),
  ) as HTMLSelectElement;
  speedSel.value = String(speed);
  speedSel.addEventListener('change', () => {
    speed = Number(speedSel.value);
    pump.reset();
    conn.send({ v: 1, type: 'setSpeed', speed });
  });
  startBtn.addEventListener('click', () => conn.send({ v: 1, type: 'start' }));
  pauseBtn.addEventListener('click', () => {
    conn.send({ v: 1, type: session === 'running' ? 'pause' : 'resume' });
    pump.reset();
  });
  endBtn.addEventListener('click', () => conn.send({ v: 1, type: 'end' }));

  const roleSelect = el(
    'select',
    { 'aria-label': 'Your role', 'data-control': 'role' },
    ...Object.keys(ready.roles).map((r) => el('option', { value: r }, roleWords(r))),
  ) as HTMLSelectElement;
  roleSelect.value = deps.role;
  roleSelect.addEventListener('change', () => deps.onRole(roleSelect.value));
  const briefing = el(
    'section',
    { class: 'cd-briefing', 'aria-label': 'Briefing' },
    el('h2', {}, ready.briefing.title),
    el('p', {}, ready.briefing.text),
    el('label', {}, 'You play as ', roleSelect, ` (${[...allowed].length} of ${leverInfo.length} levers)`),
  );

  // The model's view.
  const fbView =
    ready.model === 'facebook' ? new FacebookView(scenario.model as unknown as FacebookViewParams) : null;
  const factCells = new Map<string, HTMLElement>();
  const factsTable = el(
    'table',
    { class: 'cd-facts', 'aria-label': 'The model this minute' },
    el(
      'tbody',
      {},
      ...ready.facts.map((f) => {
        const cell = el('td', {}, '–');
        factCells.set(f.name, cell);
        return el('tr', {}, el('th', { scope: 'row' }, capitalise(f.label)), cell);
      }),
    ),
  );
  const view = fbView ? fbView.element : el('section', { class: 'cd-generic' }, factsTable);
  const chart = new CascadeChart(ready.durationMinutes, ready.startMinuteOfDay);
  // The record, hidden until asked (it shows what the operators did and how it went).
  const recordBox = el('input', { type: 'checkbox', 'data-control': 'record' }) as HTMLInputElement;
  let record: ReturnType<typeof recordRows> | undefined;
  recordBox.addEventListener('change', () => {
    if (recordBox.checked && record === undefined)
      record = recordRows(scenario, ready.seed, ready.durationMinutes);
    chart.setRecord(recordBox.checked ? (record ?? null) : null);
  });
  const hasRecord = Object.hasOwn(scenario.policies, 'historical');
  if (hasRecord)
    chart.element.append(
      el(
        'label',
        { class: 'cc-toggle' },
        recordBox,
        " Show the record's response (the model playing what the operators did)",
      ),
    );
  const feed = new Feed(startEpochMs);
  const pendingList = el('ul', { class: 'cd-pending', 'aria-label': 'Orders waiting for their lead time' });
  const endPanel = el('section', { class: 'cd-end', hidden: '', 'aria-label': 'End of drill' });

  // Lever cards.
  const cards = new Map<string, Card>();
  const requests = new Map<string, string>();
  let reqSeq = 0;
  const argsOf = (c: Card): Record<string, number> =>
    Object.fromEntries([...c.inputs].map(([k, i]) => [k, Number(i.value)]));
  for (const l of leverInfo) {
    const inputs = new Map<string, HTMLInputElement>();
    const argEls = (l.args ?? []).map((a) => {
      const input = el('input', {
        type: 'number',
        min: String(a.min),
        max: String(a.max),
        step: 'any',
        value: String(a.default),
        'aria-label': `${capitalise(a.label)} (${a.unit})`,
      }) as HTMLInputElement;
      inputs.set(a.name, input);
      return el('label', { class: 'cd-arg' }, `${capitalise(a.label)} `, input, ` ${a.unit}`);
    });
    const button = el(
      'button',
      { type: 'button', class: 'cd-order', 'data-lever': l.kind },
      capitalise(l.title),
    );
    const card: Card = {
      lever: l,
      root: el('article', { class: 'cd-lever', 'data-lever': l.kind }),
      button,
      inputs,
      preview: el('div', { class: 'cd-preview', 'aria-live': 'polite' }),
      result: el('p', { class: 'cd-result', 'aria-live': 'polite' }),
      allowed: allowed.has(l.kind),
      custom: false,
    };
    card.root.append(
      button,
      el('p', { class: 'cd-effect' }, l.effect),
      el(
        'p',
        { class: 'muted' },
        `Takes ${l.leadMinutes === 0 ? 'effect at once' : `${l.leadMinutes} min`} · Cost: ${l.cost}${l.source === 'counterfactual' ? ' · A design the operators of the record did not have' : ''}`,
      ),
      ...argEls,
      card.preview,
      card.result,
    );
    if (!card.allowed) {
      card.root.classList.add('out-of-role');
      card.root.append(
        el(
          'p',
          { class: 'muted' },
          `Not your role's lever: ${roleWords(deps.role).toLowerCase()} may not order it.`,
        ),
      );
    }
    button.disabled = true;
    for (const input of inputs.values())
      input.addEventListener('input', () => {
        card.custom = true;
        const id = `p${++reqSeq}`;
        requests.set(id, l.kind);
        conn.send({ v: 1, type: 'preview', command: l.kind, args: argsOf(card), requestId: id });
      });
    button.addEventListener('click', () => {
      const id = `c${++reqSeq}`;
      requests.set(id, l.kind);
      conn.send({
        v: 1,
        type: 'command',
        role: deps.role,
        command: l.kind,
        args: argsOf(card),
        requestId: id,
      });
    });
    cards.set(l.kind, card);
  }
  const showPreview = (c: Card, p: PreviewMessage['preview']) => {
    const live = session === 'running' || session === 'paused';
    c.button.disabled = !c.allowed || !live || !p.ok;
    c.preview.replaceChildren(
      p.ok
        ? el(
            'p',
            { class: 'cd-when' },
            p.leadMinutes === 0
              ? 'Takes effect at once.'
              : `Takes effect at ${clock(p.takesEffectAtMinute)} (in ${p.leadMinutes} min).`,
          )
        : el('p', { class: 'cd-refusal' }, cascadeReason(p.refusal ?? 'Not possible now.', ready.leverInfo)),
      ...(p.ok ? [el('ul', {}, ...p.consequences.map((s) => el('li', {}, s)))] : []),
    );
  };

  const leversPanel = el(
    'section',
    { class: 'cd-levers', 'aria-label': 'Levers' },
    el('h2', {}, 'Levers'),
    ...[...cards.values()].map((c) => c.root),
    el('h2', {}, 'Waiting for their lead time'),
    pendingList,
  );

  root.replaceChildren(
    el(
      'main',
      { class: 'screen cd-screen', 'aria-label': `Drill: ${ready.title}` },
      el(
        'header',
        { class: 'cd-head' },
        el('h1', {}, ready.title),
        status,
        el('div', { class: 'actions' }, startBtn, pauseBtn, speedSel, endBtn),
      ),
      briefing,
      endPanel,
      el(
        'div',
        { class: 'cd-grid' },
        el('div', { class: 'cd-main' }, view, chart.element),
        leversPanel,
        feed.element,
      ),
    ),
  );

  const drawStatus = () => {
    status.textContent = `${clock(minute)} · ${PHASE_WORDS[phase] ?? phase} · ${session === 'briefing' ? 'not started' : session}${
      lastSummary
        ? ` · ${Math.round((lastSummary.online / Math.max(1, lastSummary.expectedOnline)) * 100)}% of the usual users served`
        : ''
    }`;
    startBtn.hidden = session !== 'briefing';
    pauseBtn.hidden = session !== 'running' && session !== 'paused';
    pauseBtn.textContent = session === 'paused' ? 'Resume' : 'Pause';
    endBtn.hidden = session === 'briefing' || session === 'ended';
    briefing.hidden = session !== 'briefing';
  };

  const onSnapshot = (m: CascadeSnapshotMessage) => {
    minute = m.minute;
    session = m.session;
    phase = m.phase;
    if (m.stateHash) stateHash = m.stateHash;
    if (m.metrics) {
      lastSummary = m.metrics;
      online = m.metrics.online;
      fbView?.update(m.metrics);
      for (const [k, cell] of factCells) {
        const v = m.metrics[k];
        cell.textContent =
          typeof v === 'boolean'
            ? v
              ? 'yes'
              : 'no'
            : typeof v === 'number'
              ? v.toLocaleString('en-US')
              : '–';
      }
    }
    for (const p of m.previews) {
      const c = cards.get(p.command);
      if (c && !c.custom) showPreview(c, p.preview);
    }
    pendingList.replaceChildren(
      ...m.pending.map((p) => {
        const title = ready.leverInfo.find((l) => l.kind === p.command)?.title ?? p.command;
        return el(
          'li',
          {},
          `${capitalise(title)}: takes effect at ${clock(p.takesEffectAtMinute)} (in ${p.minutesLeft} min)`,
        );
      }),
    );
    if (m.pending.length === 0)
      pendingList.append(el('li', { class: 'muted' }, 'Nothing ordered is waiting.'));
    pump.settled();
    drawStatus();
  };

  const showEnd = (reason: string | null) => {
    if (ended) return;
    ended = true;
    for (const c of cards.values()) c.button.disabled = true;
    const back = el('button', { type: 'button', 'data-action': 'back' }, 'Back to scenarios');
    back.addEventListener('click', deps.onBack);
    const scores = el(
      'div',
      { class: 'cd-scores', 'aria-live': 'polite' },
      el('p', {}, 'Comparing your run with doing nothing, the record and par…'),
    );
    endPanel.replaceChildren(
      el('h2', {}, 'The drill has ended'),
      el('p', {}, `It ended at ${clock(minute)}: ${END_WORDS[reason ?? ''] ?? 'it ended'}.`),
      scores,
      back,
    );
    endPanel.hidden = false;
    endPanel.scrollIntoView?.({ block: 'start' });
    // The comparison runs the model a few times (milliseconds each); par a few hundred times: after a paint.
    window.setTimeout(() => {
      if (disposed || !lastSummary) return;
      const you = {
        userMinutesLost: lastSummary.userMinutesLost,
        stateHash,
        triggerAtMinute: ready.triggerMinute,
        minutesTo90pct: recovery(),
      };
      const played = Math.max(1, minute);
      const c = compareCascadeRun(scenario, ready.seed, played, you);
      const par = cascadePar(scenario, ready.seed, { minutes: played });
      scores.replaceChildren(
        ...c.words.map((w) => el('p', {}, w)),
        el(
          'p',
          {},
          cascadeParWords(par, ready.leverInfo, (m) => `at ${clock(m)}`),
        ),
      );
    }, 50);
  };

  // Minutes after the trigger until the chart's users served are back to 90% of normal (common summary rule).
  const ratios: number[] = [];
  const recovery = (): number | null => minutesTo90pctOf(ratios.slice(ready.triggerMinute));

  const onMessage = (m: DrillMessage) => {
    switch (m.type) {
      case 'snapshot':
        if (m.view === 'cascade') onSnapshot(m);
        return;
      case 'metrics':
        if (m.view !== 'cascade') return;
        chart.addRows(m.rows);
        for (const r of m.rows) ratios[r.minute] = r.expectedOnline > 0 ? r.online / r.expectedOnline : 1;
        return;
      case 'preview': {
        const c = m.requestId ? cards.get(requests.get(m.requestId) ?? '') : undefined;
        if (c) showPreview(c, m.preview);
        return;
      }
      case 'inject':
        feed.add({ channel: m.channel, minute: m.atMinute, from: m.from, text: m.text });
        if (!m.manual && m.channel === 'monitoring' && slowTo !== null && speed > slowTo && !slowed) {
          // The first monitoring alert slows the drill so the team has real minutes to decide.
          slowed = true;
          speed = slowTo;
          speedSel.value = String(slowTo);
          pump.reset();
          conn.send({ v: 1, type: 'setSpeed', speed });
        }
        return;
      case 'phase':
        phase = m.phase;
        feed.add({
          channel: 'operations',
          minute: m.atMinute,
          from: 'Drill',
          text: `Phase: ${PHASE_WORDS[m.phase] ?? m.phase}.`,
        });
        drawStatus();
        return;
      case 'commandResult': {
        const kind = m.requestId ? requests.get(m.requestId) : undefined;
        const c = kind ? cards.get(kind) : undefined;
        if (!c) return;
        const title = capitalise(c.lever.title);
        if (m.ok) {
          const when =
            m.takesEffectAtMinute === null || m.takesEffectAtMinute === m.atMinute
              ? 'at once'
              : `at ${clock(m.takesEffectAtMinute)}`;
          c.result.textContent = `Ordered at ${clock(m.atMinute)}; takes effect ${when}.`;
          c.result.className = 'cd-result ok';
          feed.add({
            channel: 'operations',
            minute: m.atMinute,
            from: roleWords(deps.role),
            text: `Ordered: ${title}; takes effect ${when}.`,
          });
          conn.send({ v: 1, type: 'snapshot' });
        } else {
          const reason = cascadeReason(m.reason, ready.leverInfo);
          c.result.textContent = `Refused: ${reason}`;
          c.result.className = 'cd-result refused';
          feed.add({
            channel: 'operations',
            minute: m.atMinute,
            from: 'Drill',
            text: `${title} refused: ${reason}`,
            alert: true,
          });
        }
        return;
      }
      case 'session':
        session = m.state;
        pump.settled();
        drawStatus();
        if (m.state === 'ended') {
          conn.send({ v: 1, type: 'snapshot' });
          showEnd(m.endReason);
        }
        return;
      case 'error':
        feed.add({ channel: 'operations', minute, from: 'Drill', text: m.message, alert: true });
        return;
      default:
        return;
    }
  };
  const pump = new AdvancePump();
  const unsub = conn.subscribe(onMessage);
  drawStatus();

  let last = performance.now();
  let raf = 0;
  const loop = (now: number) => {
    const dt = now - last;
    last = now;
    const realMs = pump.frame(dt, speed, session === 'running', now);
    if (realMs !== null) conn.send({ v: 1, type: 'advance', realMs });
    raf = requestAnimationFrame(loop);
  };
  raf = requestAnimationFrame(loop);

  return {
    probe: () => ({ phase, simMinute: minute, online, supernodesAlive: 0, stateHash, ended }),
    dispose() {
      disposed = true;
      cancelAnimationFrame(raf);
      unsub();
    },
  };
}
