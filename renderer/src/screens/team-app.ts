/**
 * Team drills in the browser: the join page (`#join=CODE`), a seat's live console for its role with the team
 * panel beside it, the facilitator's station (`#facilitator=SECRET`: Host a team drill) and the team debrief.
 * The drill host runs in the hosting process; every seat (the facilitator too) talks to it through one
 * TeamConnection (../host/team-connection.ts), and the seat console is the ordinary drill console on it.
 */
import {
  builtinScenario,
  builtinScenarioIds,
  scaleScenario,
  type Scenario,
} from '../../../sim-core/src/scenario/index';
import {
  EXTRA_ROLES,
  type TeamOut,
  type TeamRecord,
  type TeamScore,
} from '../../../sim-core/src/team/protocol';
import { loadTimeline } from '../../../sim-core/src/timeline/index';
import { connectTeam, type TeamConnection } from '../host/team-connection';
import type { DrillMessage, ReadyMessage } from '../host/messages';
import { el } from '../panels/dom';
import { showTeamScore, teamDebrief } from '../panels/team-debrief';
import { TeamPanel } from '../panels/team-panel';
import type { DrillProbe } from '../test-hook';
import type { TeamUrl } from '../team-url';
import { roleLabel } from './briefing-screen';
import { mountDrillScreen, type DrillScreen } from './drill-screen';
import { mountTeamStation } from './team-station';
import '../styles/team.css';

export interface TeamAppOptions {
  readonly reducedMotion: boolean;
  readonly footer: string;
}

export interface TeamApp {
  probe(): DrillProbe;
}

const NAME_KEY = 'cascade-team-name';

/** The roles a player may pick at the join page: the scenario's, then comms, observer, projector. */
export function joinRoles(scenario: Scenario): string[] {
  return [...Object.keys(loadTimeline(scenario).roles), ...EXTRA_ROLES];
}

export function startTeamApp(
  root: HTMLElement,
  win: Window,
  url: NonNullable<TeamUrl>,
  opts: TeamAppOptions,
): TeamApp {
  let seatRole = url.mode === 'facilitator' ? 'facilitator' : '';
  let connected = false;
  let drill: DrillScreen | null = null;
  let stationProbe: (() => DrillProbe) | null = null;
  const probe = (): DrillProbe => {
    const base: DrillProbe = drill?.probe() ??
      stationProbe?.() ?? {
        phase: 'none',
        simMinute: 0,
        online: 0,
        supernodesAlive: 0,
        stateHash: '',
        ended: false,
      };
    return { ...base, seat: seatRole ? { role: seatRole, connected } : null };
  };

  if (url.mode === 'facilitator') {
    const conn = connectTeam(win, { secret: url.secret, name: 'Facilitator' });
    conn.onTeam((m) => {
      if (m.type === 'welcome') connected = true;
      if (m.type === 'refused' && m.inReplyTo === 'connection') connected = false;
    });
    const station = mountTeamStation(root, conn, opts.footer);
    stationProbe = station.probe;
    return { probe };
  }

  // The hosted scenario's roles: the join address names it when it is not the default one.
  const base =
    url.scenario && (builtinScenarioIds as readonly string[]).includes(url.scenario)
      ? builtinScenario(url.scenario)
      : builtinScenario('skype-2010');
  const roles = joinRoles(base);
  const code = el('input', {
    id: 'join-code',
    name: 'code',
    autocomplete: 'off',
    spellcheck: 'false',
    required: '',
    value: url.code,
  });
  const name = el('input', {
    id: 'join-name',
    name: 'name',
    autocomplete: 'name',
    maxlength: '40',
    required: '',
  });
  name.value = win.sessionStorage.getItem(NAME_KEY) ?? '';
  const role = el(
    'select',
    { id: 'join-role', name: 'role' },
    ...roles.map((r) => el('option', { value: r }, roleLabel(r))),
  );
  const error = el('p', { class: 'alert', role: 'alert', hidden: '' });
  const button = el('button', { type: 'submit', class: 'primary' }, 'Join');
  const form = el(
    'form',
    { class: 'join-form' },
    el('label', { for: 'join-code' }, 'Join code'),
    code,
    el('label', { for: 'join-name' }, 'Your name'),
    name,
    el('label', { for: 'join-role' }, 'Role'),
    role,
    button,
    error,
  );
  const page = el(
    'section',
    { class: 'screen join-screen', 'aria-labelledby': 'join-title' },
    el('p', { class: 'eyebrow' }, 'Cascade Drill · team drill'),
    el('h1', { id: 'join-title' }, 'Join the team drill'),
    el('p', { class: 'lede' }, 'Type the join code the facilitator shows, your name, and the role you play.'),
    form,
  );
  root.replaceChildren(page);

  let conn: TeamConnection | null = null;
  const join = (): void => {
    error.hidden = true;
    button.disabled = true;
    conn?.dispose();
    win.sessionStorage.setItem(NAME_KEY, name.value.trim());
    const c = connectTeam(win, { code: code.value.trim(), name: name.value.trim(), role: role.value });
    conn = c;
    let seated = false;
    c.onTeam((m) => {
      if (m.type === 'welcome') {
        connected = true;
        seatRole = m.seat.role;
        if (!seated) {
          seated = true;
          void seat(root, c, m, opts, {
            onRole: (r) => (seatRole = r),
            onDrill: (d) => (drill = d),
            connected: (v) => (connected = v),
          });
        }
      } else if (m.type === 'refused' && m.inReplyTo === 'hello' && !seated) {
        error.textContent = `Could not join: ${m.reason}.`;
        error.hidden = false;
        button.disabled = false;
        c.dispose();
      } else if (m.type === 'refused' && m.inReplyTo === 'connection') connected = false;
    });
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    join();
  });
  // A reload (or a phone waking up) with a seat token and a name: straight back in, same seat and role.
  if (url.code && name.value && win.sessionStorage.getItem('cascade-team-seat')) join();
  return { probe };
}

/** A seat's view: the drill console for its role and the team panel. */
async function seat(
  root: HTMLElement,
  conn: TeamConnection,
  welcome: Extract<TeamOut, { type: 'welcome' }>,
  opts: TeamAppOptions,
  hooks: { onRole(r: string): void; onDrill(d: DrillScreen | null): void; connected(v: boolean): void },
): Promise<void> {
  const base = builtinScenario(welcome.setup.scenario);
  const scenario = welcome.setup.scale < 1 ? scaleScenario(base, welcome.setup.scale) : base;
  const consoleRoot = el('div', { class: 'team-console' });
  const wait = el(
    'p',
    { class: 'team-wait', role: 'status' },
    'Connected. Waiting for the facilitator to start the drill…',
  );
  let role = welcome.seat.role;
  let ready: ReadyMessage | null = null;
  let panel: TeamPanel | null = null;
  let drill: DrillScreen | null = null;
  let record: TeamRecord | null = null;
  let score: TeamScore | null = null;
  const layout = el('div', { class: 'team-seat' }, consoleRoot);
  root.replaceChildren(layout, wait);

  const mount = async (): Promise<void> => {
    if (!ready) return;
    drill?.dispose();
    drill = await mountDrillScreen(consoleRoot, {
      conn,
      ready,
      scenario,
      role,
      reducedMotion: opts.reducedMotion,
      projector: role === 'projector',
      footer: opts.footer,
      scaleNote: scenario.model.supernodes < base.model.supernodes ? 'Scaled network. ' : '',
      onEnd: () => showDebrief(),
      onProjector: () => undefined,
      seat: { facilitator: false },
    });
    hooks.onDrill(drill);
  };
  const showDebrief = (): void => {
    if (!record || !ready) return;
    drill?.dispose();
    drill = null;
    hooks.onDrill(null);
    root.replaceChildren(teamDebrief(record, ready, score));
  };

  conn.subscribe((m: DrillMessage) => {
    if (m.type === 'ready' && m.view === 'supernodes' && !ready) {
      ready = m;
      const start = Date.parse(m.startIso);
      panel = new TeamPanel((r) => conn.request(r), start);
      panel.setRole(role);
      panel.showSeat(welcome.seat.name, role, true);
      layout.append(panel.element);
      void mount();
    }
    if (m.type === 'snapshot' && m.session !== 'briefing') wait.hidden = true;
  });
  conn.onTeam((m) => {
    switch (m.type) {
      case 'welcome':
        hooks.connected(true);
        panel?.showSeat(m.seat.name, m.seat.role, true);
        break;
      case 'refused':
        if (m.inReplyTo === 'connection') {
          hooks.connected(false);
          panel?.showSeat(welcome.seat.name, role, false);
        }
        break;
      case 'channel':
        if (m.reset) panel?.resetLines(m.lines);
        else panel?.addLines(m.lines);
        break;
      case 'commands':
        if (m.reset) panel?.resetCommands(m.commands);
        else panel?.addCommands(m.commands);
        break;
      case 'role':
        role = m.role;
        hooks.onRole(role);
        panel?.setRole(role);
        panel?.showSeat(welcome.seat.name, role, true);
        void mount();
        break;
      case 'ended':
        record = m.record;
        if (!drill) showDebrief();
        break;
      case 'score': {
        score = m.score;
        const slot = root.querySelector<HTMLElement>('[data-team-score]');
        if (slot && ready) showTeamScore(slot, score, ready);
        break;
      }
      case 'removed':
        drill?.dispose();
        hooks.onDrill(null);
        root.replaceChildren(
          el(
            'section',
            { class: 'screen' },
            el('h1', {}, 'You were removed from the drill'),
            el('p', {}, m.reason),
          ),
        );
        break;
      default:
        break;
    }
  });
}
