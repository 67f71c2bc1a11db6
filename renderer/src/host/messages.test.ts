import { describe, expect, it } from 'vitest';
import { checkDrillMessage, parseDrillMessage } from './messages';

const snapshot = {
  v: 1,
  type: 'snapshot',
  view: 'supernodes',
  minute: 3,
  session: 'running',
  speed: 60,
  phase: 'normal',
  state: new Uint8Array(4),
  load: new Float32Array(4),
  attached: new Int32Array(4),
  dedicated: new Uint8Array(4),
  hostKind: new Uint8Array(4),
  metrics: null,
  pending: [],
};

describe('checkDrillMessage', () => {
  it('accepts a consistent snapshot', () => {
    expect(checkDrillMessage(snapshot)).toBeNull();
    expect(parseDrillMessage(snapshot)).toBe(snapshot);
  });

  it('rejects other versions, unknown types and non-objects', () => {
    expect(checkDrillMessage({ ...snapshot, v: 2 })).toMatch(/version/);
    expect(checkDrillMessage({ v: 1, type: 'rm -rf' })).toMatch(/unknown type/);
    expect(checkDrillMessage(null)).toMatch(/object/);
    expect(checkDrillMessage([1])).toMatch(/object/);
  });

  it('rejects snapshots whose arrays disagree', () => {
    expect(checkDrillMessage({ ...snapshot, load: new Float32Array(3) })).toMatch(/one length/);
    expect(checkDrillMessage({ ...snapshot, attached: [0, 0, 0, 0] })).toMatch(/one length/);
    expect(checkDrillMessage({ ...snapshot, hostKind: new Uint8Array(2) })).toMatch(/one length/);
  });

  it('accepts ready only with a region per slot', () => {
    const ready = {
      v: 1,
      type: 'ready',
      view: 'supernodes',
      model: 'skype',
      leverInfo: [],
      facts: [],
      startIso: '2010-12-22T12:00:00Z',
      durationMinutes: 10,
      supernodeCount: 2,
      regions: ['A'],
      region: new Uint8Array(2),
      speeds: [1],
      levers: [],
    };
    expect(checkDrillMessage(ready)).toBeNull();
    expect(checkDrillMessage({ ...ready, region: new Uint8Array(1) })).toMatch(/region/);
  });

  it("accepts another model's ready and snapshot without the supernode map, and refuses an unknown view", () => {
    const ready = {
      v: 1,
      type: 'ready',
      view: 'cascade',
      model: 'facebook',
      leverInfo: [],
      facts: [],
      startIso: '2010-09-23T17:30:00Z',
      durationMinutes: 10,
      speeds: [1],
      levers: [],
    };
    expect(checkDrillMessage(ready)).toBeNull();
    expect(checkDrillMessage({ ...ready, leverInfo: undefined })).toMatch(/leverInfo/);
    expect(checkDrillMessage({ ...ready, view: 'map' })).toMatch(/view/);
    const snap = { v: 1, type: 'snapshot', view: 'cascade', minute: 3, speed: 60, pending: [], previews: [] };
    expect(checkDrillMessage(snap)).toBeNull();
    expect(checkDrillMessage({ ...snap, previews: undefined })).toMatch(/previews/);
    expect(checkDrillMessage({ ...snapshot, view: undefined })).toMatch(/view/);
  });

  it('reports why through onBad', () => {
    const why: string[] = [];
    expect(parseDrillMessage({ v: 1, type: 'metrics' }, (w) => why.push(w))).toBeNull();
    expect(why[0]).toMatch(/metrics/);
  });
});
