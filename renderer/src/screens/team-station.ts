/**
 * The facilitator's station: Host a team drill. The join addresses (text and QR code) and the join code, the
 * seats as they arrive (assign a role, remove), the drill's pace (start, pause, speed, seek, end), injects to
 * everyone or privately to one role, messages to a seat or all, lever locks, and the team channel with every
 * note and draft. Its rights come from the secret in its address; the host checks every action.
 */
import QRCode from 'qrcode';
import { LEVERS } from '../../../sim-core/src/levers/index';
import {
  formatJoinCode,
  type SeatView,
  type TeamOut,
  type TeamRecord,
  type TeamScore,
} from '../../../sim-core/src/team/protocol';
import { formatGmtClock, scenarioInstant } from '../format/clock';
import { formatCount, formatPercent } from '../format/numbers';
import type { ReadyMessage, SnapshotMessage } from '../host/messages';
import type { TeamConnection } from '../host/team-connection';
import { el } from '../panels/dom';
import { commandLabel, TeamPanel } from '../panels/team-panel';
import type { DrillProbe } from '../test-hook';
import { roleLabel } from './briefing-screen';
import { showTeamScore, teamDebrief } from '../panels/team-debrief';
import { detectPlatform } from '../platform';
import { parseSession } from '../../../sim-core/src/sessions/schema';

export interface TeamStation {
  probe(): DrillProbe;
}

export function mountTeamStation(root: HTMLElement, conn: TeamConnection, footer: string): TeamStation {
  const status = el('p', { class: 'team-status', role: 'status' }, 'Connecting to the team host…');
  const code = el('p', { class: 'join-code' });
  const addresses = el('ul', { class: 'join-addresses', 'aria-label': 'Join addresses' });
  const seatsBody = el('tbody');
  const drillLine = el('p', { class: 'drill-line', 'aria-live': 'polite' }, 'Drill not started.');
  const alertLine = el('p', { class: 'alert', role: 'alert', hidden: '' });
  const startBtn = el('button', { type: 'button', class: 'primary' }, 'Start the drill');
  const pauseBtn = el('button', { type: 'button', disabled: '' }, 'Pause');
  const speedSel = el('select', { id: 'team-speed' });
  const seekInput = el('input', {
    id: 'team-seek',
    type: 'number',
    min: '0',
    step: '1',
    value: '0',
    inputmode: 'numeric',
  });
  const seekBtn = el('button', { type: 'button' }, 'Go to minute');
  const endBtn = el('button', { type: 'button', class: 'danger' }, 'End the drill');
  const injectSel = el('select', { id: 'team-inject' });
  const audienceSel = el('select', { id: 'team-audience' }, el('option', { value: '' }, 'Everyone'));
  const fireBtn = el('button', { type: 'button' }, 'Fire inject');
  const msgTo = el('select', { id: 'team-msg-to' }, el('option', { value: '' }, 'Everyone'));
  const msgText = el('input', { id: 'team-msg', type: 'text', maxlength: '500', autocomplete: 'off' });
  const msgBtn = el('button', { type: 'button' }, 'Send message');
  const locks = el('fieldset', { class: 'team-locks' }, el('legend', {}, 'Lock levers'));
  const lockBoxes = new Map<string, HTMLInputElement>();
  for (const l of LEVERS) {
    const box = el('input', { type: 'checkbox', value: l });
    lockBoxes.set(l, box);
    box.addEventListener('change', () =>
      conn.request({ type: 'facilitate', do: { action: 'lock', lever: l, locked: box.checked } }),
    );
    locks.append(el('label', {}, box, ` Lock ${commandLabel(l)}`));
  }
  const panelSlot = el('div', { class: 'team-panel-slot' });
  const debriefSlot = el('div');

  const station = el(
    'section',
    { class: 'screen team-station', 'aria-labelledby': 'station-title' },
    el('p', { class: 'eyebrow' }, 'Cascade Drill · facilitator'),
    el('h1', { id: 'station-title' }, 'Host a team drill'),
    status,
    el(
      'section',
      { class: 'team-join', 'aria-labelledby': 'join-h' },
      el('h2', { id: 'join-h' }, 'Join'),
      el(
        'p',
        {},
        'Players open one of these addresses on a laptop, tablet or phone on this network, or scan its code.',
      ),
      code,
      addresses,
    ),
    el(
      'section',
      { 'aria-labelledby': 'seats-h' },
      el('h2', { id: 'seats-h' }, 'Seats'),
      el(
        'table',
        { class: 'lever-table team-seats' },
        el(
          'thead',
          {},
          el('tr', {}, ...['Name', 'Role', 'Connection', ''].map((h) => el('th', { scope: 'col' }, h))),
        ),
        seatsBody,
      ),
    ),
    el(
      'section',
      { 'aria-labelledby': 'run-h' },
      el('h2', { id: 'run-h' }, 'Run the drill'),
      drillLine,
      el(
        'div',
        { class: 'actions' },
        startBtn,
        pauseBtn,
        el('label', { for: 'team-speed' }, 'Speed'),
        speedSel,
        el('label', { for: 'team-seek' }, 'Minute'),
        seekInput,
        seekBtn,
        endBtn,
      ),
      el(
        'div',
        { class: 'actions' },
        el('label', { for: 'team-inject' }, 'Inject'),
        injectSel,
        el('label', { for: 'team-audience' }, 'To'),
        audienceSel,
        fireBtn,
      ),
      el(
        'div',
        { class: 'actions' },
        el('label', { for: 'team-msg-to' }, 'Message to'),
        msgTo,
        el('label', { for: 'team-msg' }, 'Message'),
        msgText,
        msgBtn,
      ),
      locks,
      alertLine,
    ),
    panelSlot,
    debriefSlot,
    el('small', { class: 'build' }, footer),
  );
  root.replaceChildren(station);
  document.title = 'Host a team drill · Cascade Drill';

  let ready: ReadyMessage | null = null;
  let snap: SnapshotMessage | null = null;
  let session = 'briefing';
  let lastHash = '';
  let phase = 'normal';
  let panel: TeamPanel | null = null;
  let seats: SeatView[] = [];
  let roles: string[] = [];
  let record: TeamRecord | null = null;
  let sessionShown = false;
  let score: TeamScore | null = null;
  /** The host refused this station's hello: the connection then closes for good, and must not say "reconnecting". */
  let turnedAway = false;
  const sessionSlot = el('section', { class: 'team-session', 'aria-label': 'Session file' });
  station.insertBefore(sessionSlot, debriefSlot);

  /** Keep the team's session file in this browser's History (score, replay, report) and offer a download. */
  const keepSession = async (text: string): Promise<void> => {
    const link = el('a', { download: 'team-drill-session.json' }, 'Download the session file');
    link.setAttribute('href', URL.createObjectURL(new Blob([text], { type: 'application/json' })));
    const note = el('p', { role: 'status' }, 'Saving the session file to History…');
    sessionSlot.replaceChildren(el('h2', {}, 'Session file'), note, link);
    try {
      const session = parseSession(text);
      await detectPlatform(window).sessions.save(session);
      note.textContent = session.score
        ? `Saved to History as "${session.title}" with its score (${session.score.headline.toFixed(1)}, grade ${session.score.grade}): History has its full debrief.`
        : `Saved to History as "${session.title}": open Cascade Drill's History for the full debrief.`;
    } catch (e) {
      note.textContent = `Could not save the session to History: ${e instanceof Error ? e.message : String(e)}. Download it instead.`;
    }
  };

  const facilitate = (a: Parameters<TeamConnection['request']>[0] & { type: 'facilitate' }) =>
    conn.request(a);
  startBtn.addEventListener('click', () => facilitate({ type: 'facilitate', do: { action: 'start' } }));
  pauseBtn.addEventListener('click', () =>
    facilitate({ type: 'facilitate', do: { action: session === 'paused' ? 'resume' : 'pause' } }),
  );
  speedSel.addEventListener('change', () =>
    facilitate({
      type: 'facilitate',
      do: { action: 'setSpeed', speed: Number(speedSel.value) as 1 | 10 | 60 | 300 | 600 | 3600 },
    }),
  );
  seekBtn.addEventListener('click', () => {
    const m = Number(seekInput.value);
    if (Number.isInteger(m) && m >= 0) facilitate({ type: 'facilitate', do: { action: 'seek', minute: m } });
  });
  endBtn.addEventListener('click', () => facilitate({ type: 'facilitate', do: { action: 'end' } }));
  fireBtn.addEventListener('click', () => {
    if (!injectSel.value) return;
    facilitate({
      type: 'facilitate',
      do: {
        action: 'fireInject',
        inject: injectSel.value,
        ...(audienceSel.value ? { toRole: audienceSel.value } : {}),
      },
    });
  });
  msgBtn.addEventListener('click', () => {
    const text = msgText.value.trim();
    if (!text) return;
    if (
      facilitate({
        type: 'facilitate',
        do: { action: 'message', text, ...(msgTo.value ? { toSeat: msgTo.value } : {}) },
      })
    )
      msgText.value = '';
  });

  const showDrill = (): void => {
    const clock =
      ready && snap ? formatGmtClock(scenarioInstant(Date.parse(ready.startIso), snap.minute)) : '—';
    const m = snap?.metrics;
    drillLine.textContent =
      session === 'briefing'
        ? 'Drill not started.'
        : `${clock} · ${session} at ${snap?.speed ?? '—'}× · phase ${phase}${m ? ` · ${formatCount(m.online)} online (${formatPercent(m.expectedOnline > 0 ? m.online / m.expectedOnline : 1)} of normal)` : ''}`;
    startBtn.hidden = session !== 'briefing';
    pauseBtn.disabled = session !== 'running' && session !== 'paused';
    pauseBtn.textContent = session === 'paused' ? 'Resume' : 'Pause';
    if (snap) speedSel.value = String(snap.speed);
  };

  const renderSeats = (): void => {
    seatsBody.replaceChildren(
      ...seats.map((s) => {
        const cell = el('td');
        if (s.role === 'facilitator') cell.textContent = 'Facilitator';
        else {
          const sel = el(
            'select',
            { 'aria-label': `Role of ${s.name}` },
            ...roles.map((r) => el('option', { value: r }, roleLabel(r))),
          );
          sel.value = s.role;
          sel.addEventListener('change', () =>
            facilitate({ type: 'facilitate', do: { action: 'assign', seat: s.id, role: sel.value } }),
          );
          cell.append(sel);
        }
        const remove = el('button', { type: 'button', 'aria-label': `Remove ${s.name}` }, 'Remove');
        remove.addEventListener('click', () =>
          facilitate({ type: 'facilitate', do: { action: 'remove', seat: s.id } }),
        );
        return el(
          'tr',
          { 'data-seat': s.id },
          el('th', { scope: 'row' }, s.name),
          cell,
          el(
            'td',
            {},
            `${s.connected ? 'connected' : 'disconnected'}${s.replicating ? ', replicating' : ''}${s.desyncs > 0 ? `, resynced ${s.desyncs}×` : ''}`,
          ),
          el('td', {}, s.role === 'facilitator' ? '' : remove),
        );
      }),
    );
    const chosen = msgTo.value;
    msgTo.replaceChildren(
      el('option', { value: '' }, 'Everyone'),
      ...seats
        .filter((s) => s.role !== 'facilitator')
        .map((s) => el('option', { value: s.id }, `${s.name} (${roleLabel(s.role)})`)),
    );
    msgTo.value = seats.some((s) => s.id === chosen) ? chosen : '';
  };

  conn.onTeam((m: TeamOut) => {
    switch (m.type) {
      case 'welcome': {
        turnedAway = false;
        status.textContent = 'Hosting. Seats join with the code below.';
        roles = Object.keys(m.roles);
        audienceSel.replaceChildren(
          el('option', { value: '' }, 'Everyone'),
          ...roles
            .filter((r) => r !== 'projector')
            .map((r) => el('option', { value: r }, `${roleLabel(r)} only`)),
        );
        for (const [l, box] of lockBoxes) box.checked = m.locked.includes(l);
        if (m.hosting) {
          code.replaceChildren(
            'Join code: ',
            el('strong', { class: 'code' }, formatJoinCode(m.hosting.joinCode)),
          );
          const which = m.setup.scenario === 'skype-2010' ? '' : `&scenario=${m.setup.scenario}`;
          const local = `${location.origin}/#join=${formatJoinCode(m.hosting.joinCode)}${which}`;
          const urls = m.hosting.joinUrls.length > 0 ? m.hosting.joinUrls : [local];
          addresses.replaceChildren(
            ...urls.map((u) => {
              const img = el('img', { alt: `QR code for ${u}`, width: '160', height: '160' });
              void QRCode.toDataURL(u, { margin: 1, width: 160 }).then((d) => (img.src = d));
              return el('li', {}, el('code', {}, u), img);
            }),
          );
        }
        break;
      }
      case 'seats':
        seats = m.seats;
        renderSeats();
        break;
      case 'locked':
        for (const [l, box] of lockBoxes) box.checked = m.levers.includes(l);
        break;
      case 'channel':
        if (m.reset) panel?.resetLines(m.lines);
        else panel?.addLines(m.lines);
        break;
      case 'commands':
        if (m.reset) panel?.resetCommands(m.commands);
        else panel?.addCommands(m.commands);
        break;
      case 'refused':
        if (m.inReplyTo === 'connection') {
          if (!turnedAway) status.textContent = 'Connection to the team host lost; reconnecting…';
        } else if (m.inReplyTo === 'hello') {
          turnedAway = true;
          status.textContent = `The team host refused this station: ${m.reason}.`;
        } else {
          alertLine.textContent = m.reason;
          alertLine.hidden = false;
        }
        break;
      case 'ended':
        record = m.record;
        if (ready) debriefSlot.replaceChildren(teamDebrief(record, ready, score));
        if (m.session && !sessionShown) {
          sessionShown = true;
          void keepSession(m.session);
        }
        break;
      case 'score': {
        score = m.score;
        const slot = debriefSlot.querySelector<HTMLElement>('[data-team-score]');
        if (slot && ready) showTeamScore(slot, score, ready);
        // The session file again, now with its score in it: History replaces the copy saved at the end.
        if (m.session) void keepSession(m.session);
        break;
      }
      default:
        break;
    }
  });
  conn.subscribe((m) => {
    switch (m.type) {
      case 'ready':
        // A team drill plays the Skype model (the supernode map).
        if (ready || m.view !== 'supernodes') break;
        ready = m;
        speedSel.replaceChildren(...m.speeds.map((s) => el('option', { value: String(s) }, `${s}×`)));
        injectSel.replaceChildren(
          ...m.injects.map((i) => el('option', { value: i.id }, `${i.id} (${i.channel})`)),
        );
        seekInput.max = String(m.durationMinutes);
        panel = new TeamPanel((r) => conn.request(r), Date.parse(m.startIso));
        panel.setRole('facilitator');
        panel.showSeat('Facilitator', 'facilitator', true);
        panelSlot.replaceChildren(panel.element);
        if (record) debriefSlot.replaceChildren(teamDebrief(record, ready, score));
        break;
      case 'snapshot':
        if (m.view !== 'supernodes') break;
        snap = m;
        session = m.session;
        if (m.stateHash !== null) lastHash = m.stateHash;
        phase = m.phase;
        break;
      case 'session':
        session = m.state;
        break;
      case 'phase':
        phase = m.phase;
        break;
      case 'error':
        alertLine.textContent = `Drill host: ${m.message}`;
        alertLine.hidden = false;
        break;
      case 'commandResult':
        if (!m.ok) {
          alertLine.textContent = `${commandLabel(m.command)} refused: ${m.reason}`;
          alertLine.hidden = false;
        }
        break;
      default:
        break;
    }
    showDrill();
  });

  return {
    probe: () => ({
      phase,
      simMinute: snap?.minute ?? 0,
      online: snap?.metrics?.online ?? 0,
      supernodesAlive: snap?.metrics?.supernodesAlive ?? 0,
      stateHash: lastHash,
      ended: session === 'ended',
    }),
  };
}
