/**
 * The model version a cached par or a saved session is tied to. A hash of the scenario's model parameters
 * alone would miss a change to the model's code, so the version also carries the state hash of a short probe
 * run: the scenario shrunk to a few thousand users, every lever pulled once, six simulated hours. Any change
 * to the parameters or to what the code does with them changes one of the two halves.
 */
import { hash, hashBytes, type ModelCommand } from '../model/index';
import { drawnTriggerMinute } from '../model/variation';
import { runScenario } from './run';
import { scaleScenario } from '../scenario/index';
import type { Scenario } from '../scenario/schema';

/** Users at the probe's daily peak: small enough to run in milliseconds, big enough to cascade. */
const PROBE_PEAK = 5000;

function ascii(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

/** `<params hash>-<probe hash>`: 33 characters, stable across runs on one engine. */
export function modelVersion(scenario: Scenario): string {
  const params = hashBytes(ascii(JSON.stringify(scenario.model)));
  const factor = Math.min(1, PROBE_PEAK / scenario.model.population.peakOnline);
  const probe = factor < 1 ? scaleScenario(scenario, factor) : scenario;
  const t0 = drawnTriggerMinute(probe.model, 1); // the probe runs seed 1
  const script: Array<{ at: number; input: ModelCommand }> = [
    { at: t0 + 20, input: { kind: 'disableFeature', feature: 'groupVideo', disabled: true } },
    { at: t0 + 30, input: { kind: 'spinUpSupernodes', count: 1 } },
    { at: t0 + 40, input: { kind: 'throttleLogins', perMinute: 1000 } },
    { at: t0 + 50, input: { kind: 'scaleOfflineMessaging', factor: 1.5 } },
    {
      at: t0 + 60,
      input: {
        kind: 'forceUpdate',
        targetVersion: '5.0.0156',
        rolloutPercentPerHour: 50,
        bandwidthGbps: 100,
      },
    },
    { at: t0 + 70, input: { kind: 'enableClientBackoff' } },
    { at: t0 + 80, input: { kind: 'disableFeature', feature: 'offlineIm', disabled: true } },
    { at: t0 + 100, input: { kind: 'throttleLogins', perMinute: null } },
  ];
  const end = Math.min(probe.model.durationMinutes, t0 + 360);
  // Through the log player, as every run is (runScenario: the model alone).
  const run = runScenario(probe, {
    seed: 1,
    hours: end / 60,
    policy: script.map((s) => ({ atMinute: s.at, command: s.input })),
  });
  return `${params}-${hash(run.sim)}`;
}
