/**
 * Briefing: the situation as known at the drill's start (the scenario's timeline briefing, and facts of the
 * model at minute 0), the trainee's role, objectives, each lever with its effect, lead time and cost, and the
 * model's known limits. "Start drill" is enabled once the drill host is ready.
 */
import type { ReadyMessage } from '../host/messages';
import { expectedOnline } from '../../../sim-core/src/drill/view-codes';
import type { Scenario } from '../../../sim-core/src/scenario/index';
import { GRADES, USER_MINUTES_PER_USD } from '../../../sim-core/src/scoring/score';
import { parseTimeline } from '../../../sim-core/src/timeline/schema';
import { formatCompact, formatCount, formatMinutes, formatPercent } from '../format/numbers';
import { roleWords } from '../format/roles';
import { el } from '../panels/dom';
import { keyHelpLine } from '../panels/keyboard';
import { LEVER_SPECS, leverArgs, leverSpecs, previewLever } from '../panels/lever-model';

/** "incidentCommander" -> "Incident commander" (format/roles.ts). */
export const roleLabel = roleWords;

export const OBJECTIVES: readonly string[] = [
  'Keep as many users online as you can: the end summary counts user-hours lost against a normal day.',
  'Bring the network back (phases: restored, then full recovery ends the drill early).',
  'Spend sensibly: every lever has a price or a cost to users, shown before you pull it.',
  'Keep the executives and the public informed: the feed brings their questions.',
];

export const MODEL_LIMITS: readonly string[] = [
  'Supernode placement on the map is illustrative: the model has regions, not geography.',
  'The tipping point depends on calibrated, unpublished parameters (capacity slack, warm-up, protection tolerance).',
  'Clients are modelled as cohorts per supernode, not as individual people; supernode hosts are not counted as clients.',
  'Costs are illustrative 2010 prices; lead times are the scenario’s assumptions.',
  'There is no relapse phase: a network that falls again after recovering stays "recovering" or "restored".',
];

/** "48 s", "9 min 36 s", "4 h 48 min": a real-time length. */
export function formatRealSeconds(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600 && s % 60 !== 0) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return formatMinutes(s / 60);
}

/** How long the whole drill takes in real time at each speed (simulated seconds per real second). */
export function realLengths(durationMinutes: number, speeds: readonly number[]): string {
  return speeds.map((v) => `${formatRealSeconds((durationMinutes * 60) / v)} at ${v}×`).join(' · ');
}

/** How the debrief scores a run, in the scoring module's own grade words. */
export function scoreLines(): string[] {
  const bands = GRADES.map((g, i) => {
    const prev = GRADES[i - 1];
    const range = Number.isFinite(g.atLeast)
      ? `${g.atLeast}${prev ? `–${prev.atLeast - 1}` : '–100'}`
      : `below ${prev?.atLeast ?? 0}`;
    return `${g.grade} (${range}): ${g.meaning}`;
  });
  return [
    `The loss of a run is the user-minutes of service lost plus its cost (one US dollar weighs as much as ${USER_MINUTES_PER_USD} user-minutes).`,
    'The debrief scores your loss on a scale from doing nothing (0) to par (100): par is the best response the simulator found for this very network and seed. The 2010 response is shown on the same scale.',
    `Grades: ${bands.join('; ')}.`,
  ];
}

/** What the facilitator can do from the drawer (F). */
export const FACILITATOR_CAN: readonly string[] = [
  'fire any inject now (including a complication the record does not have)',
  'bookmark a moment with a note (it shows on the charts and in the debrief)',
  'change the speed',
  'show the 2010 record on the live charts (hidden by default: it gives the collapse away)',
  'switch off the slow-down at the first alert, and the confirmations before spending or ending',
  'end the drill (anyone at the console can too: End drill at the bottom right, or E; it asks first)',
];

export interface BriefingChoice {
  readonly role: string;
  /** Who is playing, as typed (names or a team, comma-separated; may be empty). */
  readonly names: readonly string[];
}

/** The names typed into the briefing: comma- or newline-separated, trimmed, at most 20 of 80 characters. */
export function parseNames(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((n) => n.trim().slice(0, 80))
    .filter((n) => n.length > 0)
    .slice(0, 20);
}

export function mountBriefingScreen(
  root: HTMLElement,
  scenario: Scenario,
  scaleNote: string,
  onStart: (c: BriefingChoice) => void,
  onBack: () => void,
): { ready(r: ReadyMessage): void; failed(message: string): void; dispose(): void } {
  const p = scenario.model;
  const timeline = parseTimeline(scenario.timeline);
  const startOnline = expectedOnline(p, p.startMinuteOfDay);
  const peak = p.population.peakOnline;
  const buggy = (p.population.kindShares[0] ?? 0) + (p.population.kindShares[1] ?? 0);
  const role = el(
    'select',
    { id: 'role' },
    el('option', { value: 'incidentCommander' }, 'Incident commander'),
  );
  const roleLevers = el('p', { class: 'muted', id: 'role-levers' });
  const names = el('input', {
    id: 'names',
    type: 'text',
    maxlength: '400',
    autocomplete: 'off',
    placeholder: 'e.g. Ana, Ben',
  });
  const start = el('button', { type: 'button', class: 'primary', disabled: '' }, 'Start drill');
  const back = el('button', { type: 'button' }, 'Back');
  const status = el('p', { class: 'muted', role: 'status' }, 'Preparing the network…');
  let roles: Record<string, string[]> = { incidentCommander: LEVER_SPECS.map((l) => l.name) };
  const showRoleLevers = (): void => {
    const allowed = roles[role.value] ?? [];
    roleLevers.textContent = `May use: ${
      LEVER_SPECS.filter((l) => allowed.includes(l.name))
        .map((l) => l.label)
        .join(', ') || 'no levers'
    }.`;
  };
  role.addEventListener('change', showRoleLevers);
  showRoleLevers();
  start.addEventListener('click', () => onStart({ role: role.value, names: parseNames(names.value) }));
  back.addEventListener('click', onBack);

  const leverRows = leverSpecs(p).map((l) => {
    const pv = previewLever(l, leverArgs(l, {}), p, null);
    return el(
      'tr',
      {},
      el('th', { scope: 'row' }, l.label, ' ', el('kbd', {}, l.key.toUpperCase())),
      el(
        'td',
        {},
        l.effect,
        // A lever the host would refuse at the start says why (Release supernodes: none are running yet).
        pv.refusal !== null
          ? el('span', { class: 'muted', 'data-refusal': '' }, ` At the start: ${pv.refusal}`)
          : '',
      ),
      el('td', {}, pv.lead),
      el('td', {}, pv.cost),
    );
  });

  root.replaceChildren(
    el(
      'main',
      { class: 'screen briefing', 'aria-labelledby': 'briefing-title' },
      el('p', { class: 'eyebrow' }, `${scenario.title} · Briefing`),
      el('h1', { id: 'briefing-title' }, timelineBriefingTitle(scenario)),
      el(
        'div',
        { class: 'briefing-grid' },
        el(
          'section',
          { 'aria-labelledby': 'b-situation' },
          el('h2', { id: 'b-situation' }, 'Situation'),
          el('p', { class: 'situation' }, timelineBriefingText(scenario)),
          el(
            'ul',
            { class: 'facts' },
            el(
              'li',
              {},
              `Online now: about ${formatCompact(startOnline)} (normal for this hour); evening peak ${formatCompact(peak)}.`,
            ),
            el(
              'li',
              {},
              `${formatCount(p.supernodes.count)} user-hosted supernodes route logins and presence.`,
            ),
            el('li', {}, `${formatPercent(buggy)} of clients run Windows 5.0.0152; 5.0.0156 is available.`),
            el(
              'li',
              {},
              `${formatCount(p.dedicated.poolServers)} spare servers could run dedicated supernodes.`,
            ),
          ),
          el('h2', {}, 'Your role'),
          el('span', { class: 'param' }, el('label', { for: 'role' }, 'Role'), role),
          roleLevers,
          el('span', { class: 'param' }, el('label', { for: 'names' }, 'Names'), names),
          el('p', { class: 'muted' }, 'Saved with the session; History’s leaderboard shows them.'),
          el('h2', {}, 'Objectives'),
          el('ul', {}, ...OBJECTIVES.map((o) => el('li', {}, o))),
          el('h2', { id: 'b-score' }, 'How the drill is scored'),
          el('ul', { class: 'score-rules' }, ...scoreLines().map((o) => el('li', {}, o))),
        ),
        el(
          'section',
          { 'aria-labelledby': 'b-levers' },
          el('h2', { id: 'b-levers' }, 'Levers'),
          el(
            'table',
            { class: 'lever-table' },
            el(
              'thead',
              {},
              el(
                'tr',
                {},
                ...['Lever (key)', 'Effect', 'Lead time', 'Cost'].map((h) => el('th', { scope: 'col' }, h)),
              ),
            ),
            el('tbody', {}, ...leverRows),
          ),
          el('h2', { id: 'b-time' }, 'How long it takes'),
          el(
            'p',
            { class: 'timing' },
            `${formatMinutes(p.durationMinutes)} of simulated time: ${realLengths(p.durationMinutes, timeline.speeds)}.${
              timeline.slowDownOnFirstAlert !== null
                ? ` It starts at ${timeline.initialSpeed}× and slows to ${timeline.slowDownOnFirstAlert}× at the first monitoring alert, so you have real minutes to decide; press 1–6 to change speed at any time.`
                : ` It starts at ${timeline.initialSpeed}×; press 1–6 to change speed at any time.`
            }`,
          ),
          el('h2', { id: 'b-facilitator' }, 'What the facilitator can do'),
          el('p', {}, `From the facilitator drawer (F): ${FACILITATOR_CAN.join('; ')}.`),
          el('h2', {}, 'What the model does not know'),
          el('ul', { class: 'limits' }, ...MODEL_LIMITS.map((o) => el('li', {}, o))),
          el('p', { class: 'muted', 'data-keys': '' }, keyHelpLine()),
        ),
      ),
      el(
        'div',
        { class: 'actions' },
        back,
        start,
        status,
        scaleNote ? el('span', { class: 'muted' }, scaleNote) : '',
      ),
    ),
  );
  // Focus the briefing's heading, not the role menu: Page Down on a focused menu silently changes the role.
  const heading = root.querySelector<HTMLElement>('#briefing-title');
  heading?.setAttribute('tabindex', '-1');
  heading?.focus();

  return {
    ready(r) {
      roles = r.roles;
      role.replaceChildren(...Object.keys(r.roles).map((k) => el('option', { value: k }, roleLabel(k))));
      role.value = r.roles['incidentCommander'] ? 'incidentCommander' : (Object.keys(r.roles)[0] ?? '');
      showRoleLevers();
      start.disabled = false;
      status.textContent = `Network ready: ${formatCount(r.supernodeCount)} supernode slots.`;
    },
    failed(message) {
      status.textContent = `The drill could not be prepared: ${message}`;
      status.className = 'alert';
    },
    dispose: () => undefined,
  };
}

/** The timeline section is parsed by sim-core; the briefing screen only needs its two strings. */
function briefingOf(s: Scenario): { title: string; text: string } {
  const t = s.timeline as { briefing?: { title?: unknown; text?: unknown } } | undefined;
  return {
    title: typeof t?.briefing?.title === 'string' ? t.briefing.title : 'Briefing',
    text: typeof t?.briefing?.text === 'string' ? t.briefing.text : 'You are on call.',
  };
}
const timelineBriefingTitle = (s: Scenario): string => briefingOf(s).title;
const timelineBriefingText = (s: Scenario): string => briefingOf(s).text;
