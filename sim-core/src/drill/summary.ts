/**
 * The run summary: the published record's terms (peak, trough, first-wave losses, recovery times) built tick by
 * tick from the model's metrics, and the per-minute series rows a console charts and the CLI prints. The drill
 * host keeps one for every drill; `runScenario` (scoring/run.ts) and headless runs report it. One definition of
 * every summary statistic.
 */
import { hash, type Sim, type SimMetrics } from '../model/index';
import type { Scenario } from '../scenario/schema';

/** The summary the CLI prints and the calibration tests assert (field set fixed by the CLI contract). */
export interface RunSummary {
  peakOnline: number;
  /** Lowest online count within 12 h after the trigger. */
  troughOnline: number;
  troughAtMinute: number;
  triggerAtMinute: number;
  /** Share of online clients on 5.0.0152 at the trigger. */
  buggyShare: number;
  /** Share of the 5.0.0152 clients online at the trigger that crashed in the first wave. */
  buggyCrashedFraction: number;
  /** Share of the supernodes alive at the trigger whose host crashed in the first wave. */
  supernodesLostInitialFraction: number;
  /** Highest mean traffic of live user supernodes, relative to a normal supernode at that time of day. */
  peakSupernodeLoadFactor: number;
  /** User-minutes below the normal online level for the time of day. */
  userMinutesLost: number;
  /** Minutes after the trigger until online is back to 30/80/90% of normal for the time of day (null: never). */
  minutesTo30pct: number | null;
  minutesTo80pct: number | null;
  minutesTo90pct: number | null;
  stateHash: string;
}

/** One row per simulated minute. */
export interface SeriesRow {
  minute: number;
  minuteOfDay: number;
  online: number;
  expectedOnline: number;
  supernodesAlive: number;
  supernodesProtecting: number;
  dedicatedSupernodes: number;
  omLatencyMs: number;
  crashed: number;
  searching: number;
  updating: number;
  supernodeLoadFactor: number;
  costUsd: number;
}

/** One row of the CLI series from a tick's metrics . */
export function seriesRow(m: SimMetrics): SeriesRow {
  return {
    minute: m.tick,
    minuteOfDay: m.minuteOfDay,
    online: m.online,
    expectedOnline: m.expectedOnline,
    supernodesAlive: m.supernodesAlive,
    supernodesProtecting: m.supernodesProtecting,
    dedicatedSupernodes: m.dedicatedSupernodes,
    omLatencyMs: Math.round(m.omLatencyMs),
    crashed: m.crashed,
    searching: m.searching,
    updating: m.updating,
    supernodeLoadFactor: Math.round(m.supernodeLoadFactor * 100) / 100,
    costUsd: Math.round(m.costUsd),
  };
}

/** A command the world refused when its minute came. */
export interface Refusal {
  atMinute: number;
  command: string;
  reason: string;
}

/** Builds a RunSummary tick by tick, for any caller that steps the sim itself. */
export class SummaryAccumulator {
  private peak = 0;
  private trough = Number.POSITIVE_INFINITY;
  private troughAt = -1;
  private troughRatio = Number.POSITIVE_INFINITY;
  private troughRatioAt = -1;
  private buggyShare = 0;
  private readonly ratios: number[] = [];
  /** The trigger minute the run's seed drew (read from the simulation at its first tick). */
  private trigger = -1;

  constructor(scenario: Scenario) {
    this.trigger = scenario.model.triggerMinute;
  }

  /** Record one completed tick. */
  add(sim: Sim, m: SimMetrics): void {
    this.trigger = sim.params.triggerMinute;
    if (m.online > this.peak) this.peak = m.online;
    const t = m.tick;
    if (t === this.trigger) this.buggyShare = m.online > 0 ? m.buggyOnline / m.online : 0;
    if (t >= this.trigger) {
      const ratio = m.expectedOnline > 0 ? m.online / m.expectedOnline : 1;
      this.ratios.push(ratio);
      if (t <= this.trigger + 720) {
        if (m.online < this.trough) {
          this.trough = m.online;
          this.troughAt = t;
        }
        if (ratio < this.troughRatio) {
          this.troughRatio = ratio;
          this.troughRatioAt = t;
        }
      }
    }
    void sim;
  }

  /** Minutes after the trigger until the ratio first reaches `level` at or after the worst point. */
  private recovery(level: number): number | null {
    if (this.troughRatioAt < 0) return null;
    if (this.troughRatio >= level) return 0;
    for (let i = this.troughRatioAt - this.trigger; i < this.ratios.length; i++)
      if (this.ratios[i]! >= level) return i;
    return null;
  }

  /** Final summary, including the state hash of the sim as it stands. */
  finish(sim: Sim): RunSummary {
    const s = sim.s;
    return {
      peakOnline: this.peak,
      troughOnline: Number.isFinite(this.trough) ? this.trough : 0,
      troughAtMinute: this.troughAt,
      triggerAtMinute: this.trigger,
      buggyShare: round4(this.buggyShare),
      buggyCrashedFraction: round4(s.waveBuggyAtTrigger > 0 ? s.waveFirstCrashes / s.waveBuggyAtTrigger : 0),
      supernodesLostInitialFraction: round4(
        s.waveSupernodesAtTrigger > 0 ? s.waveSupernodeCrashes / s.waveSupernodesAtTrigger : 0,
      ),
      peakSupernodeLoadFactor: Math.round(s.peakLoadFactor * 100) / 100,
      userMinutesLost: Math.round(s.userMinutesLost),
      minutesTo30pct: this.recovery(0.3),
      minutesTo80pct: this.recovery(0.8),
      minutesTo90pct: this.recovery(0.9),
      stateHash: hash(sim),
    };
  }
}

function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}
