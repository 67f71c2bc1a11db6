/**
 * The after-action report as one self-contained HTML file: inline CSS, no scripts, no external resources, the
 * chart as inline SVG. Built as a string from the session and (when computed) the debrief's analysis: the
 * score and its breakdown against doing nothing, the 2010 response and par, the explanations, the decision
 * review, the timeline chart, participants, decisions, bookmarks and lessons learned. Every piece of session
 * text is escaped. The same HTML is what Electron prints to PDF.
 */
import type { RunMeasures } from '../../../../sim-core/src/scoring/score';
import type { SessionFile } from '../../../../sim-core/src/sessions/index';
import type { Scenario } from '../../../../sim-core/src/scenario/schema';
import type { TeamScoreCard } from '../../../../sim-core/src/team/protocol';
import { formatGmtClock, scenarioInstant } from '../../format/clock';
import { formatCompact, formatUsd } from '../../format/numbers';
import type { Analysis } from './analysis';
import {
  commandWords,
  debriefEvents,
  debriefRuns,
  debriefSeries,
  MODEL_LIMITS,
  type SeriesPoint,
} from './model';

/** Escape text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const fmt = (n: number): string => formatCompact(n);

/** Colours of the four runs, shared by the report's SVG and its legend. */
const RUN_COLOURS = { you: '#2563eb', doNothing: '#dc2626', historical: '#7c3aed', par: '#059669' } as const;

/**
 * Clients online over the run as an inline SVG: yours, doing nothing, the 2010 response, par, a normal day,
 * the published 2010 record as dots, and decision markers.
 */
export function onlineChartSvg(
  points: readonly SeriesPoint[],
  ghost: readonly { minute: number; online: number }[],
  decisions: readonly { minute: number; text: string }[],
): string {
  const W = 720;
  const H = 260;
  const pad = 40;
  if (points.length < 2) return '<p>Too short a run to chart.</p>';
  const maxX = points[points.length - 1]!.minute || 1;
  const ghostIn = ghost.filter((g) => g.minute >= 0 && g.minute <= maxX);
  const maxY = Math.max(
    1,
    ...points.map((p) =>
      Math.max(p.expected, p.online.you, p.online.doNothing, p.online.par, p.online.historical ?? 0),
    ),
    ...ghostIn.map((g) => g.online),
  );
  const x = (m: number) => (pad + (m / maxX) * (W - 2 * pad)).toFixed(1);
  const y = (v: number) => (H - pad - (v / maxY) * (H - 2 * pad)).toFixed(1);
  const line = (get: (p: SeriesPoint) => number | null, colour: string, dash = '', width = 2) => {
    const pts = points.flatMap((p) => {
      const v = get(p);
      return v === null ? [] : [`${x(p.minute)},${y(v)}`];
    });
    return pts.length < 2
      ? ''
      : `<polyline fill="none" stroke="${colour}" stroke-width="${width}"${dash ? ` stroke-dasharray="${dash}"` : ''} points="${pts.join(' ')}"/>`;
  };
  const markers = decisions
    .filter((d) => d.minute <= maxX)
    .map(
      (d) =>
        `<line x1="${x(d.minute)}" x2="${x(d.minute)}" y1="${pad}" y2="${H - pad}" stroke="#b45309" stroke-width="1"><title>${escapeHtml(d.text)}</title></line>`,
    )
    .join('');
  const dots = ghostIn
    .map(
      (g) =>
        `<circle cx="${x(g.minute)}" cy="${y(g.online)}" r="3" fill="#6b7280"><title>2010 record: ${fmt(g.online)} online</title></circle>`,
    )
    .join('');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="Clients online over the run">`,
    `<rect x="0" y="0" width="${W}" height="${H}" fill="#fff"/>`,
    `<line x1="${pad}" x2="${W - pad}" y1="${H - pad}" y2="${H - pad}" stroke="#999"/>`,
    `<text x="${pad}" y="${pad - 8}" font-size="11">${fmt(maxY)} online</text>`,
    `<text x="${W - pad}" y="${H - 12}" font-size="11" text-anchor="end">minute ${maxX}</text>`,
    line((p) => p.expected, '#9ca3af', '4 3', 1),
    line((p) => p.online.doNothing, RUN_COLOURS.doNothing, '6 3'),
    line((p) => p.online.historical, RUN_COLOURS.historical, '2 3'),
    line((p) => p.online.par, RUN_COLOURS.par),
    line((p) => p.online.you, RUN_COLOURS.you, '', 2.5),
    dots,
    markers,
    '</svg>',
  ].join('');
}

/** What the report says about a session beyond the file itself. */
export interface ReportContext {
  /** The analysis (null: it was not computed; the report says so). */
  analysis: Analysis | null;
  /** The scenario clock's start, for times in GMT. */
  startEpochMs: number;
  /** The published 2010 record (the scenario's history points). */
  ghost: readonly { minute: number; online: number }[];
  /** The scenario the session names, when it is not a built-in one (a file's: its injects' words). */
  scenario?: Scenario;
}

function scoreSection(a: Analysis, at: (m: number) => string): string {
  const s = a.score;
  const row = (name: string, m: RunMeasures, score: string) =>
    `<tr><td>${name}</td><td>${fmt(m.userMinutesLost / 60)}</td><td>${escapeHtml(formatUsd(m.cost.totalUsd))}</td><td>${fmt(m.loss / 60)}</td><td>${score}</td></tr>`;
  const t = s.timeToFirstEffectiveAction;
  return `<p class="headline"><strong>${s.headline.toFixed(1)}</strong> / 100 · grade <strong>${escapeHtml(s.grade)}</strong> (${escapeHtml(s.gradeMeaning)})</p>
${s.notes.map((n) => `<p>${escapeHtml(n)}</p>`).join('')}
<table><tr><th></th><th>User-hours lost</th><th>Cost</th><th>Loss (user-hours incl. cost)</th><th>Score</th></tr>
${row('This run', s.run, s.headline.toFixed(1))}
${row('Doing nothing', s.doNothing, '0')}
${s.historical ? row('The 2010 response', s.historical, s.historical.headline.toFixed(1)) : ''}
${row('Par', s.par, '100')}
</table>
<p>Time to first effective action: ${sinceFirstSign(t.minutes)}${t.firstSignMinute === null ? '' : ` (first sign ${escapeHtml(at(t.firstSignMinute))})`}; par: ${sinceFirstSign(t.par)}.</p>
<p class="muted">Par: ${escapeHtml(parInWords(a))}. Replay ${a.replay.hashMatches ? 'reproduces' : 'does NOT reproduce'} the saved state hash (${escapeHtml(a.replay.stateHash)}).</p>
<h3>Where the points went</h3>
<ol>${s.explanations.map((e) => `<li>${escapeHtml(e.text)}</li>`).join('')}</ol>
<h3>Decision review</h3>
${s.review.length > 0 ? `<ol>${s.review.map((r) => `<li>${escapeHtml(r.text)}</li>`).join('')}</ol>` : '<p>No lever was pulled.</p>'}`;
}

/** Minutes from the first sign of trouble in words: "12 min after the first sign", "3 h 11 min before it". */
export function sinceFirstSign(minutes: number | null, none = 'none'): string {
  if (minutes === null) return none;
  const m = Math.abs(minutes);
  const d = m >= 60 ? `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ''}` : `${m} min`;
  return minutes < 0
    ? `${d} before the first sign`
    : minutes === 0
      ? 'at the first sign'
      : `${d} after the first sign`;
}

/** Par's policy in one line: each command at its minute. */
export function parInWords(a: Pick<TeamScoreCard, 'par'>): string {
  const p = a.par;
  const steps = p.policy.map((e) => {
    const { atMinute, command, ...args } = e as { atMinute: number; command: string } & Record<
      string,
      unknown
    >;
    // The lever's own words and labels, as the decision list says them (ids stay in the policy file).
    return `${commandWords(command, args)} at minute ${atMinute}`;
  });
  const from =
    p.source === 'search'
      ? `found by a search of ${p.search.evaluations} evaluations`
      : `the ${p.source === 'historical' ? '2010 response' : 'do-nothing run'} (the search found nothing better)`;
  return `${steps.length > 0 ? steps.join('; ') : 'do nothing'} — ${from}`;
}

/** The whole report. Without an analysis the score, chart and comparison are left out, and the report says so. */
export function reportHtml(session: SessionFile, ctx: ReportContext): string {
  const at = (m: number) => formatGmtClock(scenarioInstant(ctx.startEpochMs, m));
  const events = debriefEvents(session, ctx.scenario);
  const decisions = events.filter((e) => e.kind !== 'bookmark');
  const bookmarks = events.filter((e) => e.kind === 'bookmark');
  const li = (items: readonly string[], empty: string) =>
    items.length > 0
      ? `<ol>${items.map((t) => `<li>${escapeHtml(t)}</li>`).join('')}</ol>`
      : `<p>${empty}</p>`;
  const a = ctx.analysis;
  const score = a
    ? `${scoreSection(a, at)}
<h2>Timeline</h2>
${onlineChartSvg(
  debriefSeries(debriefRuns(a), 600),
  ctx.ghost,
  decisions.map((d) => ({ minute: d.minute, text: `${at(d.minute)} · ${d.who}: ${d.text}` })),
)}
<p class="legend"><span style="color:${RUN_COLOURS.you}">━ this run</span> · <span style="color:${RUN_COLOURS.doNothing}">╍ doing nothing</span> · <span style="color:${RUN_COLOURS.historical}">┈ the 2010 response</span> · <span style="color:${RUN_COLOURS.par}">━ par</span> · <span style="color:#6b7280">● 2010 record</span> · <span style="color:#9ca3af">╍ a normal day</span> · <span style="color:#b45309">│ decisions</span></p>`
    : '<p>The score was not computed for this report.</p>';
  const title = `${session.title} — after-action report`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; color: #111; background: #fff; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 1.5rem; border-bottom: 1px solid #ddd; } h3 { font-size: 1rem; }
table { border-collapse: collapse; } td, th { padding: 0.2rem 0.8rem; text-align: left; border-bottom: 1px solid #eee; }
.headline { font-size: 1.3rem; }
.muted, .legend { color: #555; font-size: 0.9em; }
svg { max-width: 100%; height: auto; }
@media print { h2 { break-after: avoid; } svg { break-inside: avoid; } }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="muted">Scenario ${escapeHtml(session.scenario.id)} v${session.scenario.version}, scale ${session.scenario.scale}, seed ${session.seed}; ${session.progress.minute} simulated minutes (to ${escapeHtml(at(session.progress.minute))}); model ${escapeHtml(session.model.version)}; Cascade Drill ${escapeHtml(session.app.version)}; saved ${escapeHtml(session.savedAt)}.</p>
<h2>Participants</h2>
${li(
  session.participants.map((p) => `${p.name} (${p.role})`),
  'None recorded.',
)}
<h2>Score</h2>
${score}
<h2>Decisions</h2>
${li(
  decisions.map((d) => `${at(d.minute)} · ${d.who}: ${d.text}`),
  'No lever was pulled.',
)}
<h2>Facilitator bookmarks</h2>
${li(
  bookmarks.map((b) => `${at(b.minute)}: ${b.text}`),
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
