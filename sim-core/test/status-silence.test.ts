import { describe, expect, it } from 'vitest';
import { createDrillHost } from '../src/drill/host';
import type { DrillOut } from '../src/drill/protocol';
import { builtinScenario, scaleScenario } from '../src/scenario/index';
import { logFromHost } from '../src/sessions/replay';
import { parseTimeline, statusSilenceDue } from '../src/timeline/index';

const scenario = scaleScenario(builtinScenario('skype-2010'), 0.0025);
const SILENT = 'status-page-silent';
const ALERT = 'om-latency-alert';

/** A drill of skype-2010 at a small scale, saying `script` entries when the minute comes, up to `until`. */
function run(
  until: number,
  script: (minute: number, firedAlertAt: number | null) => Array<Record<string, unknown>>,
) {
  const out: DrillOut[] = [];
  const host = createDrillHost(scenario, 3, (m) => out.push(m));
  const say = (m: Record<string, unknown>) => host.receive({ v: 1, ...m });
  say({ type: 'start' });
  const fired = () => out.filter((m): m is Extract<DrillOut, { type: 'inject' }> => m.type === 'inject');
  let minute = 0;
  while (minute < until) {
    const alert = fired().find((m) => m.id === ALERT)?.atMinute ?? null;
    for (const m of script(minute, alert)) say(m);
    say({ type: 'step', ticks: 1 });
    minute++;
  }
  say({ type: 'pause' }); // a paused snapshot carries the state hash
  const last = out.filter((m) => m.type === 'snapshot').at(-1) as Extract<DrillOut, { type: 'snapshot' }>;
  const result = { injects: fired(), hash: last.stateHash, log: logFromHost(host.logTail(0).entries) };
  host.dispose();
  return result;
}

const opened = (minute: number) =>
  minute === 0 ? [{ type: 'status', event: 'opened', role: 'facilitator' }] : [];

describe('status-silence injects (a team drill whose status page stays silent)', () => {
  it('is due only with the page open, the alert fired, the minutes passed and nothing published since', () => {
    const t = { noStatusFor: 30, after: ALERT };
    const fired = new Map([[ALERT, 100]]);
    const s = (open: boolean, lastPublishedMinute: number | null) => ({
      open,
      lastPublishedMinute,
      firstFired: fired,
    });
    expect(statusSilenceDue(t, 130, s(true, null))).toBe(true);
    expect(statusSilenceDue(t, 129, s(true, null))).toBe(false);
    expect(statusSilenceDue(t, 130, s(false, null))).toBe(false);
    expect(statusSilenceDue(t, 130, s(true, 100))).toBe(false);
    // An update from before the alert does not answer it.
    expect(statusSilenceDue(t, 130, s(true, 99))).toBe(true);
    expect(statusSilenceDue(t, 500, { open: true, lastPublishedMinute: null, firstFired: new Map() })).toBe(
      false,
    );
  });

  it('refuses a trigger whose "after" names no other inject', () => {
    const tl = structuredClone(scenario.timeline) as { injects: Array<{ id: string; trigger: unknown }> };
    tl.injects.find((i) => i.id === SILENT)!.trigger = { noStatusFor: 30, after: 'no-such-inject' };
    expect(() => parseTimeline(tl)).toThrow(/after/);
  });

  it('fires 30 minutes after the first alert in a team drill whose comms published nothing', () => {
    const r = run(600, opened);
    const alert = r.injects.find((m) => m.id === ALERT);
    expect(alert).toBeDefined();
    const silent = r.injects.filter((m) => m.id === SILENT);
    expect(silent.map((m) => m.atMinute)).toEqual([alert!.atMinute + 30]);
    expect(silent[0]!.text).toContain('status page has said nothing');
  });

  it('stays quiet when comms published after the alert, and in a solo drill (no status page)', () => {
    const published = run(600, (minute, alertAt) => [
      ...opened(minute),
      ...(alertAt !== null && minute === alertAt + 10
        ? [{ type: 'status', event: 'published', role: 'comms' }]
        : []),
    ]);
    expect(published.injects.some((m) => m.id === ALERT)).toBe(true);
    expect(published.injects.some((m) => m.id === SILENT)).toBe(false);
    expect(
      published.log.filter((e) => e.kind === 'status').map((e) => e.kind === 'status' && e.event),
    ).toEqual(['opened', 'published']);
    const solo = run(600, () => []);
    expect(solo.injects.some((m) => m.id === ALERT)).toBe(true);
    expect(solo.injects.some((m) => m.id === SILENT)).toBe(false);
  });

  it('replays from the logged, tick-stamped status entries to the same injects and state hash', () => {
    const live = run(400, opened);
    const out: DrillOut[] = [];
    const again = createDrillHost(scenario, 3, (m) => out.push(m));
    again.receive({ v: 1, type: 'replay', log: live.log, minute: 400 });
    const injects = out.filter((m) => m.type === 'inject').map((m) => [m.id, m.atMinute]);
    expect(injects).toEqual(live.injects.map((m) => [m.id, m.atMinute]));
    expect(injects.some(([id]) => id === SILENT)).toBe(true);
    const last = out.filter((m) => m.type === 'snapshot').at(-1) as Extract<DrillOut, { type: 'snapshot' }>;
    expect(last.stateHash).toBe(live.hash);
    again.dispose();
  });
});
