/**
 * A replicating seat's own copy of the drill. The model is deterministic, so a seat that runs the same scenario,
 * seed and scale, and says the same tick-stamped inputs at the same ticks, reaches the same state hash. The
 * host sends the inputs as they are logged (`input`), how far it has simulated (`tick`) and, at checkpoints,
 * its state hash; the replica steps to the same minute and compares. A difference is a desync: the seat reports
 * it and asks for a `sync` (the whole log so far), which rebuilds the replica from scratch (Resume drill's replay).
 */
import { createDrillHost, type DrillHost } from '../drill/host';
import { entryMessage, playLog } from '../drill/log-player';
import { builtinScenario, scaleScenario } from '../scenario/index';
import type { Scenario } from '../scenario/schema';
import type { LogEntry } from '../drill/log';
import type { DrillSetup } from './protocol';

/** What a checkpoint comparison found. */
export interface CheckResult {
  minute: number;
  /** null: no hash at this tick, or the replica could not reach the minute. */
  matches: boolean | null;
  mine: string;
}

export class Replica {
  private host: DrillHost;
  private buffer: LogEntry[] = [];
  private readonly scenario: Scenario;
  /** Checkpoints compared, and how many differed. */
  checks = 0;
  desyncs = 0;

  constructor(private readonly setup: DrillSetup) {
    const base = builtinScenario(setup.scenario);
    this.scenario = setup.scale < 1 ? scaleScenario(base, setup.scale) : base;
    this.host = this.fresh();
  }

  private fresh(): DrillHost {
    return createDrillHost(this.scenario, this.setup.seed, () => undefined);
  }

  /** Rebuild from the host's log: replay what came before `minute`, keep the rest for later ticks. */
  sync(started: boolean, minute: number, log: readonly LogEntry[]): void {
    this.host.dispose();
    this.host = this.fresh();
    this.buffer = log.filter((e) => e.tick > minute);
    if (!started) return;
    const before = log.filter((e) => e.tick <= minute);
    this.host.receive({ v: 1, type: 'replay', log: before, minute });
    if (this.host.session() === 'paused') this.host.receive({ v: 1, type: 'resume' });
  }

  /** One input, logged by the host at its tick. */
  input(entry: LogEntry): void {
    this.buffer.push(entry);
  }

  /** The host has simulated up to `minute`; compare the state hash when it sent one. */
  tick(minute: number, hash: string | null): CheckResult {
    const h = this.host;
    if (h.session() === 'briefing') h.receive({ v: 1, type: 'start' });
    if (h.session() === 'paused') h.receive({ v: 1, type: 'resume' });
    const next = playLog(this.buffer, minute, {
      minute: () => h.minute(),
      running: () => h.session() === 'running',
      say: (e) => h.receive({ v: 1, ...entryMessage(e) } as Parameters<DrillHost['receive']>[0]),
      advance: (ticks) => h.receive({ v: 1, type: 'step', ticks }),
    });
    this.buffer = this.buffer.slice(next);
    if (hash === null) return { minute, matches: null, mine: '' };
    const mine = h.hash();
    if (h.minute() !== minute) return { minute, matches: null, mine };
    this.checks++;
    const matches = mine === hash;
    if (!matches) this.desyncs++;
    return { minute, matches, mine };
  }

  minute(): number {
    return this.host.minute();
  }

  hash(): string {
    return this.host.hash();
  }

  dispose(): void {
    this.host.dispose();
  }
}
