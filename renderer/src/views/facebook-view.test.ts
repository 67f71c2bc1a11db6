import { describe, expect, it } from 'vitest';
import { facebookViewWords } from './facebook-view';
import type { CascadeMetricsRow } from '../../../sim-core/src/drill/protocol';

const params = { web: { clients: 200_000 }, database: { capacityQps: 50_000 } };
const row = (over: Partial<Record<string, number | boolean>>): CascadeMetricsRow => ({
  minute: 70,
  online: 0,
  expectedOnline: 41_000_000,
  userMinutesLost: 0,
  queryQps: 200_000,
  repairQps: 190_000,
  servedQps: 2_500,
  errorShare: 0.9875,
  badClientShare: 1,
  keysDeletedPerSecond: 0,
  dbHealth: 0.05,
  admittedShare: 1,
  storeValid: false,
  verifierOn: true,
  ...over,
});

describe('the Facebook view says what the metrics say', () => {
  it('an overloaded cluster with every client bad: the loop is on, in numbers', () => {
    const w = facebookViewWords(row({}), params);
    expect(w.loopOn).toBe(true);
    expect(w.queries).toBe('200,000 queries a second');
    expect(w.capacity).toBe('capacity 50,000');
    expect(w.loadFactor).toBe(4);
    expect(w.errors).toBe('99% of queries fail');
    expect(w.health).toBe('Serving 5% of its capacity');
    expect(w.badClients).toBe('100% hold a bad or deleted value');
    expect(w.store).toBe('Stored value: read as invalid');
    expect(w.loop).toBe(
      'Feedback loop: 100% of clients hold a bad value and ask the cluster on every check (190,000 repair queries a second); its failures keep them bad',
    );
  });

  it('after the fix, the loop is the deleted keys', () => {
    const w = facebookViewWords(
      row({ storeValid: true, keysDeletedPerSecond: 2459, badClientShare: 0.75 }),
      params,
    );
    expect(w.store).toBe('Stored value: valid');
    expect(w.loop).toBe(
      'Feedback loop: failed queries delete 2,459 cache keys a second; clients with a bad value ask again (190,000 repair queries a second)',
    );
  });

  it('within capacity the loop is quiet, and a cut site shows no users let on', () => {
    const w = facebookViewWords(
      row({ queryQps: 0, servedQps: 0, errorShare: 0, admittedShare: 0, repairQps: 0, verifierOn: false }),
      params,
    );
    expect(w.loopOn).toBe(false);
    expect(w.loop).toBe('Feedback loop: quiet (no queries failing above capacity)');
    expect(w.admitted).toBe('0% let onto the site');
    expect(w.verifier).toBe('Verifier: off');
  });
});
