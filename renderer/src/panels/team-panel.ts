/**
 * The team panel beside a seat's console (and on the facilitator's station): the team channel (who said what,
 * when: wall time and scenario time), who did what (every command with its seat, role and result), and the
 * inputs the seat's role has: a line to the team (everyone but the projector), notes (observers), status-page
 * drafts and publishing (comms). Text only through textContent: nothing a seat types becomes markup.
 */
import type { ChannelLine, TeamCommand } from '../../../sim-core/src/team/protocol';
import { formatGmtClock, scenarioInstant } from '../format/clock';
import type { SeatRequest } from '../host/team-connection';
import { roleLabel } from '../screens/briefing-screen';
import { el } from './dom';
import { LEVER_SPECS } from './lever-model';

const KIND_LABEL: Record<ChannelLine['kind'], string> = {
  say: '',
  note: 'Note',
  statusDraft: 'Status draft',
  status: 'Status page',
  message: 'From the facilitator',
  activity: 'Host',
};

/** A command's name as people read it. */
export function commandLabel(command: string): string {
  if (command === 'fireInject') return 'Fire inject';
  return LEVER_SPECS.find((l) => l.name === command)?.label ?? roleLabel(command);
}

/** What a command was and what the host decided, e.g. "Force update · refused: the networkOps role may not use forceUpdate". */
export function commandResultText(c: TeamCommand): string {
  return `${commandLabel(c.command)} · ${c.ok ? 'accepted' : `refused: ${c.reason ?? 'no reason given'}`}`;
}

/** One line of "who did what", computed from the same record the debrief and the session file use. */
export function commandSentence(c: TeamCommand, clock: (minute: number) => string): string {
  return `${clock(c.minute)} · ${c.name} (${roleLabel(c.role)}) · ${commandResultText(c)}`;
}

export class TeamPanel {
  readonly element: HTMLElement;
  private readonly log: HTMLOListElement;
  private readonly did: HTMLOListElement;
  private readonly status: HTMLElement;
  private readonly forms: HTMLElement;
  private readonly clock: (minute: number) => string;

  constructor(
    private readonly send: (r: SeatRequest) => boolean,
    startEpochMs: number,
  ) {
    this.clock = (m) => formatGmtClock(scenarioInstant(startEpochMs, m)).replace(/^\w+ \d+ \w+ /, '');
    this.status = el('p', { class: 'team-status', role: 'status' }, 'Connecting…');
    this.log = el('ol', { class: 'team-log', 'aria-label': 'Team channel', 'aria-live': 'polite' });
    this.did = el('ol', { class: 'team-did', 'aria-label': 'Who did what' });
    this.forms = el('div', { class: 'team-forms' });
    this.element = el(
      'aside',
      { class: 'team-panel', 'aria-label': 'Team' },
      el('h2', {}, 'Team'),
      this.status,
      el('h3', {}, 'Team channel'),
      this.log,
      this.forms,
      el('h3', {}, 'Who did what'),
      this.did,
    );
  }

  /** Show who this seat is and whether it is connected. */
  showSeat(name: string, role: string, connected: boolean): void {
    this.status.textContent = connected
      ? `${name} · ${roleLabel(role)}`
      : `${name} · ${roleLabel(role)} · reconnecting…`;
    this.status.dataset.connected = String(connected);
  }

  /** The inputs this role has (rebuilt when the facilitator reassigns the seat). */
  setRole(role: string): void {
    const forms: HTMLElement[] = [];
    if (role !== 'projector')
      forms.push(this.textForm('Message the team', 'Send', (text) => this.send({ type: 'say', text })));
    if (role === 'observer' || role === 'facilitator')
      forms.push(this.textForm('Observer note', 'Add note', (text) => this.send({ type: 'note', text })));
    if (role === 'comms' || role === 'facilitator') {
      const area = el('textarea', { rows: '3', maxlength: '1000' });
      const label = el('label', {}, 'Status page update', area);
      const draft = el('button', { type: 'button' }, 'Save draft');
      const publish = el('button', { type: 'button' }, 'Publish');
      const go = (p: boolean) => {
        const text = area.value.trim();
        if (text && this.send({ type: 'status', text, publish: p }) && p) area.value = '';
      };
      draft.addEventListener('click', () => go(false));
      publish.addEventListener('click', () => go(true));
      forms.push(el('div', { class: 'team-form' }, label, el('div', { class: 'actions' }, draft, publish)));
    }
    this.forms.replaceChildren(...forms);
  }

  private textForm(labelText: string, button: string, submit: (text: string) => boolean): HTMLElement {
    const input = el('input', { type: 'text', maxlength: '500', autocomplete: 'off' });
    const form = el(
      'form',
      { class: 'team-form' },
      el('label', {}, labelText, input),
      el('button', { type: 'submit' }, button),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const text = input.value.trim();
      if (text && submit(text)) input.value = '';
    });
    return form;
  }

  /** New channel lines (in order). */
  addLines(lines: readonly ChannelLine[]): void {
    for (const l of lines) {
      const wall = l.at.slice(11, 19);
      const kind = KIND_LABEL[l.kind];
      const li = el(
        'li',
        { class: `team-line kind-${l.kind}` },
        el('time', { datetime: l.at, title: `${l.at} (sim ${this.clock(l.minute)})` }, wall),
        ' ',
        el('strong', {}, `${l.name} (${roleLabel(l.role)})`),
        kind ? ` · ${kind}` : '',
        `: `,
        el('span', { class: 'team-text' }, l.text),
      );
      this.log.append(li);
    }
    this.log.scrollTop = this.log.scrollHeight;
  }

  /** Replace the channel (a catch-up after a reconnect). */
  resetLines(lines: readonly ChannelLine[]): void {
    this.log.replaceChildren();
    this.addLines(lines);
  }

  addCommands(commands: readonly TeamCommand[]): void {
    for (const c of commands)
      this.did.append(el('li', { class: c.ok ? 'ok' : 'refused' }, commandSentence(c, this.clock)));
    this.did.scrollTop = this.did.scrollHeight;
  }

  resetCommands(commands: readonly TeamCommand[]): void {
    this.did.replaceChildren();
    this.addCommands(commands);
  }
}
