/**
 * Hand-written policies that par and the score are tested against (sim-core/test/experts.test.ts) and that
 * `sim-core/bench/scores.ts` scores for docs/scoring.md: careful expert responses — reacting from the first sign
 * of trouble, or forcing the fixed client out from the drill's start as the record says would have prevented
 * everything (par may act from the start too) — and degenerate or wasteful ones a reviewer would not grade A.
 * Every order is within the lever ranges (a refused order would make the expert a straw man).
 */
import { parsePolicy, type Policy } from '../src/levers/index';
import type { Scenario } from '../src/scenario/schema';

/** The expert policies, given the first sign of trouble `f` on the seed. */
export function expertPolicies(s: Scenario, f: number): Record<string, Policy> {
  const d = s.model.dedicated;
  const freed = d.poolServers + d.groupVideoServers + d.offlineImServers;
  return {
    'shed offline IM, scale it x3, back on after 3 h': parsePolicy([
      { atMinute: f, command: 'disableFeature', feature: 'offlineIm', disabled: true },
      { atMinute: f, command: 'scaleOfflineMessaging', factor: 3 },
      { atMinute: f + 180, command: 'disableFeature', feature: 'offlineIm', disabled: false },
    ]),
    'early shedding plus mega-supernodes': parsePolicy([
      { atMinute: f, command: 'disableFeature', feature: 'offlineIm', disabled: true },
      { atMinute: f, command: 'disableFeature', feature: 'groupVideo', disabled: true },
      { atMinute: f + 11, command: 'spinUpSupernodes', count: freed, capacity: d.maxCapacity },
    ]),
    'early forced update at a carriable rollout, offline IM shed meanwhile': parsePolicy([
      { atMinute: f, command: 'disableFeature', feature: 'offlineIm', disabled: true },
      {
        atMinute: f,
        command: 'forceUpdate',
        rolloutPercentPerHour: 20,
        bandwidthGbps: s.model.update.maxBandwidthGbps,
      },
      { atMinute: f + 360, command: 'disableFeature', feature: 'offlineIm', disabled: false },
    ]),
    // The record's lesson: the fixed client existed; forcing it out before trouble prevents the outage.
    'forced update from the start at a rollout the update servers carry': parsePolicy([
      {
        atMinute: 0,
        command: 'forceUpdate',
        rolloutPercentPerHour: 25,
        bandwidthGbps: s.model.update.maxBandwidthGbps,
      },
    ]),
    'forced update from the start, offline IM shed at the first sign until it is done': parsePolicy([
      {
        atMinute: 0,
        command: 'forceUpdate',
        rolloutPercentPerHour: 25,
        bandwidthGbps: s.model.update.maxBandwidthGbps,
      },
      { atMinute: f, command: 'disableFeature', feature: 'offlineIm', disabled: true },
      { atMinute: f + 120, command: 'disableFeature', feature: 'offlineIm', disabled: false },
    ]),
    'the 2010 response, from the first sign': parsePolicy([
      { atMinute: f, command: 'disableFeature', feature: 'offlineIm', disabled: true },
      { atMinute: f, command: 'disableFeature', feature: 'groupVideo', disabled: true },
      { atMinute: f + 11, command: 'spinUpSupernodes', count: freed },
      {
        atMinute: f + 30,
        command: 'throttleLogins',
        perMinute: Math.max(1000, Math.round(s.model.population.peakOnline * 0.005)),
      },
      { atMinute: f + 240, command: 'throttleLogins', perMinute: null },
    ]),
  };
}

/** Degenerate or wasteful policies (issue 10): they avoid the collapse by brute force or not at all. */
export function degeneratePolicies(s: Scenario): Record<string, Policy> {
  const m = s.model;
  const toggles: unknown[] = [];
  for (let t = 0; t < m.durationMinutes; t++)
    toggles.push({ atMinute: t, command: 'disableFeature', feature: 'offlineIm', disabled: t % 2 === 0 });
  return {
    'offline IM off at minute 0, for good': parsePolicy([
      { atMinute: 0, command: 'disableFeature', feature: 'offlineIm', disabled: true },
    ]),
    'offline IM toggled every minute': parsePolicy(toggles),
    'everything bought at minute 0': parsePolicy([
      { atMinute: 0, command: 'scaleOfflineMessaging', factor: m.offlineIm.maxScale },
      {
        atMinute: 0,
        command: 'spinUpSupernodes',
        count: m.dedicated.poolServers,
        capacity: m.dedicated.maxCapacity,
      },
      {
        atMinute: 0,
        command: 'forceUpdate',
        rolloutPercentPerHour: 100,
        bandwidthGbps: m.update.maxBandwidthGbps,
      },
    ]),
    'one order of the whole spare pool at the largest capacity, at minute 0': parsePolicy([
      {
        atMinute: 0,
        command: 'spinUpSupernodes',
        count: m.dedicated.poolServers,
        capacity: m.dedicated.maxCapacity,
      },
    ]),
  };
}
