/**
 * Incident phases, derived from sim facts with thresholds from scenario data. Phases only move forward
 * (normal -> degraded -> cascading -> collapsed -> recovering -> restored) and may skip: a cascade stopped
 * early goes degraded -> recovering or straight to restored. A relapse after recovery shows in the metrics,
 * not as a phase going back, so the phase record reads as the incident's story.
 */
import type { Facts } from './facts';
import type { PhaseThresholds } from './schema';

/** Phases in their only order. */
export const PHASES = ['normal', 'degraded', 'cascading', 'collapsed', 'recovering', 'restored'] as const;
export type Phase = (typeof PHASES)[number];

/** What phase derivation remembers between ticks (plain data: part of the machine context). */
export interface PhaseState {
  phase: Phase;
  /** Lowest online ratio since the incident began (1 before it). */
  trough: number;
  /** Consecutive minutes a worse phase, the recovering, restored and full-recovery conditions have held. */
  worseFor: number;
  risingFor: number;
  healthyFor: number;
  fullFor: number;
}

/** Phase state at the start of a drill. */
export function initialPhaseState(): PhaseState {
  return { phase: 'normal', trough: 1, worseFor: 0, risingFor: 0, healthyFor: 0, fullFor: 0 };
}

const rank = (p: Phase) => PHASES.indexOf(p);

/** How bad this tick looks on its own, by the escalation thresholds. */
export function severity(f: Facts, th: PhaseThresholds): Phase {
  const ratio = f.onlineRatio ?? 1;
  if (ratio < th.collapsed.onlineRatioBelow) return 'collapsed';
  if (
    ratio < th.cascading.onlineRatioBelow ||
    below(f.supernodeAliveRatio, th.cascading.supernodeAliveRatioBelow)
  )
    return 'cascading';
  if (above(f.omLatencyMs, th.degraded.omLatencyMsAbove) || ratio < th.degraded.onlineRatioBelow)
    return 'degraded';
  return 'normal';
}

/** A model-specific threshold holds only where the scenario sets it and the model states the fact. */
const above = (x: number | undefined, t: number | undefined) => x !== undefined && t !== undefined && x > t;
const below = (x: number | undefined, t: number | undefined) => x !== undefined && t !== undefined && x < t;

/**
 * The phase after one more tick of facts. Escalation (a worse phase shown for `escalateAfterMinutes`) applies until the network starts recovering; recovering
 * needs the online ratio `riseAboveTrough` above its worst, held; restored needs the ratio at the restored
 * level with offline-IM healthy, held; full recovery (a stop condition) counts on from restored, with every
 * feature switched back on (a feature left off is service still missing).
 */
export function nextPhaseState(
  prev: PhaseState,
  f: Facts,
  th: PhaseThresholds,
  fullRecovery: { onlineRatioAtLeast: number },
): PhaseState {
  let phase = prev.phase;
  const ratio = f.onlineRatio ?? 1;
  const sev = severity(f, th);
  const worse = rank(phase) <= rank('collapsed') && rank(sev) > rank(phase);
  const worseFor = worse ? prev.worseFor + 1 : 0;
  if (worse && worseFor >= th.escalateAfterMinutes) phase = sev;
  const inIncident = phase !== 'normal';
  const trough = inIncident ? Math.min(prev.trough, ratio) : 1;
  const rising = inIncident && ratio >= trough + th.recovering.riseAboveTrough;
  const healthy =
    inIncident &&
    ratio >= th.restored.onlineRatioAtLeast &&
    !above(f.omLatencyMs, th.degraded.omLatencyMsAbove);
  const risingFor = rising ? prev.risingFor + 1 : 0;
  const healthyFor = healthy ? prev.healthyFor + 1 : 0;
  if (rank(phase) >= rank('degraded') && rank(phase) < rank('recovering')) {
    if (risingFor >= th.recovering.holdMinutes) phase = 'recovering';
  }
  if (rank(phase) >= rank('degraded') && phase !== 'restored') {
    if (healthyFor >= th.restored.holdMinutes) phase = 'restored';
  }
  // A switched-off feature is service still missing: full recovery needs every feature back on.
  const fullFor =
    phase === 'restored' && ratio >= fullRecovery.onlineRatioAtLeast && (f.featuresOff ?? 0) === 0
      ? prev.fullFor + 1
      : 0;
  return { phase, trough, worseFor: phase === prev.phase ? worseFor : 0, risingFor, healthyFor, fullFor };
}
