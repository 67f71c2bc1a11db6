/**
 * The incident machine: session states (briefing -> running <-> paused -> ended), speed, phases, levers with
 * named guards, injects and bookmarks. It never touches the sim: time arrives as `sim.tick` events carrying the
 * tick's metrics, world checks go through a WorldPort, and everything the machine decides is left in its
 * context as data: accepted commands in `queued` (tick-stamped inputs for the next step) and messages for the
 * outside in `outbox` (replaced per event, with `outSeq` counting replacements). The context is plain JSON, so
 * a persisted snapshot of the machine is a checkpoint.
 *
 * Domain math (phases, inject predicates, message text) lives in plain functions in this folder; the config
 * below only wires them to events.
 */
import { assign, not, setup } from 'xstate';
import { LEVERS, parseLever, type LeverResult } from '../levers/index';
import type { CascadeMetrics, ModelCommand, SimInput, SimMetrics } from '../model/index';
import { emptyFacts, factsOf, type Facts } from './facts';
import { dueInjects, renderInject, type InjectMessage } from './injects';
import { initialPhaseState, nextPhaseState, type Phase, type PhaseState } from './phases';
import type { Timeline } from './schema';

/**
 * What the machine may ask of the world (the host answers from its sim; tests answer with stubs). The
 * optional members default to the Skype model's: its lever names, its parseLever and its facts.
 */
export interface WorldPort {
  /** The model's check against the sim as it will be once the already-accepted commands take effect. */
  check(command: ModelCommand, alsoAccepted: readonly ModelCommand[]): LeverResult;
  /** Lead time of a command in minutes. */
  leadMinutes(command: ModelCommand): number;
  /** Every lever (command kind) of the model; the machine answers `operator.<lever>` for these. */
  leverNames?: readonly string[];
  /** An operator's lever and arguments as the model's command, or why the arguments are refused. */
  parse?(lever: string, args: Record<string, unknown>): LeverResult;
  /** One tick's facts from the tick's metrics (`baseline`: what `baseline` said at the drill's first tick). */
  facts?(metrics: SimMetrics | CascadeMetrics, baseline: number): Facts;
  /** The number the first tick fixes for later facts (Skype: supernodes alive at the start). */
  baseline?(metrics: SimMetrics | CascadeMetrics): number;
  /** Facts before the first tick. */
  emptyFacts?(): Facts;
}

/** The names of the checks an operator command must pass, in order. */
export const COMMAND_CHECKS = [
  'sessionLive',
  'leverAvailable',
  'roleAllowed',
  'argsValid',
  'poolLeft',
  'notAlreadyInEffect',
] as const;
export type CommandCheck = (typeof COMMAND_CHECKS)[number];

/** The answer to an operator or facilitator command. */
export type CommandResult =
  | {
      type: 'commandResult';
      requestId: string | null;
      command: string;
      ok: true;
      atMinute: number;
      /** For accepted levers: the minute the command takes effect (its countdown is this minus the minute). */
      takesEffectAtMinute: number | null;
    }
  | {
      type: 'commandResult';
      requestId: string | null;
      command: string;
      ok: false;
      atMinute: number;
      check: CommandCheck | 'speedAllowed' | 'injectKnown';
      reason: string;
    };

/** What the machine tells the outside, per event. */
export type TimelineOutput =
  | CommandResult
  | { type: 'phase'; phase: Phase; atMinute: number }
  | ({ type: 'inject' } & InjectMessage)
  | { type: 'bookmark'; atMinute: number; note: string };

export type EndReason = 'scenarioEnd' | 'fullRecovery' | 'facilitator';

/** Machine context: plain JSON only (it is checkpointed). */
export interface TimelineContext {
  /** The next tick the sim will simulate (= minutes simulated so far). */
  minute: number;
  speed: number;
  phase: PhaseState;
  phases: Array<{ phase: Phase; atMinute: number }>;
  /** Facts of the last tick (for inject messages fired between ticks). */
  facts: Facts;
  /** Supernodes alive at the first tick (the baseline for supernodeAliveRatio). */
  baselineAlive: number;
  /** Hold counters of conditional injects. */
  held: Record<string, number>;
  /** Injects fired, in order (by trigger or by the facilitator). */
  fired: Array<{ id: string; atMinute: number; channel: string; manual: boolean }>;
  /** Accepted commands and inject effects for the next tick, in arrival order. */
  queued: SimInput[];
  bookmarks: Array<{ atMinute: number; note: string }>;
  /**
   * The drill's status page: open once a team drill's log says so (a solo drill has none), and the minute of
   * the last update published there. Status-silence injects read it.
   */
  statusPage: { open: boolean; lastPublishedMinute: number | null };
  endReason: EndReason | null;
  outbox: TimelineOutput[];
  outSeq: number;
}

/** An operator pulling a lever of the model: `operator.<lever>`. */
export type OperatorEvent = {
  type: `operator.${string}`;
  role: string;
  args: Record<string, unknown>;
  requestId?: string;
};

/** Every event the machine accepts, namespaced by source. */
export type TimelineEvent =
  | OperatorEvent
  | { type: 'facilitator.start' }
  | { type: 'facilitator.pause' }
  | { type: 'facilitator.resume' }
  | { type: 'facilitator.setSpeed'; speed: number; requestId?: string }
  | { type: 'facilitator.fireInject'; id: string; requestId?: string }
  | { type: 'facilitator.bookmark'; note: string }
  | { type: 'facilitator.end' }
  /** A team drill's status page: opened at the start, or an update published by `role` (comms). */
  | { type: 'comms.status'; event: 'opened' | 'published'; role: string }
  | { type: 'sim.tick'; metrics: SimMetrics | CascadeMetrics };

/** The lever an operator event names. */
export function leverOf(e: OperatorEvent): string {
  return e.type.slice('operator.'.length);
}

/** The parsed command of an operator event (by the world's parse; Skype's parseLever by default), or why its arguments are refused. */
export function parseOperator(e: OperatorEvent, world?: WorldPort): LeverResult {
  return world?.parse ? world.parse(leverOf(e), e.args) : parseLever({ ...e.args, command: leverOf(e) });
}

/** Inputs for the machine: the scenario's timeline and model facts it needs. */
export interface TimelineInput {
  timeline: Timeline;
  durationMinutes: number;
  startMinuteOfDay: number;
  world: WorldPort;
}

/** The reason text for a failed check (plain function: the machine only names the check). */
export function refusalReason(
  check: CommandCheck,
  e: OperatorEvent,
  ctx: TimelineContext,
  input: TimelineInput,
  sessionState: 'briefing' | 'ended',
): string {
  const lever = leverOf(e);
  switch (check) {
    case 'sessionLive':
      return sessionState === 'briefing' ? 'the drill has not started yet' : 'the drill has ended';
    case 'leverAvailable':
      return `${lever} is not available in this scenario`;
    case 'roleAllowed':
      return input.timeline.roles[e.role] === undefined
        ? `unknown role "${e.role}" (known: ${Object.keys(input.timeline.roles).join(', ')})`
        : `the ${e.role} role may not use ${lever}`;
    case 'argsValid':
    case 'poolLeft':
    case 'notAlreadyInEffect': {
      const parsed = parseOperator(e, input.world);
      if (!parsed.ok) return parsed.reason;
      const checked = input.world.check(parsed.command, queuedCommands(ctx));
      return checked.ok ? 'refused' : checked.reason;
    }
  }
}

function queuedCommands(ctx: TimelineContext): ModelCommand[] {
  return ctx.queued.map(({ tick: _t, ...c }) => c as ModelCommand);
}

/**
 * Build the machine for one scenario. The input is closed over (not stored in context) so the context stays
 * plain data; tests pass a stub WorldPort.
 */
export function createTimelineMachine(input: TimelineInput) {
  const { timeline, world } = input;
  const injectById = new Map(timeline.injects.map((i) => [i.id, i]));
  const OPERATOR_EVENTS = (world.leverNames ?? LEVERS).map((l) => `operator.${l}` as const);
  const factsOfTick = world.facts ?? ((m, b) => factsOf(m as SimMetrics, b));
  const baselineOf = world.baseline ?? ((m) => (m as SimMetrics).supernodesAlive);

  const worldCheck = (e: OperatorEvent, ctx: TimelineContext): LeverResult => {
    const parsed = parseOperator(e, world);
    return parsed.ok ? world.check(parsed.command, queuedCommands(ctx)) : parsed;
  };

  const emitInject = (ctx: TimelineContext, id: string, f: Facts, atMinute: number, manual: boolean) => {
    const inj = injectById.get(id)!;
    const msg = renderInject(inj, f, atMinute, input.startMinuteOfDay, manual);
    return {
      out: { type: 'inject' as const, ...msg },
      fired: { id, atMinute, channel: inj.channel, manual },
      input: msg.effect ? ({ ...msg.effect, tick: ctx.minute } as SimInput) : null,
    };
  };

  return setup({
    types: {
      context: {} as TimelineContext,
      events: {} as TimelineEvent,
    },
    guards: {
      leverAvailable: ({ event }) =>
        event.type.startsWith('operator.') &&
        (timeline.levers as readonly string[]).includes(leverOf(event as OperatorEvent)),
      roleAllowed: ({ event }) => {
        const e = event as OperatorEvent;
        return (timeline.roles[e.role] ?? []).includes(leverOf(e));
      },
      argsValid: ({ context, event }) => {
        const e = event as OperatorEvent;
        if (!parseOperator(e, world).ok) return false;
        const r = worldCheck(e, context);
        return r.ok || r.check !== 'argsValid';
      },
      // The world check names the rule that failed; each guard fails only for its own rule.
      poolLeft: ({ context, event }) => {
        const r = worldCheck(event as OperatorEvent, context);
        return r.ok || r.check !== 'poolLeft';
      },
      notAlreadyInEffect: ({ context, event }) => worldCheck(event as OperatorEvent, context).ok,
      speedAllowed: ({ event }) =>
        event.type === 'facilitator.setSpeed' && (timeline.speeds as readonly number[]).includes(event.speed),
      injectKnown: ({ event }) => event.type === 'facilitator.fireInject' && injectById.has(event.id),
      scenarioOver: ({ context }) => context.minute >= input.durationMinutes,
      fullRecoveryHeld: ({ context }) => context.phase.fullFor >= timeline.fullRecovery.holdMinutes,
    },
    actions: {
      refuse: assign(({ context, event }, params: { check: CommandCheck; state?: 'briefing' | 'ended' }) => {
        const e = event as OperatorEvent;
        const out: CommandResult = {
          type: 'commandResult',
          requestId: e.requestId ?? null,
          command: leverOf(e),
          ok: false,
          atMinute: context.minute,
          check: params.check,
          reason: refusalReason(params.check, e, context, input, params.state ?? 'ended'),
        };
        return { outbox: [out], outSeq: context.outSeq + 1 };
      }),
      accept: assign(({ context, event }) => {
        const e = event as OperatorEvent;
        const parsed = parseOperator(e, world);
        if (!parsed.ok) return {}; // unreachable: argsValid passed
        const command = parsed.command;
        const out: CommandResult = {
          type: 'commandResult',
          requestId: e.requestId ?? null,
          command: leverOf(e),
          ok: true,
          atMinute: context.minute,
          takesEffectAtMinute: context.minute + world.leadMinutes(command),
        };
        return {
          queued: [...context.queued, { ...command, tick: context.minute } as SimInput],
          outbox: [out],
          outSeq: context.outSeq + 1,
        };
      }),
      setSpeed: assign(({ context, event }) => {
        if (event.type !== 'facilitator.setSpeed') return {};
        const out: CommandResult = {
          type: 'commandResult',
          requestId: event.requestId ?? null,
          command: 'setSpeed',
          ok: true,
          atMinute: context.minute,
          takesEffectAtMinute: null,
        };
        return { speed: event.speed, outbox: [out], outSeq: context.outSeq + 1 };
      }),
      refuseFacilitator: assign(({ context, event }, params: { check: 'speedAllowed' | 'injectKnown' }) => {
        const requestId = 'requestId' in event ? (event.requestId ?? null) : null;
        const reason =
          params.check === 'speedAllowed'
            ? `speed must be one of ${timeline.speeds.join(', ')} sim-seconds per second`
            : `unknown inject "${event.type === 'facilitator.fireInject' ? event.id : ''}"`;
        const out: CommandResult = {
          type: 'commandResult',
          requestId,
          command: event.type.slice('facilitator.'.length),
          ok: false,
          atMinute: context.minute,
          check: params.check,
          reason,
        };
        return { outbox: [out], outSeq: context.outSeq + 1 };
      }),
      fireInject: assign(({ context, event }) => {
        if (event.type !== 'facilitator.fireInject') return {};
        const r = emitInject(context, event.id, context.facts, context.minute, true);
        const ok: CommandResult = {
          type: 'commandResult',
          requestId: event.requestId ?? null,
          command: 'fireInject',
          ok: true,
          atMinute: context.minute,
          takesEffectAtMinute: r.input ? context.minute : null,
        };
        return {
          fired: [...context.fired, r.fired],
          queued: r.input ? [...context.queued, r.input] : context.queued,
          outbox: [ok, r.out],
          outSeq: context.outSeq + 1,
        };
      }),
      bookmark: assign(({ context, event }) => {
        if (event.type !== 'facilitator.bookmark') return {};
        const b = { atMinute: context.minute, note: event.note };
        return {
          bookmarks: [...context.bookmarks, b],
          outbox: [{ type: 'bookmark' as const, ...b }],
          outSeq: context.outSeq + 1,
        };
      }),
      status: assign(({ context, event }) => {
        if (event.type !== 'comms.status') return {};
        return {
          statusPage:
            event.event === 'opened'
              ? { ...context.statusPage, open: true }
              : { ...context.statusPage, lastPublishedMinute: context.minute },
        };
      }),
      applyTick: assign(({ context, event }) => {
        if (event.type !== 'sim.tick') return {};
        const m = event.metrics;
        const baselineAlive = context.baselineAlive > 0 ? context.baselineAlive : baselineOf(m);
        const f = factsOfTick(m, baselineAlive);
        const tick = f.minute!;
        const minute = tick + 1;
        const phase = nextPhaseState(context.phase, f, timeline.phases, timeline.fullRecovery);
        const outbox: TimelineOutput[] = [];
        let phases = context.phases;
        if (phase.phase !== context.phase.phase) {
          phases = [...phases, { phase: phase.phase, atMinute: tick }];
          outbox.push({ type: 'phase', phase: phase.phase, atMinute: tick });
        }
        const firedByTrigger = new Set(context.fired.filter((x) => !x.manual).map((x) => x.id));
        const firstFired = new Map<string, number>();
        for (const x of context.fired) if (!firstFired.has(x.id)) firstFired.set(x.id, x.atMinute);
        const { due, held } = dueInjects(timeline.injects, f, context.held, firedByTrigger, {
          ...context.statusPage,
          firstFired,
        });
        let fired = context.fired;
        const queued: SimInput[] = [];
        const next = { ...context, minute };
        for (const id of due) {
          const r = emitInject(next, id, f, tick, false);
          fired = [...fired, r.fired];
          outbox.push(r.out);
          if (r.input) queued.push(r.input);
        }
        return {
          minute,
          facts: f,
          baselineAlive,
          phase,
          phases,
          held,
          fired,
          queued,
          ...(outbox.length > 0 ? { outbox, outSeq: context.outSeq + 1 } : {}),
        };
      }),
      recordEnd: assign((_, params: { reason: EndReason }) => ({ endReason: params.reason })),
    },
  }).createMachine({
    id: 'incident',
    initial: 'briefing',
    context: {
      minute: 0,
      speed: timeline.initialSpeed,
      phase: initialPhaseState(),
      phases: [{ phase: 'normal', atMinute: 0 }],
      facts: world.emptyFacts ? world.emptyFacts() : emptyFacts(),
      baselineAlive: 0,
      held: {},
      fired: [],
      queued: [],
      statusPage: { open: false, lastPublishedMinute: null },
      bookmarks: [],
      endReason: null,
      outbox: [],
      outSeq: 0,
    },
    on: {
      'facilitator.setSpeed': [
        {
          guard: not('speedAllowed'),
          actions: { type: 'refuseFacilitator', params: { check: 'speedAllowed' } },
        },
        { actions: 'setSpeed' },
      ],
    },
    states: {
      briefing: {
        on: {
          'facilitator.start': { target: 'running' },
          'facilitator.end': {
            target: 'ended',
            actions: { type: 'recordEnd', params: { reason: 'facilitator' } },
          },
          ...refuseAll('briefing'),
        },
      },
      running: {
        always: [
          {
            guard: 'scenarioOver',
            target: 'ended',
            actions: { type: 'recordEnd', params: { reason: 'scenarioEnd' } },
          },
          {
            guard: 'fullRecoveryHeld',
            target: 'ended',
            actions: { type: 'recordEnd', params: { reason: 'fullRecovery' } },
          },
        ],
        on: {
          'facilitator.pause': { target: 'paused' },
          'sim.tick': { actions: 'applyTick' },
          ...liveHandlers(),
        },
      },
      paused: {
        on: {
          'facilitator.resume': { target: 'running' },
          ...liveHandlers(),
        },
      },
      ended: {
        on: refuseAll('ended'),
      },
    },
  });

  /** Operator commands refused outright by one check (outside a live session). */
  function refuseAll(state: 'briefing' | 'ended') {
    return Object.fromEntries(
      OPERATOR_EVENTS.map((t) => [
        t,
        { actions: { type: 'refuse' as const, params: { check: 'sessionLive' as const, state } } },
      ]),
    );
  }

  /** Handlers shared by running and paused: levers through their guards, injects, bookmarks, end. */
  function liveHandlers() {
    const operator = [
      {
        guard: not('leverAvailable'),
        actions: { type: 'refuse' as const, params: { check: 'leverAvailable' as const } },
      },
      {
        guard: not('roleAllowed'),
        actions: { type: 'refuse' as const, params: { check: 'roleAllowed' as const } },
      },
      {
        guard: not('argsValid'),
        actions: { type: 'refuse' as const, params: { check: 'argsValid' as const } },
      },
      {
        guard: not('poolLeft'),
        actions: { type: 'refuse' as const, params: { check: 'poolLeft' as const } },
      },
      {
        guard: not('notAlreadyInEffect'),
        actions: { type: 'refuse' as const, params: { check: 'notAlreadyInEffect' as const } },
      },
      { actions: 'accept' as const },
    ];
    return {
      ...Object.fromEntries(OPERATOR_EVENTS.map((t) => [t, operator])),
      'facilitator.fireInject': [
        {
          guard: not('injectKnown'),
          actions: { type: 'refuseFacilitator' as const, params: { check: 'injectKnown' as const } },
        },
        { actions: 'fireInject' as const },
      ],
      'facilitator.bookmark': { actions: 'bookmark' as const },
      'comms.status': { actions: 'status' as const },
      'facilitator.end': {
        target: 'ended',
        actions: { type: 'recordEnd' as const, params: { reason: 'facilitator' as const } },
      },
    };
  }
}

/** The machine type for one scenario. */
export type TimelineMachine = ReturnType<typeof createTimelineMachine>;
