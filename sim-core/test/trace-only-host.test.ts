import { describe, expect, it } from 'vitest';
import { createDrillHost } from '../src/drill/host';
import type { DrillOut } from '../src/drill/protocol';
import { builtinScenario, drawnTriggerMinute, scaleScenario } from '../src/scenario/index';

const scenario = scaleScenario(builtinScenario('skype-2010'), 0.0025);
const SEED = 5;
const t0 = drawnTriggerMinute(scenario.model, SEED);

/** Drive a host the way a tracer does (one tick per step, a command, an inject) and keep what it said. */
function drive(traceOnly: boolean) {
  const said: DrillOut[] = [];
  const host = createDrillHost(scenario, SEED, (m) => said.push(m), { stopOnFullRecovery: false, traceOnly });
  const say = (m: Record<string, unknown>) => host.receive({ v: 1, ...m });
  say({ type: 'start' });
  for (let i = 0; i < 900; i++) {
    if (i === t0 + 20)
      say({
        type: 'command',
        role: 'incidentCommander',
        command: 'disableFeature',
        args: { feature: 'offlineIm', disabled: true },
      });
    if (i === t0 + 40) say({ type: 'fireInject', id: 'dc-link-degrades' });
    say({ type: 'step', ticks: 1 });
  }
  const result = { said, hash: host.hash(), checkpoints: host.checkpointMinutes() };
  say({ type: 'seek', minute: 120 });
  host.dispose();
  return result;
}

describe('a trace-only drill host', () => {
  it('says everything a full host says except view snapshots, and ends on the same state hash', () => {
    const full = drive(false);
    const traced = drive(true);
    expect(full.said.filter((m) => m.type === 'snapshot').length).toBeGreaterThan(800);
    expect(traced.said.some((m) => m.type === 'snapshot')).toBe(false);
    const notViews = (l: DrillOut[]) =>
      l.filter(
        (m) => m.type !== 'snapshot' && m.type !== 'seeked' && m.type !== 'error' && m.type !== 'session',
      );
    expect(JSON.stringify(notViews(traced.said))).toBe(JSON.stringify(notViews(full.said)));
    expect(traced.hash).toBe(full.hash);
  });

  it('keeps no checkpoints, so it refuses to seek', () => {
    const full = drive(false);
    const traced = drive(true);
    expect(full.checkpoints.length).toBeGreaterThan(10);
    expect(traced.checkpoints).toEqual([]);
    expect(full.said.some((m) => m.type === 'seeked')).toBe(true);
    const refusal = traced.said.find((m) => m.type === 'error');
    expect(refusal).toMatchObject({ message: 'no checkpoint to seek from', inReplyTo: 'seek' });
  });
});
