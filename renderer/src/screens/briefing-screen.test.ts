import { describe, expect, it } from 'vitest';
import { parseNames } from './briefing-screen';

describe('names typed at the briefing', () => {
  it('split on commas and lines, trimmed, empty ones dropped, bounded', () => {
    expect(parseNames(' Ana , Ben\nCara,, ')).toEqual(['Ana', 'Ben', 'Cara']);
    expect(parseNames('')).toEqual([]);
    expect(parseNames('x'.repeat(200))).toEqual(['x'.repeat(80)]);
    expect(parseNames(Array.from({ length: 30 }, (_, i) => `n${i}`).join(','))).toHaveLength(20);
  });
});
