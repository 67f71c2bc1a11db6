import { describe, expect, it } from 'vitest';
import { builtinScenario, scaleScenario } from '../../../../sim-core/src/scenario/index';
import { traceLog } from '../../../../sim-core/src/scoring/trace';
import { newSessionBody, sealSession, type SessionFile } from '../../../../sim-core/src/sessions/index';
import { compareWithDoingNothing } from './model';
import { escapeHtml, reportHtml } from './report';

const scenario = builtinScenario('skype-2010');
const log: SessionFile['log'] = [
  { tick: 5, kind: 'command', role: 'incidentCommander', command: 'throttleLogins', args: {} },
  { tick: 8, kind: 'bookmark', role: 'facilitator', note: '<script>alert(1)</script> & "quotes"' },
];
const trace = traceLog(scaleScenario(scenario, 0.01), 2, log, { minutes: 30, stopOnFullRecovery: true });
const session = sealSession({
  ...newSessionBody(
    { id: 'r', now: '2024-05-01T09:00:00.000Z', appVersion: '0.1.0', scenario, scale: 0.01, seed: 2 },
    trace.stateHash,
  ),
  log,
  progress: { minute: trace.minutes, stateHash: trace.stateHash, closed: true },
});

describe('after-action report', () => {
  it('escapes text', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('is self-contained: no scripts, no external resources; session text escaped; chart as inline SVG', () => {
    const html = reportHtml(session, compareWithDoingNothing(session, scenario));
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\b(src|href)=/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(html).toMatch(/<svg [^>]*viewBox/);
    expect(html.match(/<polyline /g)).toHaveLength(3);
    expect(html).toContain('minute 5 · incidentCommander: throttleLogins');
    expect(html).toContain('Limits of the model');
    expect(html).toContain('reproduces the saved state hash');
  });

  it('says so when the comparison is missing', () => {
    const html = reportHtml(session, null);
    expect(html).toContain('was not computed');
    expect(html).not.toContain('<svg');
  });
});
