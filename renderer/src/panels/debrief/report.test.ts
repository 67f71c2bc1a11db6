import { describe, expect, it } from 'vitest';
import { sealSession, type SessionFile } from '../../../../sim-core/src/sessions/index';
import { escapeHtml, parInWords, reportHtml, sinceFirstSign } from './report';
import { analyse, builtin, closedSession } from './test-fixture';

const log: SessionFile['log'] = [
  { tick: 5, kind: 'command', role: 'incidentCommander', command: 'throttleLogins', args: {} },
  { tick: 8, kind: 'bookmark', role: 'facilitator', note: '<script>alert(1)</script> & "quotes"' },
];
const base = closedSession(log, 600);
const { checksum: _c, ...body } = base;
const session: SessionFile = sealSession({
  ...body,
  participants: [{ name: 'Ana <IC>', role: 'incidentCommander' }],
  lessons: {
    wentWell: 'calm <b>',
    toImprove: 'earlier update',
    actions: [{ text: 'drill monthly', owner: 'ops' }],
  },
});
const ctx = { startEpochMs: Date.parse(builtin.startIso), ghost: builtin.history };

describe('after-action report', () => {
  it('escapes text', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('is self-contained and carries the score breakdown, the four runs, the review, participants and lessons', async () => {
    const a = await analyse(session);
    const html = reportHtml(session, { ...ctx, analysis: a });
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\b(src|href)=/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(html).toMatch(/<svg [^>]*viewBox/);
    // A normal day, doing nothing, the 2010 response, par and this run.
    expect(html.match(/<polyline /g)).toHaveLength(5);
    expect(html).toContain(`<strong>${a.score.headline.toFixed(1)}</strong> / 100`);
    expect(html).toContain(`grade <strong>${a.score.grade}</strong>`);
    for (const e of a.score.explanations) expect(html).toContain(escapeHtml(e.text));
    for (const r of a.score.review) expect(html).toContain(escapeHtml(r.text));
    expect(html).toContain(escapeHtml(parInWords(a)));
    expect(html).toContain('Ana &lt;IC&gt; (incidentCommander)');
    expect(html).toContain('calm &lt;b&gt;');
    expect(html).toContain('drill monthly (ops)');
    expect(html).toContain('Wed 22 Dec');
    expect(html).toContain('Limits of the model');
    expect(html).toContain('reproduces the saved state hash');
  });

  it('says so when the analysis is missing', () => {
    const html = reportHtml(session, { ...ctx, analysis: null });
    expect(html).toContain('was not computed');
    expect(html).not.toContain('<svg');
  });
});

describe('time from the first sign in words', () => {
  it('says before, at or after, never a negative number of minutes', () => {
    expect(sinceFirstSign(-191)).toBe('3 h 11 min before the first sign');
    expect(sinceFirstSign(0)).toBe('at the first sign');
    expect(sinceFirstSign(12)).toBe('12 min after the first sign');
    expect(sinceFirstSign(null, 'none taken')).toBe('none taken');
  });
});
