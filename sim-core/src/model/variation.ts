/**
 * Seed variation: what the record leaves uncertain is drawn per seed, once, when a world is created, so the
 * last moment to act is not the same minute on every seed. The draws come from a stream of their own (seeded
 * from the run's seed), so the supernode table and the client placement stay those of the same seed.
 * The result is a plain ModelParams: everything downstream (step, reference, summaries) reads the drawn values.
 */
import { nextFloat, seedRng } from './rng';
import { KIND, type ModelParams } from './types';

/** Mixes the run's seed into the variation stream (any fixed odd constant; it only has to differ from 0). */
const VARIATION_STREAM = 0x7a11e5;

const between = (rng: Uint32Array, r: { min: number; max: number }) =>
  r.min + nextFloat(rng) * (r.max - r.min);

/** The scenario's parameters with the seed's draws applied; the scenario itself when it has no variation. */
export function resolveParams(p: ModelParams, seed: number): ModelParams {
  const v = p.variation;
  if (v === null) return p;
  const rng = new Uint32Array(4);
  seedRng(rng, (seed ^ VARIATION_STREAM) | 0);
  const trigger =
    v.triggerMinute.min + Math.floor(nextFloat(rng) * (v.triggerMinute.max - v.triggerMinute.min + 1));
  const ramp = between(rng, v.rampScale);
  const buggy = between(rng, v.buggyShare);
  const crash = between(rng, v.crashPerSlowReply);
  const restart = between(rng, v.restartDelayScale);
  // Scripted effects keep their order: the trigger moves, and the ramp after it stretches or shrinks.
  const effects = p.effects.map((e) => ({
    ...e,
    atMinute:
      e.atMinute < p.triggerMinute ? e.atMinute : trigger + Math.round((e.atMinute - p.triggerMinute) * ramp),
  }));
  // The buggy build's share moves; the other kinds keep their proportions among themselves.
  const shares = p.population.kindShares;
  const rest = 1 - shares[KIND.Buggy]!;
  const kindShares = shares.map((x, k) =>
    k === KIND.Buggy ? buggy : rest > 0 ? (x * (1 - buggy)) / rest : 0,
  );
  // Restart delays scale together (how long users take to restart a crashed client), kept within 1..240 min.
  const delayMinutes = p.restart.delayMinutes.map((d) => Math.min(240, Math.max(1, Math.round(d * restart))));
  return {
    ...p,
    triggerMinute: trigger,
    effects,
    population: { ...p.population, kindShares },
    restart: { ...p.restart, delayMinutes },
    bug: { ...p.bug, crashPerSlowReply: crash },
  };
}

/** The trigger minute a seed draws (the scenario's own when it has no variation). */
export function drawnTriggerMinute(p: ModelParams, seed: number): number {
  return resolveParams(p, seed).triggerMinute;
}
