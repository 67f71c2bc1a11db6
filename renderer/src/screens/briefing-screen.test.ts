import { describe, expect, it } from 'vitest';
import { GRADES, USER_MINUTES_PER_USD } from '../../../sim-core/src/scoring/score';
import { parseNames, realLengths, scoreLines } from './briefing-screen';

describe('names typed at the briefing', () => {
  it('split on commas and lines, trimmed, empty ones dropped, bounded', () => {
    expect(parseNames(' Ana , Ben\nCara,, ')).toEqual(['Ana', 'Ben', 'Cara']);
    expect(parseNames('')).toEqual([]);
    expect(parseNames('x'.repeat(200))).toEqual(['x'.repeat(80)]);
    expect(parseNames(Array.from({ length: 30 }, (_, i) => `n${i}`).join(','))).toHaveLength(20);
  });
});

describe('what the briefing explains', () => {
  it('the drill’s real-time length at each speed, from its simulated length', () => {
    expect(realLengths(2880, [1, 10, 60, 300, 600, 3600])).toBe(
      '48 h at 1× · 4 h 48 min at 10× · 48 min at 60× · 9 min 36 s at 300× · 4 min 48 s at 600× · 48 s at 3600×',
    );
  });
  it('the score in the scoring module’s own grade words, every band once', () => {
    const lines = scoreLines();
    for (const g of GRADES) expect(lines.join(' ')).toContain(`${g.grade} (`);
    for (const g of GRADES) expect(lines.join(' ')).toContain(g.meaning);
    expect(lines.join(' ')).toContain(`${USER_MINUTES_PER_USD} user-minutes`);
    expect(lines.at(-1)).toMatch(/^Grades: A \(90–100\): /);
  });
});
