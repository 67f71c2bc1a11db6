/**
 * The operator console's state as a pure reducer: a message from the drill host (or a local intent of the
 * screen) goes in, the next view state and a list of effects come out. Everything the console *says* is
 * decided here, from the same facts as the numbers beside it, so the sentences are unit-tested
 * (console-state.test.ts); the screen (drill-screen.ts) only draws the state and applies the effects to its
 * panels (feed, charts, levers, facilitator drawer) and to the connection.
 *
 * Drawing the map from a snapshot's typed arrays is not state: the screen hands those to the view directly.
 */
import type { DrillMessage } from '../host/messages';
import { formatGmtClock, scenarioInstant } from '../format/clock';
import type { FeedItem } from '../panels/feed';
import type { CommandResultMessage } from '../host/messages';
import { plainReason } from '../format/plain-words';

/** What the reducer needs to know about the drill (fixed for one drill). */
export interface ConsoleConfig {
  readonly startEpochMs: number;
  readonly durationMinutes: number;
  /** The first minute anything can go wrong (the lowest point is only counted from here). */
  readonly triggerMinute: number;
  /** The seat's role id (sent with every command) and the words shown for it. */
  readonly role: string;
  readonly roleLabel: string;
  /** Any role id in words ("networkOps" -> "Network ops"). */
  readonly roleWords: (role: string) => string;
  readonly speeds: readonly number[];
  /** The speed a drill starts at (the scenario's recommended speed). */
  readonly initialSpeed: number;
  /** A lever's label for people ("Force update"); unknown names come back unchanged. */
  readonly leverLabel: (command: string) => string;
  /**
   * Minutes after a lever "takes effect" until the trainee sees the effect (the dedicated supernodes'
   * provisioning after their servers are reserved); 0 for most levers.
   */
  readonly servingLeadMinutes: (command: string) => number;
  /** A resumed drill: how many logged commands its replay carries. */
  readonly resume: { readonly entries: number } | null;
  /** Slow down to this speed when the first monitoring alert fires (null: never). */
  readonly alertSpeed: number | null;
  /** Online/normal at or above which the network counts as restored (the phase threshold). */
  readonly restoredRatio: number;
}

export type SessionView = 'briefing' | 'running' | 'paused' | 'ended';

/** A decision or refusal, keyed per command result so a tape replayed after a seek counts once. */
interface Keyed {
  readonly minute: number;
  readonly key: string;
}

export interface ConsoleState {
  readonly session: SessionView;
  /** The incident phase as the host reports it, or 'error'. */
  readonly phase: string;
  /** The latest snapshot's minute. */
  readonly minute: number;
  readonly speed: number;
  /** Incremented when the console asks for a speed; a snapshot's speed is only adopted when no ask is in flight. */
  readonly speedEpoch: number;
  readonly advanceEpoch: number;
  /** Headline figures of the latest snapshot (null before the first tick). */
  readonly stats: {
    readonly online: number;
    readonly expectedOnline: number;
    readonly supernodesAlive: number;
    readonly costUsd: number;
    readonly userMinutesLost: number;
  } | null;
  readonly phases: readonly { readonly phase: string; readonly atMinute: number }[];
  readonly decisions: readonly (Keyed & { readonly label: string })[];
  readonly refusals: readonly Keyed[];
  readonly bookmarks: readonly { readonly minute: number; readonly note: string }[];
  /** Online/normal per simulated minute (NaN: not seen on this branch). */
  readonly ratios: readonly number[];
  readonly onlines: readonly number[];
  /** The latest minute reached on this branch (the scrubber's end). */
  readonly reached: number;
  /** Minute asked of the scrubber, while the host has not answered. */
  readonly seeking: number | null;
  /** Minute the last seek landed on: "Play from here" is live until the drill moves on. */
  readonly seekedAt: number | null;
  /** Waiting for a resumed drill's replay to land. */
  readonly replaying: boolean;
  readonly ended: { readonly atMinute: number; readonly reason: string | null } | null;
  readonly seekNote: string;
  readonly alert: string | null;
  /** Minute of the first monitoring alert fired by its trigger (null: none yet). */
  readonly firstAlertMinute: number | null;
  /** The facilitator's setting: slow down automatically on the first alert. */
  readonly slowOnAlert: boolean;
  /** Cancellations sent and not yet answered: request id -> the order in words. */
  readonly cancels: Readonly<Record<string, string>>;
}

/** Local intents of the screen that change what it shows. */
export type ConsoleIntent =
  | { readonly type: 'local.speed'; readonly speed: number }
  | { readonly type: 'local.advance' }
  | { readonly type: 'local.seek'; readonly minute: number }
  | { readonly type: 'local.slowOnAlert'; readonly on: boolean }
  /** A Cancel button sent `cancelOrder` for this order (so the answer can name it). */
  | { readonly type: 'local.cancelAsked'; readonly requestId: string; readonly what: string };

export type ConsoleInput = DrillMessage | ConsoleIntent;

/** What the screen must do after a message, besides redrawing the state. */
export type ConsoleEffect =
  | { readonly kind: 'feed'; readonly item: FeedItem }
  | {
      readonly kind: 'marker';
      readonly minute: number;
      readonly label: string;
      readonly marker: 'decision' | 'bookmark';
    }
  | { readonly kind: 'rows'; readonly message: Extract<DrillMessage, { type: 'metrics' }> }
  | { readonly kind: 'truncateCharts'; readonly minute: number }
  | { readonly kind: 'leverResult'; readonly message: CommandResultMessage }
  | { readonly kind: 'injectFired'; readonly id: string }
  | { readonly kind: 'ended' }
  /** Ask the host for this speed (the console's own decision, e.g. the slow-down on the first alert). */
  | { readonly kind: 'setSpeed'; readonly speed: number };

export interface ConsoleStep {
  readonly state: ConsoleState;
  readonly effects: readonly ConsoleEffect[];
}

export function initialConsoleState(cfg: ConsoleConfig, resuming: boolean): ConsoleState {
  const speed = cfg.speeds.includes(cfg.initialSpeed) ? cfg.initialSpeed : (cfg.speeds[0] ?? 60);
  return {
    session: 'briefing',
    phase: 'normal',
    minute: 0,
    speed,
    speedEpoch: 0,
    advanceEpoch: 0,
    stats: null,
    phases: [{ phase: 'normal', atMinute: 0 }],
    decisions: [],
    refusals: [],
    bookmarks: [],
    ratios: [],
    onlines: [],
    reached: 0,
    seeking: null,
    seekedAt: null,
    replaying: resuming,
    ended: null,
    seekNote: '',
    alert: null,
    firstAlertMinute: null,
    slowOnAlert: cfg.alertSpeed !== null,
    cancels: {},
  };
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** The lowest online point from the trigger on (null before any). */
export function lowestOnline(
  s: Pick<ConsoleState, 'ratios' | 'onlines'>,
  triggerMinute: number,
): { online: number; ratio: number; minute: number } | null {
  let best: { online: number; ratio: number; minute: number } | null = null;
  for (let m = triggerMinute; m < s.ratios.length; m++) {
    const r = s.ratios[m];
    if (r === undefined || Number.isNaN(r)) continue;
    if (!best || r < best.ratio) best = { online: s.onlines[m] ?? 0, ratio: r, minute: m };
  }
  return best;
}

/** Words for the phase badge: the host's phase, qualified when the numbers beside it say otherwise. */
export function phaseWords(
  s: Pick<ConsoleState, 'phase' | 'ratios' | 'minute'>,
  restoredRatio: number,
): string {
  const p = s.phase;
  if (p !== 'restored' && p !== 'recovering') return p;
  const now = latestRatio(s.ratios, s.minute);
  const before = latestRatio(s.ratios, s.minute - 30);
  if (now === null) return p;
  if (before !== null && now < before - 0.03) return `${p}, but online is falling again`;
  if (p === 'restored' && now < restoredRatio)
    return `${p} earlier; online is below ${Math.round(restoredRatio * 100)}% of normal now`;
  return p;
}

function latestRatio(ratios: readonly number[], atOrBefore: number): number | null {
  for (let m = Math.min(atOrBefore, ratios.length - 1); m >= 0 && m > atOrBefore - 5; m--) {
    const r = ratios[m];
    if (r !== undefined && !Number.isNaN(r)) return r;
  }
  return null;
}

/**
 * The footer's note when this machine cannot keep the chosen speed, or '' when it can (or when too little time
 * has passed to tell: at least two real seconds and three simulated minutes' worth at the chosen speed). The
 * simulated clock moves in whole minutes, so a window can miss up to one minute: only a rate too slow even
 * with that minute counted is reported.
 */
export function slowMachineNote(speed: number, simMinutes: number, realMs: number): string {
  const needMs = Math.max(2000, (3 * 60_000) / speed);
  if (realMs < needMs) return '';
  const seconds = realMs / 1000;
  if (((simMinutes + 1) * 60) / seconds >= speed * 0.8) return '';
  const eff = (simMinutes * 60) / seconds;
  const shown = eff >= 10 ? Math.round(eff) : Math.round(eff * 10) / 10;
  return `Running at about ${shown}× (this machine cannot keep ${speed}×)`;
}

/** Step the console state by one message or intent. Pure: same inputs, same outputs. */
export function reduceConsole(s: ConsoleState, input: ConsoleInput, cfg: ConsoleConfig): ConsoleStep {
  const clock = (m: number): string => formatGmtClock(scenarioInstant(cfg.startEpochMs, m));
  const fx: ConsoleEffect[] = [];
  const ops = (minute: number, from: string, text: string, alert = false): void => {
    fx.push({
      kind: 'feed',
      item: { channel: 'operations', minute, from, text, ...(alert ? { alert } : {}) },
    });
  };
  switch (input.type) {
    case 'local.speed':
      if (!cfg.speeds.includes(input.speed)) return { state: s, effects: fx };
      return { state: { ...s, speed: input.speed, speedEpoch: s.speedEpoch + 1 }, effects: fx };
    case 'local.advance':
      return { state: { ...s, advanceEpoch: s.speedEpoch }, effects: fx };
    case 'local.seek':
      if (s.session !== 'running' && s.session !== 'paused') return { state: s, effects: fx };
      if (input.minute === s.minute) return { state: s, effects: fx };
      return {
        state: { ...s, seeking: input.minute, seekNote: `Going to ${clock(input.minute)}…` },
        effects: fx,
      };
    case 'local.slowOnAlert':
      return { state: { ...s, slowOnAlert: input.on }, effects: fx };
    case 'local.cancelAsked':
      return { state: { ...s, cancels: { ...s.cancels, [input.requestId]: input.what } }, effects: fx };
    case 'snapshot': {
      const m = input;
      let next: ConsoleState = { ...s, minute: m.minute, session: m.session };
      if (s.phase !== 'error') next = { ...next, phase: m.phase };
      if (s.advanceEpoch === s.speedEpoch && m.speed !== s.speed && cfg.speeds.includes(m.speed))
        next = { ...next, speed: m.speed };
      if (m.minute > s.reached) next = { ...next, reached: m.minute };
      if (s.seekedAt !== null && m.minute !== s.seekedAt) next = { ...next, seekedAt: null };
      const met = m.metrics;
      next = {
        ...next,
        stats: met
          ? {
              online: met.online,
              expectedOnline: met.expectedOnline,
              // The Skype model's supernodes and spending; another model has neither (0).
              supernodesAlive: m.view === 'supernodes' ? (m.metrics?.supernodesAlive ?? 0) : 0,
              costUsd: m.view === 'supernodes' ? (m.metrics?.costUsd ?? 0) : 0,
              userMinutesLost: met.userMinutesLost,
            }
          : null,
      };
      if (s.replaying && cfg.resume && m.session !== 'running') {
        const resumedAt = clock(m.minute);
        next = {
          ...next,
          replaying: false,
          seekNote:
            m.session === 'paused'
              ? `Resumed at ${resumedAt} from the autosave: press Resume (or Space) to play on.`
              : `The saved drill had already ended at ${resumedAt}.`,
        };
        ops(
          m.minute,
          'Session',
          `Drill resumed from its autosave at ${resumedAt} (${plural(cfg.resume.entries, 'logged command')} replayed).`,
        );
      }
      return { state: next, effects: fx };
    }
    case 'metrics': {
      fx.push({ kind: 'rows', message: input });
      const ratios = [...s.ratios];
      const onlines = [...s.onlines];
      for (const r of input.rows) {
        if (r.minute < 0 || r.minute > cfg.durationMinutes) continue;
        while (ratios.length < r.minute) {
          ratios.push(Number.NaN);
          onlines.push(Number.NaN);
        }
        ratios[r.minute] = r.expectedOnline > 0 ? r.online / r.expectedOnline : 1;
        onlines[r.minute] = r.online;
      }
      return { state: { ...s, ratios, onlines }, effects: fx };
    }
    case 'phase': {
      ops(
        input.atMinute,
        'Incident phase',
        `The incident is now ${input.phase}.`,
        input.phase === 'cascading' || input.phase === 'collapsed',
      );
      const phase = s.phase === 'error' ? s.phase : input.phase;
      return {
        state: { ...s, phase, phases: [...s.phases, { phase: input.phase, atMinute: input.atMinute }] },
        effects: fx,
      };
    }
    case 'inject': {
      fx.push({
        kind: 'feed',
        item: { channel: input.channel, minute: input.atMinute, from: input.from, text: input.text },
      });
      fx.push({ kind: 'injectFired', id: input.id });
      let next = s;
      if (input.channel === 'monitoring' && !input.manual && s.firstAlertMinute === null) {
        next = { ...next, firstAlertMinute: input.atMinute };
        const slowTo = cfg.alertSpeed;
        // Not during a resumed drill's replay: its first alert is history, played fast (and stays the first).
        if (
          !s.replaying &&
          s.slowOnAlert &&
          slowTo !== null &&
          s.speed > slowTo &&
          cfg.speeds.includes(slowTo)
        ) {
          fx.push({ kind: 'setSpeed', speed: slowTo });
          next = { ...next, speed: slowTo, speedEpoch: next.speedEpoch + 1 };
          ops(
            input.atMinute,
            'Session',
            `First alert: slowed from ${s.speed}× to ${slowTo}×, so a simulated half hour now takes ${Math.round((30 * 60) / slowTo / 60)} real minutes. Press 1–6 to change the speed.`,
          );
        }
      }
      return { state: next, effects: fx };
    }
    case 'commandResult': {
      fx.push({ kind: 'leverResult', message: input });
      const key = `${input.atMinute}|${input.command}|${input.requestId ?? ''}`;
      if (input.command === 'cancelOrder') return cancelResult(s, input, key, fx, cfg, ops);
      const label = cfg.leverLabel(input.command);
      const isLever = label !== input.command;
      if (input.ok) {
        if (!isLever || s.decisions.some((d) => d.key === key)) return { state: s, effects: fx };
        const effect = input.takesEffectAtMinute ?? input.atMinute;
        const serving = cfg.servingLeadMinutes(input.command);
        const when =
          serving > 0
            ? `servers reserved at ${clock(effect)}, serving from ${clock(effect + serving)}`
            : effect > input.atMinute
              ? `takes effect at ${clock(effect)}`
              : 'in effect now';
        fx.push({ kind: 'marker', minute: input.atMinute, label, marker: 'decision' });
        ops(input.atMinute, cfg.roleLabel, `${label} ordered; ${when}.`);
        return {
          state: {
            ...s,
            decisions: [...s.decisions, { minute: input.atMinute, label: `${cfg.roleLabel}: ${label}`, key }],
          },
          effects: fx,
        };
      }
      if (s.refusals.some((r) => r.key === key)) return { state: s, effects: fx };
      ops(
        input.atMinute,
        'Refused',
        `${label}: ${plainReason(input.reason, cfg.leverLabel, cfg.roleWords)}`,
        true,
      );
      return { state: { ...s, refusals: [...s.refusals, { minute: input.atMinute, key }] }, effects: fx };
    }
    case 'bookmark':
      fx.push({ kind: 'marker', minute: input.atMinute, label: input.note, marker: 'bookmark' });
      fx.push({
        kind: 'feed',
        item: { channel: 'operations', minute: input.atMinute, from: 'Bookmark', text: input.note },
      });
      return {
        state: { ...s, bookmarks: [...s.bookmarks, { minute: input.atMinute, note: input.note }] },
        effects: fx,
      };
    case 'session': {
      let next: ConsoleState = { ...s, session: input.state };
      if (input.state === 'ended') {
        next = { ...next, ended: { atMinute: input.atMinute, reason: input.endReason } };
        ops(input.atMinute, 'Session', 'The drill has ended.');
        fx.push({ kind: 'ended' });
      }
      return { state: next, effects: fx };
    }
    case 'seeked': {
      fx.push({ kind: 'truncateCharts', minute: input.minute });
      const last = input.phases[input.phases.length - 1];
      const next: ConsoleState = {
        ...forgetFrom(s, input.minute, false),
        seeking: null,
        seekedAt: input.minute,
        phases: input.phases.map((p) => ({ ...p })),
        bookmarks: input.bookmarks.map((b) => ({ minute: b.atMinute, note: b.note })),
        phase: s.phase === 'error' ? s.phase : (last?.phase ?? s.phase),
        seekNote: `At ${clock(input.minute)} (replayed ${plural(input.replayedCommands, 'command')}). Resume replays the recorded log; "Play from here" drops it.`,
      };
      ops(
        input.minute,
        'Timeline',
        `Jumped to ${clock(input.minute)}; the recorded commands after this point will replay unless you play from here.`,
      );
      return { state: next, effects: fx };
    }
    case 'branched': {
      const next: ConsoleState = {
        ...forgetFrom(s, input.minute, true),
        seekedAt: null,
        reached: input.minute,
        seekNote: `Playing from ${clock(input.minute)}: ${plural(input.droppedCommands, 'later command')} dropped.`,
      };
      ops(
        input.minute,
        'Timeline',
        `New branch from ${clock(input.minute)}: ${plural(input.droppedCommands, 'recorded command')} after this point dropped.`,
        input.droppedCommands > 0,
      );
      return { state: next, effects: fx };
    }
    case 'error': {
      let next: ConsoleState = { ...s, alert: `Drill host: ${input.message}` };
      if (input.inReplyTo === 'seek')
        next = { ...next, seeking: null, seekNote: `Cannot seek: ${input.message}` };
      if (input.inReplyTo === 'replay')
        next = {
          ...next,
          replaying: false,
          seekNote: `Could not resume the saved drill: ${input.message}`,
          phase: 'error',
        };
      if (input.inReplyTo === null || input.message.startsWith('internal'))
        next = { ...next, phase: 'error' };
      return { state: next, effects: fx };
    }
    case 'ready':
    case 'preview':
      return { state: s, effects: fx };
  }
}

/** The answer to a Cancel: the order named in words, a decision when it was withdrawn. */
function cancelResult(
  s: ConsoleState,
  input: CommandResultMessage,
  key: string,
  fx: ConsoleEffect[],
  cfg: ConsoleConfig,
  ops: (minute: number, from: string, text: string, alert?: boolean) => void,
): ConsoleStep {
  const what = (input.requestId !== null ? s.cancels[input.requestId] : undefined) ?? 'a pending order';
  const cancels = { ...s.cancels };
  if (input.requestId !== null) delete cancels[input.requestId];
  if (input.ok) {
    if (s.decisions.some((d) => d.key === key)) return { state: { ...s, cancels }, effects: fx };
    fx.push({ kind: 'marker', minute: input.atMinute, label: 'Cancelled an order', marker: 'decision' });
    ops(input.atMinute, cfg.roleLabel, `Cancelled ${what} before it took effect.`);
    return {
      state: {
        ...s,
        cancels,
        decisions: [
          ...s.decisions,
          { minute: input.atMinute, label: `${cfg.roleLabel}: cancelled ${what}`, key },
        ],
      },
      effects: fx,
    };
  }
  if (s.refusals.some((r) => r.key === key)) return { state: { ...s, cancels }, effects: fx };
  ops(
    input.atMinute,
    'Refused',
    `Cancel ${what}: ${plainReason(input.reason, cfg.leverLabel, cfg.roleWords)}`,
    true,
  );
  return {
    state: { ...s, cancels, refusals: [...s.refusals, { minute: input.atMinute, key }] },
    effects: fx,
  };
}

/**
 * A seek landed at the start of `minute`: forget the ticks from there on and the commands after it. Commands at
 * `minute` itself stay (the tape replays them on resume, and their keys keep them from counting twice);
 * `withCommandsAt` drops those too (a branch drops them from the tape).
 */
function forgetFrom(s: ConsoleState, minute: number, withCommandsAt: boolean): ConsoleState {
  const gone = (at: number): boolean => at > minute || (withCommandsAt && at === minute);
  return {
    ...s,
    ratios: s.ratios.slice(0, minute),
    onlines: s.onlines.slice(0, minute),
    decisions: s.decisions.filter((d) => !gone(d.minute)),
    refusals: s.refusals.filter((r) => !gone(r.minute)),
  };
}
