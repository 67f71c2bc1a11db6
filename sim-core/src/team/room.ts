/**
 * The team room: the one authority between the seats of a team drill and its drill host. Transport-agnostic
 * and pure (no node:*, no clock, no randomness: tokens and wall time are handed in), so the Node server, the
 * bench and the unit tests (fuzz included) drive the same code.
 *
 * What it decides:
 * - who is at the table: a hello with the join code (or the facilitator secret) and a role gets a seat and a
 *   token; the token gives the same seat back after a reconnect (the old connection, if any, is closed);
 * - what each seat may do: levers are sent to the host *as the seat's role* (never a role the client names),
 *   so the host's timeline refuses a lever outside the role with its reason; seats without levers (comms,
 *   observer, projector) and locked levers are refused here, with the reason; only the facilitator paces,
 *   seeks, fires injects, messages, assigns, locks, removes and ends;
 * - who hears what: private injects reach only their role (and the facilitator and observers, who see
 *   everything); drafts only comms and the facilitator; notes only observers and the facilitator;
 * - duplicates: a seat's request ids must increase; a repeated or older id is ignored with a refusal, and a
 *   reconnecting seat is told the next id to use, so nothing is ever replayed.
 *
 * Pacing: the room (not any seat) advances the host from the transport's timer, one advance in flight at a time.
 * Replicating seats get the host's inputs (the command log, tick-stamped) and a `tick` with the state hash at
 * every checkpoint; thin seats take the host's view frames. Every seat gets a full catch-up on joining.
 */
import type { DrillIn, DrillOut, SessionState } from '../drill/protocol';
import { serializeSession } from '../sessions/schema';
import { teamSession } from './session';
import type { LeverName } from '../levers/index';
import type { SeriesRow } from '../scoring/run';
import type { LogEntry } from '../drill/log';
import {
  EXTRA_ROLES,
  FACILITATOR_ROLE,
  MAX_SEATS,
  TEAM_PROTOCOL_VERSION as V,
  normaliseJoinCode,
  parseSeatIn,
  refusalContext,
  type ChannelLine,
  type DrillSetup,
  type FacilitatorAction,
  type SeatIn,
  type SeatView,
  type TeamCommand,
  type TeamOut,
  type TeamScore,
  type TeamRecord,
} from './protocol';

/** One connection, as the transport offers it to the room. */
export interface SeatLink {
  send(message: TeamOut): void;
  close(code: number, reason: string): void;
}

/** Close codes the room uses (4000-4999 are the application's). */
export const CLOSE = { replaced: 4000, refused: 4003, removed: 4004, protocol: 4002 } as const;

/** What the team worker adds to the drill host's messages: new command-log entries as they are logged. */
export interface HostLogged {
  v: 1;
  type: 'logged';
  /** Index of the first entry (below the room's count when a branch dropped entries). */
  from: number;
  entries: LogEntry[];
}

export interface RoomOptions {
  /** The join code (normalised, see normaliseJoinCode). */
  joinCode: string;
  facilitatorSecret: string;
  /** A fresh unguessable seat token (the transport has the randomness). */
  newToken(): string;
  /** Wall time now, ISO 8601 UTC (for channel lines; never used for the simulation). */
  clock(): string;
  /** Constant-time string equality for secrets (the transport has the primitive). */
  secretEquals(a: string, b: string): boolean;
  /** Say something to the drill host. */
  toHost(message: DrillIn): void;
  /**
   * Send one drill-host message to several seats (the transport encodes it once). `view` marks a running
   * drill's view frame: each supersedes the last, so the transport may hold it back from a seat whose
   * connection is still busy with earlier data and send that seat the newest one when it has caught up.
   */
  sendDrill(links: readonly SeatLink[], message: DrillOut, view?: boolean): void;
  /** The join addresses, shown to the facilitator's station (with the code in them). */
  joinUrls?: string[];
  /** What the host runs (replicating seats build the same drill). */
  setup: DrillSetup;
  /** The app version the session file names. */
  appVersion?: string;
  maxSeats?: number;
  /** The drill ended and its session file is sealed (the host scores it from here). */
  onEnded?(sessionText: string): void;
}

interface Seat {
  id: string;
  name: string;
  role: string;
  token: string;
  link: SeatLink | null;
  replicate: boolean;
  /** Highest request id seen from this seat. */
  lastId: number;
  desyncs: number;
}

type ReadyOut = Extract<DrillOut, { type: 'ready' }>;
type InjectOut = Extract<DrillOut, { type: 'inject' }>;

/** Wall-time milliseconds an advance may stay unanswered before the room gives up on it. */
const STALL_MS = 1500;
/**
 * Thin seats get at most one view frame this often while the drill runs (the host may step ten times a second
 * at 600x; a full-scale frame is ~90 KB deflated, and a room of phones on one Wi-Fi cannot take ten a second).
 * Frames that carry a state hash, and every frame while paused, go at once.
 */
export const FRAME_EVERY_MS = 250;

/** A team room. See the module comment. */
export class TeamRoom {
  private readonly o: Required<RoomOptions>;
  private readonly seats = new Map<string, Seat>();
  private readonly byToken = new Map<string, Seat>();
  private readonly removedTokens = new Set<string>();
  private readonly links = new Map<SeatLink, Seat | null>();
  /**
   * Hellos with a good code or secret that came before the drill host was ready: answered as soon as it is.
   * (Turning them away closed the socket with a final code, and a browser station never tried again.)
   */
  private readonly waiting = new Map<SeatLink, Extract<SeatIn, { type: 'hello' }>>();
  private nextSeat = 1;
  private ready: ReadyOut | null = null;
  private roles: Record<string, string[]> = {};
  private session: SessionState = 'briefing';
  private sessionMsg: DrillOut | null = null;
  private speed = 60;
  private minute = 0;
  private readonly rows: SeriesRow[] = [];
  private lastMetrics: Extract<DrillOut, { type: 'metrics'; view: 'supernodes' }>['last'] | null = null;
  private lastSnapshot: DrillOut | null = null;
  private readonly phases: DrillOut[] = [];
  private readonly injects: Array<{ message: InjectOut; toRole: string | null }> = [];
  private readonly privateFires = new Map<string, string>();
  private readonly inputs: LogEntry[] = [];
  private readonly pending = new Map<string, { seat: Seat; id: number; command: string }>();
  private readonly channel: ChannelLine[] = [];
  private readonly commands: TeamCommand[] = [];
  private readonly locked = new Set<string>();
  private simSeconds = 0;
  private inFlightMs: number | null = null;
  private endedSent = false;
  private commandsOut: TeamCommand[] = [];
  private startedAt: string | null = null;
  private startHash: string | null = null;
  private awaitingFinal = false;
  private sessionText: string | null = null;
  private scoreOut: Extract<TeamOut, { type: 'score' }> | null = null;
  private sinceFrameMs = FRAME_EVERY_MS;
  private frameDue = false;

  constructor(options: RoomOptions) {
    this.o = {
      maxSeats: MAX_SEATS,
      joinUrls: [],
      appVersion: '0.0.0',
      onEnded: () => undefined,
      ...options,
      joinCode: normaliseJoinCode(options.joinCode),
    };
  }

  // ---- transport side -------------------------------------------------------------------------------

  /** A new connection (not yet a seat: it must say hello). */
  open(link: SeatLink): void {
    this.links.set(link, null);
  }

  /** A connection closed. Its seat (if any) stays, disconnected, until its token comes back. */
  closed(link: SeatLink): void {
    const seat = this.links.get(link);
    this.links.delete(link);
    this.waiting.delete(link);
    if (seat && seat.link === link) {
      seat.link = null;
      this.broadcastSeats();
    }
  }

  /** Number of seats (connected or not). */
  seatCount(): number {
    return this.seats.size;
  }

  /** One raw text message from a connection. Never throws; bad input gets a refusal and changes nothing. */
  message(link: SeatLink, text: string): void {
    if (!this.links.has(link)) return;
    const parsed = parseSeatIn(text);
    if (!parsed.ok) {
      const c = refusalContext(text);
      return this.refuse(link, parsed.error, c.type, c.id);
    }
    const m = parsed.message;
    const seat = this.links.get(link) ?? null;
    if (m.type === 'hello') {
      if (seat) return this.refuse(link, 'hello was already said on this connection', 'hello', null);
      return this.hello(link, m);
    }
    if (!seat) {
      this.refuse(link, 'say hello first (join code, name and role)', m.type, null);
      return link.close(CLOSE.protocol, 'hello expected');
    }
    if ('id' in m) {
      if (m.id <= seat.lastId)
        return this.refuse(
          link,
          `request ${m.id} repeats or precedes request ${seat.lastId}: ignored`,
          m.type,
          m.id,
        );
      seat.lastId = m.id;
    }
    switch (m.type) {
      case 'lever':
        return this.lever(seat, m);
      case 'say':
        if (seat.role === 'projector') return this.refuse(link, 'the projector is read-only', m.type, m.id);
        return this.addLine({ kind: 'say', seat, text: m.text });
      case 'note':
        if (seat.role !== 'observer' && seat.role !== FACILITATOR_ROLE)
          return this.refuse(link, 'only observers and the facilitator take notes', m.type, m.id);
        return this.addLine({ kind: 'note', seat, text: m.text });
      case 'status':
        if (seat.role !== 'comms' && seat.role !== FACILITATOR_ROLE)
          return this.refuse(link, 'only the comms role drafts and publishes status updates', m.type, m.id);
        this.addLine({ kind: m.publish ? 'status' : 'statusDraft', seat, text: m.text });
        // A published update is an input of the drill, at its tick: status-silence injects read it, and
        // replicas and replays see it in the log.
        if (m.publish && (this.session === 'running' || this.session === 'paused'))
          this.o.toHost({ v: 1, type: 'status', event: 'published', role: seat.role });
        return;
      case 'facilitate':
        if (seat.role !== FACILITATOR_ROLE)
          return this.refuse(link, 'only the facilitator runs the drill', m.type, m.id);
        return this.facilitate(seat, m.id, m.do);
      case 'desync':
        seat.desyncs++;
        this.addLine({
          kind: 'activity',
          seat,
          text: `${seat.name}'s replica differed from the host at minute ${m.minute}; it resynced`,
          audience: 'facilitator',
        });
        this.catchUp(seat);
        return this.broadcastSeats();
      case 'resync':
        return this.catchUp(seat);
    }
  }

  /**
   * Real time passed on the transport's clock: advance the host when a whole simulated minute has built up
   * and no advance is in flight (so a slow host slows the drill instead of queueing work).
   */
  pace(realMs: number): void {
    this.flushCommands();
    if (this.session !== 'running' || this.speed <= 0) {
      if (this.frameDue) this.sendFrame();
      this.simSeconds = 0;
      this.inFlightMs = null;
      return;
    }
    const dt = Math.min(Math.max(realMs, 0), 1000);
    this.sinceFrameMs += dt;
    if (this.frameDue && this.sinceFrameMs >= FRAME_EVERY_MS) this.sendFrame();
    this.simSeconds = Math.min(600 * 60, this.simSeconds + (dt * this.speed) / 1000);
    if (this.inFlightMs !== null) {
      this.inFlightMs += dt;
      if (this.inFlightMs < STALL_MS) return;
    }
    if (this.simSeconds < 60) return;
    const ms = Math.min(60_000, (this.simSeconds * 1000) / this.speed);
    this.simSeconds = 0;
    this.inFlightMs = 0;
    this.o.toHost({ v: 1, type: 'advance', realMs: ms });
  }

  /** One message from the drill host (or the team worker's `logged`). */
  fromHost(msg: DrillOut | HostLogged): void {
    switch (msg.type) {
      case 'logged':
        return this.logged(msg);
      case 'ready':
        this.ready = msg;
        this.roles = { ...msg.roles };
        for (const r of EXTRA_ROLES) this.roles[r] = [];
        this.drill(this.connected(), msg);
        for (const [link, hello] of [...this.waiting]) {
          this.waiting.delete(link);
          if (this.links.has(link)) this.hello(link, hello);
        }
        return;
      case 'snapshot':
        this.inFlightMs = null;
        this.lastSnapshot = msg;
        this.minute = msg.minute;
        this.speed = msg.speed;
        this.frameDue = true;
        if (
          this.startHash === null &&
          msg.session !== 'briefing' &&
          msg.minute === 0 &&
          msg.stateHash !== null
        )
          this.startHash = msg.stateHash;
        if (this.awaitingFinal && msg.stateHash !== null) this.finish(msg.minute, msg.stateHash);
        if (msg.stateHash !== null || msg.session !== 'running' || this.sinceFrameMs >= FRAME_EVERY_MS)
          this.sendFrame();
        return this.team(
          this.connected((s) => s.replicate),
          { v: V, type: 'tick', minute: msg.minute, hash: msg.stateHash },
        );
      case 'metrics':
        // A team drill plays the Skype model (its seats show the supernode map).
        if (msg.view === 'supernodes') {
          for (const r of msg.rows) this.rows.push(r);
          this.lastMetrics = msg.last;
        }
        return this.drill(this.connected(), msg);
      case 'phase':
        this.phases.push(msg);
        return this.drill(this.connected(), msg);
      case 'inject': {
        const toRole = msg.manual ? (this.privateFires.get(msg.id) ?? null) : null;
        this.privateFires.delete(msg.id);
        this.injects.push({ message: msg, toRole });
        return this.drill(
          this.connected((s) => this.hears(s, toRole)),
          msg,
        );
      }
      case 'commandResult':
        return this.result(msg);
      case 'session':
        this.inFlightMs = null;
        this.session = msg.state;
        this.sessionMsg = msg;
        if (this.startedAt === null && msg.state !== 'briefing') this.startedAt = this.o.clock();
        this.drill(this.connected(), msg);
        if (msg.state === 'ended' && !this.endedSent && !this.awaitingFinal) {
          // The state hash where it ended comes with the next snapshot; the session file is built then.
          this.awaitingFinal = true;
          this.o.toHost({ v: 1, type: 'snapshot' });
        }
        return;
      case 'seeked':
        this.minute = msg.minute;
        this.drill(this.connected(), msg);
        for (const s of this.connected((x) => x.replicate)) this.sendSync(s);
        return;
      case 'bookmark':
      case 'branched':
      case 'error':
        return this.drill(this.facilitators(), msg);
    }
  }

  /** Send the commands decided since the last flush, in one message per seat. */
  private flushCommands(): void {
    if (this.commandsOut.length === 0) return;
    const all = this.commandsOut;
    this.commandsOut = [];
    const open = all.filter((c) => c.command !== 'fireInject');
    for (const s of this.connected()) {
      const list = s.role === FACILITATOR_ROLE ? all : open;
      if (list.length > 0) this.team([s], { v: V, type: 'commands', commands: list });
    }
  }

  /** The drill ended at `minute` with `hash`: seal the session file and hand every seat the record. */
  private finish(minute: number, hash: string): void {
    this.flushCommands();
    this.awaitingFinal = false;
    this.endedSent = true;
    try {
      const file = teamSession({
        setup: this.o.setup,
        now: this.o.clock(),
        createdAt: this.startedAt ?? this.o.clock(),
        appVersion: this.o.appVersion,
        stateHashAtStart: this.startHash ?? hash,
        log: this.inputs,
        record: this.record(),
        progress: { minute, stateHash: hash, closed: true },
      });
      this.sessionText = serializeSession(file);
    } catch (e) {
      const facilitator = this.facilitators()[0];
      if (facilitator)
        this.addLine({
          kind: 'activity',
          seat: facilitator,
          text: `the session file could not be written: ${e instanceof Error ? e.message : String(e)}`,
          audience: 'facilitator',
        });
    }
    for (const s of this.connected()) this.sendEnded(s);
    if (this.sessionText) this.o.onEnded(this.sessionText);
  }

  /** The drill's log so far and the minute the host has reached (a follower traces behind it). */
  drillLog(): { log: readonly LogEntry[]; minute: number } {
    return { log: this.inputs, minute: this.minute };
  }

  /**
   * The team's score as it stands, for every seat (and every seat that comes back later). With `session`, the
   * session file now carries its score: the facilitator is sent it again.
   */
  publishScore(score: TeamScore, session?: string): void {
    if (session !== undefined) this.sessionText = session;
    this.scoreOut = { v: V, type: 'score', score };
    for (const s of this.connected()) this.sendScore(s, session !== undefined);
  }

  private sendScore(s: Seat, withSession: boolean): void {
    if (!this.scoreOut) return;
    const session =
      withSession && s.role === FACILITATOR_ROLE && this.sessionText ? { session: this.sessionText } : {};
    this.team([s], { ...this.scoreOut, ...session });
  }

  private sendEnded(s: Seat): void {
    const session = s.role === FACILITATOR_ROLE && this.sessionText ? { session: this.sessionText } : {};
    this.team([s], { v: V, type: 'ended', record: this.record(s), ...session });
    this.sendScore(s, false);
  }

  /** The sealed session file's text, once the drill has ended. */
  sessionFile(): string | null {
    return this.sessionText;
  }

  private sendFrame(): void {
    this.frameDue = false;
    this.sinceFrameMs = 0;
    if (this.lastSnapshot) this.drill(this.connected(), this.lastSnapshot, true);
  }

  /**
   * Seats, commands and channel: what the session file adds for a team drill. Given a seat, only what that seat
   * may see (drafts, notes, private messages and private injects stay with their audience).
   */
  record(seat?: Seat): TeamRecord {
    const facilitator = !seat || seat.role === FACILITATOR_ROLE;
    return {
      seats: [...this.seats.values()].map((s) => ({ id: s.id, name: s.name, role: s.role })),
      commands: this.commands.filter((c) => facilitator || c.command !== 'fireInject').map((c) => ({ ...c })),
      channel: this.channel.filter((l) => !seat || this.sees(seat, l)).map((l) => ({ ...l })),
    };
  }

  /** The seats as everyone sees them. */
  seatViews(): SeatView[] {
    return [...this.seats.values()].map(view);
  }

  /** The command log as relayed (tick-stamped inputs). */
  log(): readonly LogEntry[] {
    return this.inputs;
  }

  // ---- seats -----------------------------------------------------------------------------------------

  private hello(link: SeatLink, m: Extract<SeatIn, { type: 'hello' }>): void {
    // Commands decided before this seat's catch-up go out to the others first (the catch-up has them all).
    this.flushCommands();
    const facilitator = m.secret !== undefined;
    if (facilitator) {
      if (!this.o.secretEquals(m.secret!, this.o.facilitatorSecret))
        return this.turnAway(link, 'wrong facilitator secret');
    } else if (m.code === undefined || !this.o.secretEquals(normaliseJoinCode(m.code), this.o.joinCode))
      return this.turnAway(link, m.code === undefined ? 'a join code is needed' : 'wrong join code');
    if (!this.ready) {
      this.waiting.set(link, m);
      return;
    }

    let seat: Seat | undefined;
    if (m.token !== undefined) {
      if (this.removedTokens.has(m.token)) return this.turnAway(link, 'the facilitator removed this seat');
      seat = this.byToken.get(m.token);
      if (seat && (seat.role === FACILITATOR_ROLE) !== facilitator) seat = undefined;
    }
    if (seat) {
      if (seat.link && seat.link !== link) {
        const old = seat.link;
        this.links.delete(old);
        old.close(CLOSE.replaced, 'this seat connected again elsewhere');
      }
    } else {
      if (this.seats.size >= this.o.maxSeats)
        return this.turnAway(link, `the drill is full (${this.o.maxSeats} seats)`);
      let role = FACILITATOR_ROLE;
      if (!facilitator) {
        if (m.role === undefined) return this.turnAway(link, `choose a role: ${this.roleNames().join(', ')}`);
        if (!(m.role in this.roles))
          return this.turnAway(
            link,
            `unknown role "${m.role}" (choose one of ${this.roleNames().join(', ')})`,
          );
        role = m.role;
      }
      const token = this.o.newToken();
      seat = {
        id: `s${this.nextSeat++}`,
        name: m.name.trim(),
        role,
        token,
        link: null,
        replicate: false,
        lastId: 0,
        desyncs: 0,
      };
      this.seats.set(seat.id, seat);
      this.byToken.set(token, seat);
    }
    seat.link = link;
    seat.replicate = m.replicate;
    this.links.set(link, seat);
    this.team([seat], {
      v: V,
      type: 'welcome',
      seat: view(seat),
      token: seat.token,
      nextId: seat.lastId + 1,
      facilitator: seat.role === FACILITATOR_ROLE,
      setup: this.o.setup,
      ...(seat.role === FACILITATOR_ROLE
        ? { hosting: { joinCode: this.o.joinCode, joinUrls: this.o.joinUrls } }
        : {}),
      roles: this.roles,
      locked: [...this.locked],
    });
    this.catchUp(seat);
    this.broadcastSeats();
  }

  /** Everything a seat needs to show the drill as it is now, in the order a console expects it. */
  private catchUp(seat: Seat): void {
    const to = [seat];
    if (this.ready) this.drill(to, this.ready);
    if (this.sessionMsg) this.drill(to, this.sessionMsg);
    for (const p of this.phases) this.drill(to, p);
    if (this.rows.length > 0 && this.lastMetrics)
      this.drill(to, {
        v: 1,
        type: 'metrics',
        view: 'supernodes',
        minute: this.minute,
        rows: [...this.rows],
        last: this.lastMetrics,
      });
    for (const i of this.injects) if (this.hears(seat, i.toRole)) this.drill(to, i.message);
    if (this.lastSnapshot) this.drill(to, this.lastSnapshot);
    this.team(to, {
      v: V,
      type: 'channel',
      lines: this.channel.filter((l) => this.sees(seat, l)),
      reset: true,
    });
    this.team(to, {
      v: V,
      type: 'commands',
      commands: this.commands.filter((c) => seat.role === FACILITATOR_ROLE || c.command !== 'fireInject'),
      reset: true,
    });
    if (seat.replicate) this.sendSync(seat);
    if (this.endedSent) this.sendEnded(seat);
  }

  private sendSync(seat: Seat): void {
    this.team([seat], {
      v: V,
      type: 'sync',
      started: this.session !== 'briefing',
      minute: this.minute,
      log: [...this.inputs],
    });
  }

  private lever(seat: Seat, m: Extract<SeatIn, { type: 'lever' }>): void {
    const link = seat.link!;
    const held = this.roles[seat.role];
    if (!held || held.length === 0)
      return this.refuse(link, `the ${seat.role} role holds no levers`, 'lever', m.id);
    if (this.locked.has(m.command))
      return this.refuse(link, `the facilitator has locked ${m.command}`, 'lever', m.id);
    const requestId = `${seat.id}.${m.id}`;
    this.pending.set(requestId, { seat, id: m.id, command: m.command });
    // The seat's role, never one the client names: the host's timeline refuses levers outside it.
    this.o.toHost({ v: 1, type: 'command', role: seat.role, command: m.command, args: m.args, requestId });
  }

  private result(msg: Extract<DrillOut, { type: 'commandResult' }>): void {
    const p = msg.requestId === null ? undefined : this.pending.get(msg.requestId);
    if (!p) return this.drill(this.facilitators(), msg);
    this.pending.delete(msg.requestId!);
    const cmd: TeamCommand = {
      minute: msg.atMinute,
      seat: p.seat.id,
      name: p.seat.name,
      role: p.seat.role,
      command: msg.command,
      ok: msg.ok,
      reason: msg.ok ? null : msg.reason,
      takesEffectAtMinute: msg.ok ? msg.takesEffectAtMinute : null,
    };
    this.commands.push(cmd);
    // The seat sees its own result against its own request id.
    if (p.seat.link) this.drill([p.seat], { ...msg, requestId: String(p.id) });
    // Everyone else hears it with the next batch (at most every pace tick: 24 seats x 10 commands a second
    // would otherwise be 240 messages a second to every phone). A private inject's firing only facilitators hear.
    this.commandsOut.push(cmd);
  }

  private facilitate(seat: Seat, id: number, a: FacilitatorAction): void {
    const link = seat.link!;
    const refuse = (why: string) => this.refuse(link, why, 'facilitate', id);
    switch (a.action) {
      case 'start': {
        // (Read before the start: an in-process host answers at once.)
        const starting = this.session === 'briefing';
        this.o.toHost({ v: 1, type: 'start' });
        // A team drill has a status page (a solo drill has none): logged at the start, so status-silence
        // injects can fire here and nowhere else, in replays too.
        if (starting) this.o.toHost({ v: 1, type: 'status', event: 'opened', role: FACILITATOR_ROLE });
        return;
      }
      case 'pause':
        return this.o.toHost({ v: 1, type: 'pause' });
      case 'resume':
        return this.o.toHost({ v: 1, type: 'resume' });
      case 'setSpeed':
        if (this.ready && !this.ready.speeds.includes(a.speed))
          return refuse(`speed ${a.speed}x is not offered (${this.ready.speeds.join(', ')})`);
        return this.o.toHost({ v: 1, type: 'setSpeed', speed: a.speed });
      case 'seek':
        return this.o.toHost({ v: 1, type: 'seek', minute: a.minute });
      case 'fireInject': {
        if (a.toRole !== undefined && (!(a.toRole in this.roles) || a.toRole === FACILITATOR_ROLE))
          return refuse(`unknown role "${a.toRole}"`);
        if (this.ready && !this.ready.injects.some((i) => i.id === a.inject))
          return refuse(`unknown inject "${a.inject}"`);
        if (a.toRole !== undefined) this.privateFires.set(a.inject, a.toRole);
        else this.privateFires.delete(a.inject);
        const requestId = `${seat.id}.${id}`;
        this.pending.set(requestId, { seat, id, command: 'fireInject' });
        return this.o.toHost({ v: 1, type: 'fireInject', id: a.inject, requestId });
      }
      case 'message': {
        if (a.toSeat !== undefined && !this.seats.has(a.toSeat)) return refuse(`no seat ${a.toSeat}`);
        return this.addLine({ kind: 'message', seat, text: a.text, toSeat: a.toSeat });
      }
      case 'assign': {
        const target = this.seats.get(a.seat);
        if (!target) return refuse(`no seat ${a.seat}`);
        if (target.role === FACILITATOR_ROLE) return refuse("the facilitator's seat keeps its role");
        if (!(a.role in this.roles) || a.role === FACILITATOR_ROLE) return refuse(`unknown role "${a.role}"`);
        target.role = a.role;
        if (target.link) {
          this.team([target], { v: V, type: 'role', role: a.role });
          // Private injects already fired may differ for the new role: a fresh catch-up shows the right ones.
          this.catchUp(target);
        }
        this.addLine({ kind: 'activity', seat, text: `${target.name} is now ${a.role}`, audience: 'all' });
        return this.broadcastSeats();
      }
      case 'lock':
        if (a.locked) this.locked.add(a.lever);
        else this.locked.delete(a.lever);
        return this.team(this.connected(), { v: V, type: 'locked', levers: [...this.locked] });
      case 'remove': {
        const target = this.seats.get(a.seat);
        if (!target) return refuse(`no seat ${a.seat}`);
        if (target === seat) return refuse('the facilitator cannot remove their own seat');
        this.seats.delete(target.id);
        this.byToken.delete(target.token);
        this.removedTokens.add(target.token);
        if (target.link) {
          const l = target.link;
          this.team([target], { v: V, type: 'removed', reason: 'the facilitator removed this seat' });
          this.links.delete(l);
          l.close(CLOSE.removed, 'removed by the facilitator');
        }
        return this.broadcastSeats();
      }
      case 'end':
        return this.o.toHost({ v: 1, type: 'end' });
    }
  }

  private logged(msg: HostLogged): void {
    const dropped = msg.from < this.inputs.length;
    this.inputs.length = Math.min(this.inputs.length, msg.from);
    for (const e of msg.entries) this.inputs.push(e);
    const replicas = this.connected((s) => s.replicate);
    if (dropped) for (const s of replicas) this.sendSync(s);
    else for (const e of msg.entries) this.team(replicas, { v: V, type: 'input', entry: e });
  }

  // ---- the channel -----------------------------------------------------------------------------------

  private addLine(l: {
    kind: ChannelLine['kind'];
    seat: Seat;
    text: string;
    toSeat?: string;
    audience?: 'all' | 'facilitator';
  }): void {
    const line: ChannelLine = {
      at: this.o.clock(),
      minute: this.minute,
      kind: l.kind,
      seat: l.seat.id,
      name: l.seat.name,
      role: l.seat.role,
      text: l.text,
      ...(l.toSeat !== undefined ? { toSeat: l.toSeat } : {}),
    };
    if (l.kind === 'activity' && l.audience === 'facilitator') line.toSeat = FACILITATOR_ROLE;
    this.channel.push(line);
    this.team(
      this.connected((s) => this.sees(s, line)),
      { v: V, type: 'channel', lines: [line] },
    );
  }

  /** Whether a seat sees a channel line. */
  private sees(s: Seat, l: ChannelLine): boolean {
    if (s.role === FACILITATOR_ROLE) return true;
    switch (l.kind) {
      case 'note':
        return s.role === 'observer';
      case 'statusDraft':
        return s.role === 'comms';
      case 'message':
        return l.toSeat === undefined || l.toSeat === s.id;
      case 'activity':
        return l.toSeat === undefined;
      default:
        return true;
    }
  }

  /** Whether a seat hears an inject sent to `toRole` (null: everyone). */
  private hears(s: Seat, toRole: string | null): boolean {
    return toRole === null || s.role === toRole || s.role === FACILITATOR_ROLE || s.role === 'observer';
  }

  // ---- sending ---------------------------------------------------------------------------------------

  private connected(filter?: (s: Seat) => boolean): Seat[] {
    const out: Seat[] = [];
    for (const s of this.seats.values()) if (s.link && (!filter || filter(s))) out.push(s);
    return out;
  }

  private facilitators(): Seat[] {
    return this.connected((s) => s.role === FACILITATOR_ROLE);
  }

  private drill(to: readonly Seat[], m: DrillOut, view = false): void {
    if (to.length > 0)
      this.o.sendDrill(
        to.map((s) => s.link!),
        m,
        view,
      );
  }

  private team(to: readonly Seat[], m: TeamOut): void {
    for (const s of to) s.link?.send(m);
  }

  private broadcastSeats(): void {
    this.team(this.connected(), { v: V, type: 'seats', seats: this.seatViews() });
  }

  private refuse(link: SeatLink, reason: string, inReplyTo: string | null, id: number | null): void {
    link.send({ v: V, type: 'refused', reason, inReplyTo, id });
  }

  /** Refuse a hello and close the connection: nothing about the room changed. */
  private turnAway(link: SeatLink, reason: string): void {
    this.refuse(link, reason, 'hello', null);
    this.links.delete(link);
    link.close(CLOSE.refused, reason.slice(0, 120));
  }

  private roleNames(): string[] {
    return Object.keys(this.roles);
  }
}

function view(s: Seat): SeatView {
  return {
    id: s.id,
    name: s.name,
    role: s.role,
    connected: s.link !== null,
    desyncs: s.desyncs,
    replicating: s.replicate,
  };
}

/** The lever names a role holds (for UIs): none for comms, observer, projector and the facilitator. */
export function leversOf(roles: Record<string, readonly string[]>, role: string): LeverName[] {
  return [...((roles[role] ?? []) as LeverName[])];
}
