/**
 * The after-action report as one self-contained HTML file: inline CSS, no scripts, no external resources, the
 * chart as inline SVG. Built as a string from the session and (optionally) the comparison with doing nothing;
 * every piece of session text is escaped.
 */
import type { SessionFile } from '../../../../sim-core/src/sessions/index';
import { debriefEvents, MODEL_LIMITS, type Comparison } from './model';

/** Escape text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const fmt = (n: number): string =>
  Math.abs(n) >= 1e6
    ? `${(n / 1e6).toFixed(1)}M`
    : Math.abs(n) >= 1e3
      ? `${(n / 1e3).toFixed(1)}k`
      : n.toFixed(0);

/** Clients online over the run as an inline SVG: this run, doing nothing, a normal day, decision markers. */
export function onlineChartSvg(
  c: Comparison,
  decisions: readonly { minute: number; text: string }[],
): string {
  const W = 720;
  const H = 240;
  const pad = 36;
  const pts = c.series;
  if (pts.length < 2) return '<p>Too short a run to chart.</p>';
  const maxX = pts[pts.length - 1]!.minute || 1;
  const maxY = Math.max(1, ...pts.map((p) => Math.max(p.online, p.idle, p.expected)));
  const x = (m: number) => (pad + (m / maxX) * (W - 2 * pad)).toFixed(1);
  const y = (v: number) => (H - pad - (v / maxY) * (H - 2 * pad)).toFixed(1);
  const line = (get: (p: (typeof pts)[number]) => number, colour: string, dash = '') =>
    `<polyline fill="none" stroke="${colour}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''} points="${pts
      .map((p) => `${x(p.minute)},${y(get(p))}`)
      .join(' ')}"/>`;
  const markers = decisions
    .filter((d) => d.minute <= maxX)
    .map(
      (d) =>
        `<line x1="${x(d.minute)}" x2="${x(d.minute)}" y1="${pad}" y2="${H - pad}" stroke="#b45309" stroke-width="1"><title>${escapeHtml(`minute ${d.minute}: ${d.text}`)}</title></line>`,
    )
    .join('');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="Clients online over the run">`,
    `<rect x="0" y="0" width="${W}" height="${H}" fill="#fff"/>`,
    `<line x1="${pad}" x2="${W - pad}" y1="${H - pad}" y2="${H - pad}" stroke="#999"/>`,
    `<text x="${pad}" y="${pad - 8}" font-size="11">${fmt(maxY)} online</text>`,
    `<text x="${W - pad}" y="${H - 10}" font-size="11" text-anchor="end">minute ${maxX}</text>`,
    line((p) => p.expected, '#9ca3af', '4 3'),
    line((p) => p.idle, '#dc2626', '6 3'),
    line((p) => p.online, '#2563eb'),
    markers,
    '</svg>',
  ].join('');
}

/** The whole report. `comparison` null: the chart and measures are left out, and the report says so. */
export function reportHtml(session: SessionFile, comparison: Comparison | null): string {
  const events = debriefEvents(session);
  const decisions = events.filter((e) => e.kind !== 'bookmark');
  const bookmarks = events.filter((e) => e.kind === 'bookmark');
  const li = (items: readonly string[], empty: string) =>
    items.length > 0
      ? `<ol>${items.map((t) => `<li>${escapeHtml(t)}</li>`).join('')}</ol>`
      : `<p>${empty}</p>`;
  const measures = comparison
    ? `<table><tr><th></th><th>This run</th><th>Doing nothing</th></tr>
<tr><td>User-hours lost</td><td>${fmt(comparison.run.userMinutesLost / 60)}</td><td>${fmt(comparison.doNothing.userMinutesLost / 60)}</td></tr>
<tr><td>Money spent (USD)</td><td>${fmt(comparison.run.costUsd)}</td><td>${fmt(comparison.doNothing.costUsd)}</td></tr>
</table>
<p>${comparison.avoided === null ? '' : `Loss avoided: ${Math.round(comparison.avoided * 100)}% of the do-nothing loss. `}Replay ${comparison.hashMatches ? 'reproduces' : 'does NOT reproduce'} the saved state hash (${escapeHtml(comparison.stateHash)}).</p>
${onlineChartSvg(
  comparison,
  decisions.map((d) => ({ minute: d.minute, text: `${d.who}: ${d.text}` })),
)}
<p class="legend"><span style="color:#2563eb">━ this run</span> · <span style="color:#dc2626">╍ doing nothing</span> · <span style="color:#9ca3af">╍ a normal day</span> · <span style="color:#b45309">│ decisions</span></p>`
    : '<p>The comparison with doing nothing was not computed.</p>';
  const title = `${session.title} — after-action report`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; color: #111; background: #fff; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 1.5rem; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; } td, th { padding: 0.2rem 0.8rem; text-align: left; border-bottom: 1px solid #eee; }
.muted, .legend { color: #555; font-size: 0.9em; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="muted">Scenario ${escapeHtml(session.scenario.id)} v${session.scenario.version}, scale ${session.scenario.scale}, seed ${session.seed}; ${session.progress.minute} simulated minutes; model ${escapeHtml(session.model.version)}; Cascade Drill ${escapeHtml(session.app.version)}; saved ${escapeHtml(session.savedAt)}.</p>
<h2>Participants</h2>
${li(
  session.participants.map((p) => `${p.name} (${p.role})`),
  'None recorded.',
)}
<h2>Score</h2>
<p class="muted">The 0–100 headline and grade compare the run with par, which this report does not include (par is computed by <code>npm run par</code>). The run is compared with doing nothing on the same seed.</p>
${measures}
<h2>Decisions</h2>
${li(
  decisions.map((d) => `minute ${d.minute} · ${d.who}: ${d.text}`),
  'No lever was pulled.',
)}
<h2>Facilitator bookmarks</h2>
${li(
  bookmarks.map((b) => `minute ${b.minute}: ${b.text}`),
  'No bookmarks.',
)}
<h2>Lessons learned</h2>
<p><strong>Went well:</strong> ${escapeHtml(session.lessons.wentWell) || '—'}</p>
<p><strong>To improve:</strong> ${escapeHtml(session.lessons.toImprove) || '—'}</p>
${li(
  session.lessons.actions.map((a) => `${a.text}${a.owner ? ` (${a.owner})` : ''}`),
  'No actions recorded.',
)}
<h2>Limits of the model</h2>
<ul>${MODEL_LIMITS.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>
</body>
</html>
`;
}
