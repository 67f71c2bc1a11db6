/**
 * The Skype model behind the cascade model interface (model/cascade.ts): the model's create/step/snapshot/hash
 * with this layer's lever rules (parse, check, preview), stated once in rules.ts and preview.ts. It sits in the
 * levers layer because the Skype lever rules do; a model that states its rules itself (Facebook) needs no adapter.
 */
import {
  createSim,
  currentTick,
  hash,
  restore,
  snapshot,
  step,
  type CascadeLever,
  type CascadeMetrics,
  type CascadeModel,
  type CascadeSim,
  type ModelCommand,
  type ModelParams,
  type OrderKind,
  type Sim,
} from '../model/index';
import { leverContext, leverContextAtStart } from './context';
import { previewLever } from './preview';
import { checkLever, LEVERS, ORDER_WORDS, parseLever } from './rules';
import { duration, usd } from './words';

/** Skype metrics in the common row shape, with the supernode layer's main numbers beside it. */
export interface SkypeCascadeMetrics extends CascadeMetrics {
  supernodesAlive: number;
  dedicatedSupernodes: number;
  omLatencyMs: number;
  costUsd: number;
}

function wrap(params: ModelParams, sim: Sim): CascadeSim<ModelCommand, SkypeCascadeMetrics> {
  return {
    kind: 'skype',
    tick: () => currentTick(sim),
    triggerMinute: () => sim.params.triggerMinute,
    step: (inputs) => step(sim, inputs),
    metrics: () => ({
      minute: sim.m.tick,
      online: sim.m.online,
      expectedOnline: sim.m.expectedOnline,
      userMinutesLost: sim.m.userMinutesLost,
      supernodesAlive: sim.m.supernodesAlive,
      dedicatedSupernodes: sim.m.dedicatedSupernodes,
      omLatencyMs: sim.m.omLatencyMs,
      costUsd: sim.m.costUsd,
    }),
    check: (c) => {
      const r = checkLever(sim, c);
      return r.ok ? null : r.reason;
    },
    preview: (c) => {
      const { kind, ...args } = c;
      const p = previewLever(params, leverContext(sim), kind as OrderKind, args);
      return {
        ok: p.ok,
        refusal: p.refusal,
        leadMinutes: p.leadMinutes,
        takesEffectAtMinute: p.takesEffectAtMinute,
        consequences: p.consequences,
      };
    },
    snapshot: () => snapshot(sim),
    hash: () => hash(sim),
  };
}

/** The Skype December 2010 model (and its variants, e.g. Skype 2007) as a cascade model. */
export const skypeCascadeModel: CascadeModel<ModelParams, ModelCommand, SkypeCascadeMetrics> = {
  kind: 'skype',
  create: (params, seed) => wrap(params, createSim({ model: params }, seed)),
  restore: (params, bytes) => wrap(params, restore({ model: params }, bytes)),
  levers: (params) => {
    const ctx = leverContextAtStart(params);
    return LEVERS.filter((k): k is OrderKind => k !== 'cancelOrder').map((kind) => {
      // The preview of the lever with its default arguments at tick 0: the same rule the console shows.
      const p = previewLever(params, ctx, kind, {});
      const costs = [
        ...(p.usdPerHour > 0 ? [`${usd(p.usdPerHour)} an hour`] : []),
        ...(p.usdOnce > 0 ? [`${usd(p.usdOnce)} once`] : []),
        ...(p.userHoursPerHour > 0 ? [`${Math.round(p.userHoursPerHour)} user-hours an hour`] : []),
      ];
      return {
        kind,
        title: ORDER_WORDS[kind],
        effect: p.consequences[0] ?? p.refusal ?? '',
        leadMinutes: p.leadMinutes,
        usdPerHour: p.usdPerHour,
        cost:
          costs.length > 0
            ? costs.join(' and ')
            : `nothing at its defaults (takes ${duration(p.leadMinutes)})`,
      } satisfies CascadeLever;
    });
  },
  parseCommand: (entry) => {
    const r = parseLever(entry);
    if (!r.ok) throw new Error(r.reason);
    return r.command;
  },
  facts: () => [
    { name: 'supernodesAlive', label: 'supernodes alive', unit: 'supernodes' },
    { name: 'dedicatedSupernodes', label: 'dedicated supernodes running', unit: 'supernodes' },
    { name: 'omLatencyMs', label: 'offline-IM latency', unit: 'ms' },
    { name: 'costUsd', label: 'money spent on the response', unit: 'USD' },
  ],
};
