/**
 * The cascade model's public face: create, step, read, snapshot, restore, hash. Deterministic by contract:
 * the same scenario, seed and tick-stamped inputs give the same hash in Node, a worker and a browser.
 */
import { asciiBytes, hashBytes } from './bytes';
import { stepWorld } from './step';
import type { ModelScenario, SimInput, SimMetrics, SupernodeView } from './types';
import { resolveParams } from './variation';
import { allocateWorld, initWorld, type Scalars, type World, type PendingCommand } from './world';

export * from './types';
export * from './cascade';
export { expectedOnline, emptyMetrics } from './world';
export { resolveParams, drawnTriggerMinute } from './variation';
export { leadMinutes, dedicatedPool, dedicatedInUse, featureLossShare, dedicatedUsdPerHour } from './step';

/** An opaque running simulation. */
export type Sim = World;

/** Create a simulation at tick 0. `seed` is any 32-bit integer. */
export function createSim(scenario: ModelScenario, seed: number): Sim {
  return initWorld(scenario.model, seed | 0);
}

/**
 * Advance one tick (one simulated minute). Inputs are stamped with the current tick by the caller; any whose
 * tick differs from the sim's is still applied now (the caller owns scheduling), in the order given.
 */
export function step(sim: Sim, inputs: readonly SimInput[] = []): void {
  stepWorld(sim, inputs);
}

/** The tick the next step will simulate (= minutes simulated so far). */
export function currentTick(sim: Sim): number {
  return sim.s.tick;
}

/** Metrics of the last completed tick (a copy). */
export function metrics(sim: Sim): SimMetrics {
  return { ...sim.m, onlineByKind: [...sim.m.onlineByKind] };
}

/** Live typed arrays of the supernode layer, for drawing. Read-only by convention; copy before transferring. */
export function supernodeView(sim: Sim): SupernodeView {
  return {
    count: sim.slots,
    state: sim.snState,
    load: sim.snLoad,
    region: sim.snRegion,
    attached: sim.snAttached,
    capacity: sim.snCapacity,
    dedicated: sim.snDedicated,
    hostKind: sim.snHostKind,
  };
}

/** Pending commands still waiting for their lead time (copies). */
export function pendingCommands(sim: Sim): PendingCommand[] {
  return sim.pending.map((p) => ({ at: p.at, issued: p.issued, command: { ...p.command } }));
}

const ARRAYS = [
  'rng',
  'snState',
  'snTimer',
  'snCapacity',
  'snHostKind',
  'snRegion',
  'snDedicated',
  'snAttached',
  'snLoad',
  'snProtectAt',
  'snTrafficAvg',
  'snWaiting',
  'waitingKind',
  'cohort',
  'onlineKind',
  'searching',
  'gone',
  'crashWheel',
  'installWheel',
] as const;

const MAGIC = 0x43445331; // "CDS1"

/**
 * Serialise the full state: a header (magic, JSON length), the scalars, pending commands and last metrics as
 * JSON, then every typed array's bytes, each 8-byte aligned.
 */
export function snapshot(sim: Sim): Uint8Array {
  const json = asciiBytes(
    JSON.stringify({ model: modelFingerprint(sim.params), s: sim.s, pending: sim.pending, m: sim.m }),
  );
  let size = 8 + pad(json.length);
  for (const k of ARRAYS) size += pad(sim[k].byteLength);
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, MAGIC, true);
  dv.setUint32(4, json.length, true);
  out.set(json, 8);
  let off = 8 + pad(json.length);
  for (const k of ARRAYS) {
    const a = sim[k];
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), off);
    off += pad(a.byteLength);
  }
  return out;
}

/** Rebuild a simulation from a snapshot of the same scenario. Throws on a snapshot that does not fit. */
export function restore(scenario: ModelScenario, bytes: Uint8Array): Sim {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 8 || dv.getUint32(0, true) !== MAGIC)
    throw new Error('not a Cascade Drill snapshot');
  const jlen = dv.getUint32(4, true);
  if (8 + jlen > bytes.byteLength) throw new Error('snapshot is truncated');
  let parsed: { model: string; s: Scalars; pending: PendingCommand[]; m: SimMetrics };
  try {
    parsed = JSON.parse(asciiString(bytes.subarray(8, 8 + jlen))) as typeof parsed;
  } catch {
    throw new Error('snapshot header is corrupt');
  }
  if (typeof parsed.s?.seed !== 'number') throw new Error('snapshot is from another scenario');
  // The snapshot carries the parameters its seed drew; the same scenario and seed must draw them again.
  const params = resolveParams(scenario.model, parsed.s.seed);
  if (parsed.model !== modelFingerprint(params)) throw new Error('snapshot is from another scenario');
  // Arrays are sized by the scenario and every one is overwritten below.
  const w = allocateWorld(params);
  w.s = parsed.s;
  w.pending = parsed.pending;
  w.m = parsed.m;
  let off = 8 + pad(jlen);
  for (const k of ARRAYS) {
    const a = w[k];
    if (off + a.byteLength > bytes.byteLength)
      throw new Error('snapshot is truncated or from another scenario');
    new Uint8Array(a.buffer, a.byteOffset, a.byteLength).set(bytes.subarray(off, off + a.byteLength));
    off += pad(a.byteLength);
  }
  if (off !== bytes.byteLength) throw new Error('snapshot size does not match this scenario');
  return w;
}

function asciiString(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 4096) s += String.fromCharCode(...bytes.subarray(i, i + 4096));
  return s;
}

const pad = (n: number) => (n + 7) & ~7;

/** A short fingerprint of the model parameters, so a snapshot cannot be restored into another scenario. */
function modelFingerprint(params: ModelScenario['model']): string {
  // The kind names the model, not its state: a file that says `"kind": "skype"` plays (and hashes) as one that
  // leaves it out.
  const { kind: _kind, ...rest } = params;
  return hashBytes(asciiBytes(JSON.stringify(rest)));
}

/** 64-bit FNV-1a-style hash (two 32-bit lanes) of the full snapshot, as 16 hex digits. */
export function hash(sim: Sim): string {
  return hashBytes(snapshot(sim));
}

export { hashBytes } from './bytes';
