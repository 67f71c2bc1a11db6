/**
 * The drill host: one sim, one incident-machine actor, one command log. Transport-agnostic: messages arrive
 * through `receive(unknown)` and leave through the `send` it was given, so the same host runs in a Web Worker,
 * a Node worker thread, a test and (later) behind a LAN seat.
 *
 * Time: the host has no clock. `advance { realMs }` says how much real time the caller's clock saw; the host
 * turns it into ticks at the machine's speed (sim-seconds per real second). `step { ticks }` steps exactly.
 *
 * Determinism: everything that changes the sim is a machine event stamped with the minute it arrived at, kept
 * in the command log; the machine turns accepted ones into tick-stamped inputs for the next step. So the same
 * log gives the same hash whatever the speed or the way real time was sliced.
 *
 * Seek: checkpoints (sim snapshot + persisted machine snapshot) every N simulated minutes; seek restores the
 * nearest one at or before the target and replays the log. Past the seek point the log is a tape: advancing
 * replays it. "Play from here" (`branch`, or any new logged command while the tape has a future) drops the
 * tape from the current minute on, and the checkpoints after it.
 *
 * Replay (Resume drill): before the start, a saved command log can be said to the host (`replay`): it starts,
 * says each entry at its tick as the live drill did (the same `playLog` loop a traced run uses), steps straight
 * from one entry's tick to the next, and pauses at the minute asked for. Its outputs are sent as they happen,
 * so a console fills its charts, feed and phases as if the drill had been played fast.
 */
import { createActor, type Actor, type SnapshotFrom } from 'xstate';
import type { CascadeMetrics, CascadeRow, CascadeSummary, SimMetrics } from '../model/index';
import { cascadeModelOf, LEVERS } from '../levers/index';
import type { Scenario } from '../scenario/schema';
import {
  createTimelineMachine,
  type Phase,
  type Timeline,
  type TimelineEvent,
  type TimelineMachine,
  type TimelineOutput,
} from '../timeline/index';
import type { LogEntry } from './log';
import { entryMessage, LogOrderError, playLog } from './log-player';
import type { RunSummary, SeriesRow } from './summary';
import { cascadeWorld, skypeWorld, type DrillScenario, type DrillWorld } from './world';
import {
  PROTOCOL_VERSION,
  parseDrillIn,
  typeOf,
  type DrillIn,
  type DrillOut,
  type DrillSend,
  type SessionState,
} from './protocol';

/** While running, snapshots carry the model hash at most this often (sim minutes). */
export const HASH_EVERY_MINUTES = 15;

/** Most ticks one `advance` may run, so a long pause of the caller's clock cannot freeze the host. */
export const MAX_TICKS_PER_ADVANCE = 600;

/** Options of a drill host. */
export interface DrillHostOptions {
  /** End the drill once full recovery has held (scenario data). Headless batch runs turn this off. Default true. */
  stopOnFullRecovery?: boolean;
  /**
   * A host that only traces (scores, baselines, par's evaluations): it sends no view snapshots and keeps no
   * checkpoints (so it cannot seek). The model and the timeline run exactly as in any host; only those reads
   * are skipped. Default false.
   */
  traceOnly?: boolean;
}

/**
 * A running drill host. `receive` never throws; the rest is read-only access for tests, bench and the CLI.
 * A Skype drill's summary and series are the Skype run summary and rows; any other model's are the common
 * summary and its metrics rows (both have the common fields).
 */
export interface DrillHost<Summary extends CascadeSummary = RunSummary, Row = SeriesRow> {
  receive(raw: unknown): void;
  /** Minutes simulated so far (the next tick). */
  minute(): number;
  session(): SessionState;
  hash(): string;
  summary(): Summary;
  series(): Row[];
  /** The scenario's model kind. */
  model: string;
  phases(): Array<{ phase: Phase; atMinute: number }>;
  injects(): Array<{ id: string; atMinute: number; channel: string }>;
  /** Logged commands (operator, inject, bookmark, end) with their minutes. */
  log(): ReadonlyArray<{ minute: number; event: TimelineEvent }>;
  /**
   * The log's length and its entries from index `from` on (a cheap `log()` for relays that forward new
   * entries as they are logged; a length below `from` means a branch dropped entries).
   */
  logTail(from: number): { length: number; entries: ReadonlyArray<{ minute: number; event: TimelineEvent }> };
  checkpointMinutes(): number[];
  timeline: Timeline;
  dispose(): void;
}

type MachineSnapshot = SnapshotFrom<TimelineMachine>;
type Persisted = ReturnType<Actor<TimelineMachine>['getPersistedSnapshot']>;

/**
 * Create a host for a validated Skype-model scenario and seed. Sends `ready` at once. Throws only if the
 * scenario's timeline section is invalid (a TimelineError with a one-line reason).
 */
export function createDrillHost(
  scenario: Scenario,
  seed: number,
  send: DrillSend,
  options: DrillHostOptions = {},
): DrillHost {
  return hostOn(scenario, skypeWorld(scenario, seed), seed, send, options);
}

/**
 * Create a host for a validated scenario of any model (its `model.kind` picks the model from the registry,
 * levers/models.ts; Skype's keeps its supernode map). Sends `ready` at once; throws as createDrillHost does,
 * or on a model kind the registry does not know.
 */
export function createCascadeDrillHost(
  scenario: DrillScenario,
  seed: number,
  send: DrillSend,
  options: DrillHostOptions = {},
): DrillHost<CascadeSummary, CascadeRow> {
  const kind = scenario.model.kind ?? 'skype';
  if (kind === 'skype') return createDrillHost(scenario as Scenario, seed, send, options);
  return hostOn(scenario, cascadeWorld(cascadeModelOf(kind), scenario, seed), seed, send, options);
}

function hostOn<Summary extends CascadeSummary, Row>(
  scenario: DrillScenario,
  world: DrillWorld<Summary, Row>,
  seed: number,
  send: DrillSend,
  options: DrillHostOptions,
): DrillHost<Summary, Row> {
  const timeline = world.timeline;
  const every = timeline.checkpointEveryMinutes;
  const traceOnly = options.traceOnly ?? false;
  // Every lever of the model (the machine refuses one the scenario does not offer, with its reason).
  const leverNames = new Set<string>(world.port.leverNames ?? LEVERS);
  const base = createTimelineMachine({
    timeline,
    durationMinutes: scenario.model.durationMinutes,
    startMinuteOfDay: scenario.model.startMinuteOfDay,
    // The port reads the world's sim when called, so it follows restores.
    world: world.port,
  });
  const machine =
    options.stopOnFullRecovery === false ? base.provide({ guards: { fullRecoveryHeld: () => false } }) : base;
  let actor = createActor(machine).start();
  const log: Array<{ minute: number; event: TimelineEvent }> = [];
  /** Index of the next log entry not yet applied (< log.length only after a seek into the past). */
  let cursor = 0;
  const checkpoints = new Map<number, { sim: Uint8Array; machine: Persisted }>();
  let history: Array<SimMetrics | CascadeMetrics> = [];
  let carrySeconds = 0;
  /** While replaying for a seek, machine outputs are not sent (they happened before). */
  let quiet = false;
  let disposed = false;

  const out = (m: DrillOut, transfer: ArrayBuffer[] = []) => {
    if (!quiet) send(m, transfer);
  };
  const ctx = () => actor.getSnapshot().context;
  const sessionOf = (s: MachineSnapshot): SessionState => s.value as SessionState;

  /** Send an event to the machine and forward what it decided. */
  function deliver(event: TimelineEvent): void {
    const before = actor.getSnapshot();
    actor.send(event);
    const after = actor.getSnapshot();
    if (after.context.outSeq !== before.context.outSeq) for (const o of after.context.outbox) out(wrap(o));
    if (after.value !== before.value)
      out({
        v: PROTOCOL_VERSION,
        type: 'session',
        state: sessionOf(after),
        atMinute: after.context.minute,
        endReason: after.context.endReason,
      });
  }

  function wrap(o: TimelineOutput): DrillOut {
    return { v: PROTOCOL_VERSION, ...o } as DrillOut;
  }

  function takeCheckpoint(): void {
    if (traceOnly) return;
    const t = world.tick();
    if (checkpoints.has(t)) return;
    // A JSON copy: the persisted snapshot must not share objects with the live actor.
    const persisted = JSON.parse(JSON.stringify(actor.getPersistedSnapshot())) as Persisted;
    checkpoints.set(t, { sim: world.snapshot(), machine: persisted });
  }

  /** Apply the tape's commands for the current minute (only after a seek into the past). */
  function applyTape(): number {
    const t = world.tick();
    let n = 0;
    while (cursor < log.length && log[cursor]!.minute === t) {
      deliver(log[cursor++]!.event);
      n++;
    }
    return n;
  }

  /** One tick: the machine's queued inputs go into the step; the tick's metrics go back to the machine. */
  function tick(): SimMetrics | CascadeMetrics {
    world.step(ctx().queued);
    const m = world.metrics();
    history.push(m);
    deliver({ type: 'sim.tick', metrics: m });
    if (world.tick() % every === 0) takeCheckpoint();
    return m;
  }

  /** Run up to n ticks while the session is running; returns the metrics of each tick. */
  function run(n: number): Array<SimMetrics | CascadeMetrics> {
    const rows: Array<SimMetrics | CascadeMetrics> = [];
    for (let i = 0; i < n && sessionOf(actor.getSnapshot()) === 'running'; i++) {
      applyTape();
      if (sessionOf(actor.getSnapshot()) !== 'running') break;
      rows.push(tick());
    }
    return rows;
  }

  function dropFuture(): number {
    const dropped = log.length - cursor;
    log.length = cursor;
    const now = world.tick();
    for (const k of [...checkpoints.keys()]) if (k > now) checkpoints.delete(k);
    return dropped;
  }

  /** A command that changes the run: logged at this minute, then applied. A tape future is dropped first. */
  function logged(event: TimelineEvent): void {
    if (cursor < log.length)
      out({ v: PROTOCOL_VERSION, type: 'branched', minute: world.tick(), droppedCommands: dropFuture() });
    log.push({ minute: world.tick(), event });
    cursor = log.length;
    deliver(event);
  }

  let lastHashMinute = Number.NEGATIVE_INFINITY;
  function sendSnapshot(): void {
    if (traceOnly) return;
    const now = world.tick();
    const queued = ctx().queued;
    const pending = world.pending(queued);
    const s = actor.getSnapshot();
    const withHash =
      sessionOf(s) !== 'running' || now - lastHashMinute >= HASH_EVERY_MINUTES || now < lastHashMinute;
    if (withHash) lastHashMinute = now;
    const view = world.snapshotView(queued, history.length > 0);
    out(
      {
        v: PROTOCOL_VERSION,
        type: 'snapshot',
        minute: now,
        session: sessionOf(s),
        speed: s.context.speed,
        phase: s.context.phase.phase,
        ...view.part,
        pending,
        stateHash: withHash ? world.hash() : null,
      } as DrillOut,
      view.transfer,
    );
  }

  function sendTicks(rows: Array<SimMetrics | CascadeMetrics>): void {
    if (rows.length === 0) return;
    out({
      v: PROTOCOL_VERSION,
      type: 'metrics',
      minute: world.tick(),
      ...world.metricsPart(rows),
    } as DrillOut);
    sendSnapshot();
  }

  function error(message: string, inReplyTo: string | null): void {
    out({ v: PROTOCOL_VERSION, type: 'error', message, inReplyTo });
  }

  function unknownLever(name: string, inReplyTo: string): void {
    error(
      `command: "${name}" is not a lever of this model (known: ${[...leverNames].join(', ')})`,
      inReplyTo,
    );
  }

  function seek(target: number): void {
    if (target > scenario.model.durationMinutes)
      return error(`minute ${target} is after the scenario ends (${scenario.model.durationMinutes})`, 'seek');
    let from = -1;
    for (const k of checkpoints.keys()) if (k <= target && k > from) from = k;
    if (from < 0) return error('no checkpoint to seek from', 'seek');
    const cp = checkpoints.get(from)!;
    const speed = ctx().speed;
    quiet = true;
    let replayed = 0;
    try {
      world.restore(cp.sim);
      actor.stop();
      actor = createActor(machine, { snapshot: cp.machine }).start();
      history = history.slice(0, from);
      carrySeconds = 0;
      cursor = 0;
      while (cursor < log.length && log[cursor]!.minute < from) cursor++;
      while (world.tick() < target && sessionOf(actor.getSnapshot()) === 'running') {
        replayed += applyTape();
        if (sessionOf(actor.getSnapshot()) !== 'running') break;
        tick();
      }
      if (ctx().speed !== speed) deliver({ type: 'facilitator.setSpeed', speed });
      if (sessionOf(actor.getSnapshot()) === 'running') deliver({ type: 'facilitator.pause' });
    } finally {
      quiet = false;
    }
    const c = ctx();
    out({
      v: PROTOCOL_VERSION,
      type: 'seeked',
      minute: world.tick(),
      fromCheckpoint: from,
      replayedCommands: replayed,
      phases: c.phases,
      injects: c.fired.map(({ id, atMinute, channel }) => ({ id, atMinute, channel })),
      bookmarks: c.bookmarks,
    });
    out({
      v: PROTOCOL_VERSION,
      type: 'session',
      state: sessionOf(actor.getSnapshot()),
      atMinute: c.minute,
      endReason: c.endReason,
    });
    sendSnapshot();
  }

  /** Check a log before anything runs, so a log that cannot apply leaves the host in its briefing. */
  function replayProblem(entries: readonly LogEntry[], until: number): string | null {
    const end = scenario.model.durationMinutes;
    if (until > end) return `minute ${until} is after the scenario ends (${end})`;
    for (let i = 0; i < entries.length; i++) {
      const t = entries[i]!.tick;
      if (i > 0 && t < entries[i - 1]!.tick)
        return `log entry ${i} (tick ${t}) is out of order: it comes after tick ${entries[i - 1]!.tick}`;
      if (t >= end) return `log entry ${i} (tick ${t}) is beyond the scenario (it ends at minute ${end})`;
      if (t > until) return `log entry ${i} (tick ${t}) is after the replay minute ${until}`;
    }
    return null;
  }

  function replay(entries: readonly LogEntry[], until: number): void {
    const problem = replayProblem(entries, until);
    if (problem) return error(`cannot replay: ${problem}`, 'replay');
    deliver({ type: 'facilitator.start' });
    takeCheckpoint();
    let next: number;
    try {
      next = playLog(entries, until, {
        minute: () => world.tick(),
        running: () => sessionOf(actor.getSnapshot()) === 'running',
        say: (e) => handle({ v: PROTOCOL_VERSION, ...entryMessage(e) } as DrillIn),
        advance: (ticks) => sendTicks(run(ticks)),
      });
    } catch (e) {
      // Unreachable after replayProblem; kept so a future change cannot turn it into an internal error.
      if (!(e instanceof LogOrderError)) throw e;
      next = entries.length;
      error(`cannot replay: ${e.message}`, 'replay');
    }
    if (sessionOf(actor.getSnapshot()) === 'running') deliver({ type: 'facilitator.pause' });
    if (next < entries.length)
      error(
        `cannot replay: the drill ended at minute ${world.tick()}, before log entry ${next} (tick ${entries[next]!.tick})`,
        'replay',
      );
    sendSnapshot();
  }

  function handle(msg: DrillIn): void {
    const session = sessionOf(actor.getSnapshot());
    const live = session === 'running' || session === 'paused';
    switch (msg.type) {
      case 'start':
        if (session !== 'briefing') return error(`the drill has already started (${session})`, msg.type);
        deliver({ type: 'facilitator.start' });
        takeCheckpoint();
        return sendSnapshot();
      case 'pause':
        if (session !== 'running') return error(`cannot pause: the drill is ${session}`, msg.type);
        deliver({ type: 'facilitator.pause' });
        // The view gets the paused state at once, with the model hash of this minute.
        return sendSnapshot();
      case 'resume':
        if (session !== 'paused') return error(`cannot resume: the drill is ${session}`, msg.type);
        carrySeconds = 0;
        return deliver({ type: 'facilitator.resume' });
      case 'setSpeed':
        return deliver({ type: 'facilitator.setSpeed', speed: msg.speed, ...rid(msg.requestId) });
      case 'preview': {
        if (!leverNames.has(msg.command)) return unknownLever(msg.command, msg.type);
        const p = world.preview(msg.command, msg.args);
        return out({ v: PROTOCOL_VERSION, type: 'preview', requestId: msg.requestId ?? null, ...p });
      }
      case 'command':
        if (!leverNames.has(msg.command)) return unknownLever(msg.command, msg.type);
        // Refusals outside a live session come from the machine too, but are not worth logging.
        if (!live)
          return deliver({
            type: `operator.${msg.command}`,
            role: msg.role,
            args: msg.args,
            ...rid(msg.requestId),
          } as TimelineEvent);
        return logged({
          type: `operator.${msg.command}`,
          role: msg.role,
          args: msg.args,
          ...rid(msg.requestId),
        } as TimelineEvent);
      case 'fireInject':
        if (!live) return error(`cannot fire an inject: the drill is ${session}`, msg.type);
        return logged({ type: 'facilitator.fireInject', id: msg.id, ...rid(msg.requestId) });
      case 'status':
        if (!live) return error(`cannot record a status update: the drill is ${session}`, msg.type);
        return logged({ type: 'comms.status', event: msg.event, role: msg.role });
      case 'bookmark':
        if (!live) return error(`cannot bookmark: the drill is ${session}`, msg.type);
        return logged({ type: 'facilitator.bookmark', note: msg.note });
      case 'end':
        if (session === 'ended') return error('the drill has already ended', msg.type);
        return live ? logged({ type: 'facilitator.end' }) : deliver({ type: 'facilitator.end' });
      case 'seek':
        if (session === 'briefing') return error('start the drill before seeking', msg.type);
        return seek(msg.minute);
      case 'branch': {
        const dropped = dropFuture();
        return out({
          v: PROTOCOL_VERSION,
          type: 'branched',
          minute: world.tick(),
          droppedCommands: dropped,
        });
      }
      case 'advance': {
        if (session !== 'running') return;
        carrySeconds += (msg.realMs * ctx().speed) / 1000;
        let n = Math.floor(carrySeconds / 60);
        carrySeconds -= n * 60;
        if (n > MAX_TICKS_PER_ADVANCE) {
          n = MAX_TICKS_PER_ADVANCE;
          carrySeconds = 0;
        }
        return sendTicks(run(n));
      }
      case 'step':
        if (session !== 'running') return error(`cannot step: the drill is ${session}`, msg.type);
        return sendTicks(run(msg.ticks));
      case 'snapshot':
        return sendSnapshot();
      case 'replay':
        if (session !== 'briefing')
          return error(`cannot replay: the drill has already started (${session})`, msg.type);
        return replay(msg.log, msg.minute);
    }
  }

  const ready = world.ready();
  send(
    {
      v: PROTOCOL_VERSION,
      type: 'ready',
      scenarioId: scenario.id,
      title: scenario.title,
      startIso: scenario.startIso,
      startMinuteOfDay: scenario.model.startMinuteOfDay,
      durationMinutes: scenario.model.durationMinutes,
      seed,
      ...ready.part,
      speeds: [...timeline.speeds],
      levers: [...timeline.levers],
      roles: Object.fromEntries(Object.entries(timeline.roles).map(([k, l]) => [k, [...l]])),
      briefing: { ...timeline.briefing },
      injects: timeline.injects.map((i) => ({ id: i.id, channel: i.channel, from: i.from })),
    } as DrillOut,
    ready.transfer,
  );

  return {
    receive(raw: unknown): void {
      if (disposed) return;
      try {
        const parsed = parseDrillIn(raw);
        if (!parsed.ok) return error(parsed.error, typeOf(raw));
        handle(parsed.message);
      } catch (e) {
        quiet = false;
        try {
          error(`internal error: ${e instanceof Error ? e.message : String(e)}`, typeOf(raw));
        } catch {
          // The transport itself failed; nothing left to tell.
        }
      }
    },
    minute: () => world.tick(),
    session: () => sessionOf(actor.getSnapshot()),
    hash: () => world.hash(),
    summary: () => world.summary(history),
    series: () => history.map((m) => world.seriesRow(m)),
    model: world.model,
    phases: () => ctx().phases.map((p) => ({ ...p })),
    injects: () => ctx().fired.map(({ id, atMinute, channel }) => ({ id, atMinute, channel })),
    log: () => log.map((x) => ({ ...x })),
    logTail: (from) => ({ length: log.length, entries: log.slice(from).map((x) => ({ ...x })) }),
    checkpointMinutes: () => [...checkpoints.keys()].sort((a, b) => a - b),
    timeline,
    dispose: () => {
      disposed = true;
      actor.stop();
    },
  };
}

function rid(requestId: string | undefined): { requestId?: string } {
  return requestId === undefined ? {} : { requestId };
}
