import { describe, expect, it } from 'vitest';
import { parseTeamHash } from './team-url';

describe('parseTeamHash', () => {
  it('reads the join code, an empty join page and the facilitator secret', () => {
    expect(parseTeamHash('#join=ABCDE-12345')).toEqual({ mode: 'join', code: 'ABCDE-12345' });
    expect(parseTeamHash('#join')).toEqual({ mode: 'join', code: '' });
    expect(parseTeamHash('#join=ABCDE-12345&scenario=skype-2007')).toEqual({
      mode: 'join',
      code: 'ABCDE-12345',
      scenario: 'skype-2007',
    });
    expect(parseTeamHash('#join=ABCDE-12345&scenario=../x')).toEqual({ mode: 'join', code: 'ABCDE-12345' });
    expect(parseTeamHash('#facilitator=s3cr3t')).toEqual({ mode: 'facilitator', secret: 's3cr3t' });
  });

  it('is the ordinary app otherwise', () => {
    expect(parseTeamHash('')).toBeNull();
    expect(parseTeamHash('#facilitator=')).toBeNull();
    expect(parseTeamHash('#something')).toBeNull();
  });
});
