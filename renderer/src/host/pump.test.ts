import { describe, expect, it } from 'vitest';
import { AdvancePump, STALL_MS } from './pump';

describe('AdvancePump', () => {
  it('sends only once a whole simulated minute has accumulated', () => {
    const p = new AdvancePump();
    // 60x: one simulated minute per real second.
    let sent: number | null = null;
    let t = 0;
    for (let i = 0; i < 59 && sent === null; i++) sent = p.frame(16, 60, true, (t += 16));
    expect(sent).toBeNull();
    for (let i = 0; i < 10 && sent === null; i++) sent = p.frame(16, 60, true, (t += 16));
    expect(sent).not.toBeNull();
    expect(sent!).toBeGreaterThanOrEqual(1000);
  });

  it('keeps one advance in flight and catches up afterwards', () => {
    const p = new AdvancePump();
    expect(p.frame(200, 3600, true, 200)).toBeCloseTo(200);
    expect(p.frame(200, 3600, true, 400)).toBeNull();
    expect(p.frame(200, 3600, true, 600)).toBeNull();
    p.settled();
    expect(p.frame(16, 3600, true, 616)).toBeCloseTo(416);
  });

  it('gives up on an unanswered advance after the stall time', () => {
    const p = new AdvancePump();
    expect(p.frame(100, 3600, true, 100)).not.toBeNull();
    expect(p.frame(100, 3600, true, 100 + STALL_MS + 1)).not.toBeNull();
  });

  it('counts nothing while paused and clamps long frame gaps', () => {
    const p = new AdvancePump();
    expect(p.frame(10_000, 60, false, 10_000)).toBeNull();
    expect(p.frame(10_000, 60, true, 20_000)).toBeNull(); // 250 ms counted = 15 simulated seconds
  });
});
