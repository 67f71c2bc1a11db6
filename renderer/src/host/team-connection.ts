/**
 * A seat's link to a team drill over the LAN: a WebSocket to the hosting process, beside the Worker connection
 * (./connection.ts) and behind the same {@link DrillConnection}, so the drill console draws a team drill exactly
 * as it draws a local one. The host paces the drill; this adapter turns the console's own requests into seat
 * requests (levers as `lever`, the facilitator's pause/speed/seek/inject/end as `facilitate`) and drops the rest
 * (a seat never advances or starts the drill).
 *
 * Reconnects: a dropped socket is reopened at once and then with a short back-off (at most 2 s apart), saying
 * the seat token kept in sessionStorage, so a reload or a Wi-Fi blip gets the same seat and role back. Nothing
 * is queued while disconnected: a request made then is refused on the spot and never sent later. The catch-up
 * the host sends after a reconnect is de-duplicated (chart rows, phases and injects already shown).
 */
import { decodeFrame } from '../../../sim-core/src/team/codec';
import {
  TEAM_WS_PATH,
  type FacilitatorAction,
  type TeamOut,
  type SeatIn,
} from '../../../sim-core/src/team/protocol';
import type { DistributiveOmit } from '../../../sim-core/src/drill/log-player';
import type { LeverName } from '../../../sim-core/src/levers/index';
import type { DrillConnection } from './connection';
import { parseDrillMessage, type DrillCommand, type DrillMessage } from './messages';

/** How a seat says who it is. */
export interface SeatHello {
  /** The join code (players) ... */
  readonly code?: string;
  /** ... or the facilitator secret. */
  readonly secret?: string;
  readonly name: string;
  readonly role?: string;
}

/** A seat request the team panel sends (its id is added here). */
export type SeatRequest =
  | { type: 'say'; text: string }
  | { type: 'note'; text: string }
  | { type: 'status'; text: string; publish: boolean }
  | { type: 'facilitate'; do: FacilitatorAction };

export interface TeamConnection extends DrillConnection {
  /** Team messages (welcome, seats, channel, commands, refusals, ...). */
  onTeam(listener: (m: TeamOut) => void): () => void;
  /** Send a team request now; false (and a local refusal) when not connected. */
  request(r: SeatRequest): boolean;
  connected(): boolean;
}

const TOKEN_KEY = 'cascade-team-seat';
const BACKOFF_MS = [0, 250, 500, 1000, 2000];
/** Close codes after which reconnecting would be wrong: refused, removed, replaced by another tab. */
const FINAL_CLOSES = new Set([4000, 4003, 4004]);

/** The token this tab holds for a drill (by join code or secret), if any. */
export function storedToken(storage: Storage, key: string): string | null {
  try {
    const raw = storage.getItem(TOKEN_KEY);
    if (!raw) return null;
    const v = JSON.parse(raw) as { key?: unknown; token?: unknown };
    return v.key === key && typeof v.token === 'string' ? v.token : null;
  } catch {
    return null;
  }
}

/** Decode a binary drill frame (flag byte 0 raw, 1 deflate-raw). */
async function drillFrame(data: ArrayBuffer): Promise<unknown> {
  const bytes = new Uint8Array(data);
  if (bytes.length < 1) throw new Error('empty frame');
  let body = bytes.subarray(1);
  if (bytes[0] === 1) {
    const stream = new Blob([body]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
    body = new Uint8Array(await new Response(stream).arrayBuffer());
  } else if (bytes[0] !== 0) throw new Error(`unknown frame flag ${bytes[0]}`);
  return decodeFrame(body);
}

/** Open a seat's connection to the team drill served by this page's own host. */
export function connectTeam(win: Window, hello: SeatHello): TeamConnection {
  const drillListeners = new Set<(m: DrillMessage) => void>();
  const teamListeners = new Set<(m: TeamOut) => void>();
  const storage = win.sessionStorage;
  const key = hello.code ?? `facilitator:${hello.secret ?? ''}`;
  let ws: WebSocket | null = null;
  let open = false;
  let welcomed = false;
  let finalClose = false;
  let disposed = false;
  let attempt = 0;
  let nextId = 1;
  let retry = 0;
  let chain: Promise<void> = Promise.resolve();
  // What the console has already been shown (a reconnect's catch-up repeats it).
  let lastRow = -1;
  const seen = new Set<string>();
  /** The console's request ids by the seat request id they went out as. */
  const requestIds = new Map<number, { rid: string; command: string }>();

  const emitDrill = (m: DrillMessage) => {
    for (const l of drillListeners) l(m);
  };
  const emitTeam = (m: TeamOut) => {
    for (const l of teamListeners) l(m);
  };
  const localError = (message: string) =>
    emitDrill({ v: 1, type: 'error', message, inReplyTo: null } satisfies DrillMessage);

  const fresh = (m: DrillMessage): DrillMessage | null => {
    switch (m.type) {
      case 'metrics': {
        // A team drill plays the Skype model: its metrics are the supernode map's rows.
        if (m.view !== 'supernodes') return m;
        const rows = m.rows.filter((r) => r.minute > lastRow);
        if (rows.length === 0) return null;
        lastRow = rows[rows.length - 1]!.minute;
        return rows.length === m.rows.length ? m : { ...m, rows };
      }
      case 'phase':
      case 'inject': {
        const k = `${m.type}|${m.type === 'inject' ? m.id : m.phase}|${m.atMinute}`;
        if (seen.has(k)) return null;
        seen.add(k);
        return m;
      }
      case 'seeked':
        lastRow = m.minute - 1;
        for (const k of [...seen]) if (Number(k.split('|')[2]) >= m.minute) seen.delete(k);
        return m;
      case 'commandResult': {
        const mine = m.requestId === null ? undefined : requestIds.get(Number(m.requestId));
        if (mine !== undefined) requestIds.delete(Number(m.requestId));
        return { ...m, requestId: mine?.rid ?? m.requestId };
      }
      default:
        return m;
    }
  };

  const send = (m: Record<string, unknown>): boolean => {
    if (!ws || !open || !welcomed) return false;
    ws.send(JSON.stringify({ v: 1, ...m }));
    return true;
  };
  const sendRequest = (m: DistributiveOmit<Extract<SeatIn, { id: number }>, 'v' | 'id'>): number | null => {
    const id = nextId;
    if (!send({ ...m, id })) return null;
    nextId++;
    return id;
  };

  const connect = (): void => {
    if (disposed || finalClose) return;
    const proto = win.location.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(`${proto}//${win.location.host}${TEAM_WS_PATH}`);
    socket.binaryType = 'arraybuffer';
    ws = socket;
    socket.onopen = () => {
      open = true;
      const token = storedToken(storage, key);
      socket.send(
        JSON.stringify({
          v: 1,
          type: 'hello',
          ...(hello.code !== undefined ? { code: hello.code } : {}),
          ...(hello.secret !== undefined ? { secret: hello.secret } : {}),
          ...(token ? { token } : {}),
          name: hello.name,
          ...(hello.role !== undefined ? { role: hello.role } : {}),
        }),
      );
    };
    socket.onmessage = (ev: MessageEvent<unknown>) => {
      const data = ev.data;
      chain = chain.then(async () => {
        if (ws !== socket) return;
        if (typeof data === 'string') {
          let m: TeamOut;
          try {
            m = JSON.parse(data) as TeamOut;
          } catch {
            return localError('the team host sent a message that is not JSON');
          }
          if (m.type === 'welcome') {
            welcomed = true;
            attempt = 0;
            nextId = Math.max(nextId, m.nextId);
            storage.setItem(TOKEN_KEY, JSON.stringify({ key, token: m.token }));
          }
          if (m.type === 'refused' && m.inReplyTo === 'hello') {
            // A token the host no longer knows (a new drill): forget it and say hello again without it.
            if (/removed/.test(m.reason)) storage.removeItem(TOKEN_KEY);
          }
          if (m.type === 'refused' && m.id !== null && requestIds.has(m.id)) {
            const { rid, command } = requestIds.get(m.id)!;
            requestIds.delete(m.id);
            emitDrill({
              v: 1,
              type: 'commandResult',
              requestId: rid,
              command,
              ok: false,
              atMinute: 0,
              check: 'roleAllowed',
              reason: m.reason,
            } as DrillMessage);
          }
          return emitTeam(m);
        }
        if (!(data instanceof ArrayBuffer)) return;
        try {
          const raw = await drillFrame(data);
          const m = parseDrillMessage(raw, (why) =>
            localError(`the team host sent a malformed frame: ${why}`),
          );
          const f = m && fresh(m);
          if (f) emitDrill(f);
        } catch (e) {
          localError(
            `a frame from the team host could not be read: ${e instanceof Error ? e.message : String(e)}`,
          );
        }
      });
    };
    socket.onclose = (ev: CloseEvent) => {
      if (ws !== socket) return;
      open = false;
      welcomed = false;
      emitTeam({
        v: 1,
        type: 'refused',
        reason: `disconnected (${ev.code})`,
        inReplyTo: 'connection',
        id: null,
      });
      if (FINAL_CLOSES.has(ev.code)) {
        finalClose = true;
        if (ev.code === 4004) storage.removeItem(TOKEN_KEY);
        return;
      }
      const wait = BACKOFF_MS[Math.min(attempt++, BACKOFF_MS.length - 1)]!;
      retry = win.setTimeout(connect, wait);
    };
  };
  connect();

  return {
    send(m: DrillCommand): void {
      const facilitate = (a: FacilitatorAction) => {
        if (sendRequest({ type: 'facilitate', do: a }) === null)
          localError('not connected to the team host: nothing was sent');
      };
      switch (m.type) {
        case 'command': {
          const id = sendRequest({
            type: 'lever',
            command: m.command as LeverName,
            args: (m.args ?? {}) as Record<string, never>,
          });
          if (id === null) {
            emitDrill({
              v: 1,
              type: 'commandResult',
              requestId: m.requestId ?? null,
              command: m.command,
              ok: false,
              atMinute: 0,
              check: 'sessionLive',
              reason: 'not connected to the team host: the command was not sent',
            } as DrillMessage);
          } else if (m.requestId !== undefined) requestIds.set(id, { rid: m.requestId, command: m.command });
          return;
        }
        // The facilitator's own console controls; the room refuses them from anyone else.
        case 'pause':
        case 'resume':
        case 'end':
          return facilitate({ action: m.type });
        case 'setSpeed':
          // The console says its starting speed on mount (no request id): the host's pace stands.
          if (m.requestId === undefined) return;
          return facilitate({
            action: 'setSpeed',
            speed: m.speed as Extract<FacilitatorAction, { action: 'setSpeed' }>['speed'],
          });
        case 'seek':
          return facilitate({ action: 'seek', minute: m.minute });
        case 'fireInject':
          return facilitate({ action: 'fireInject', inject: m.id });
        default:
          // advance, start, step, snapshot, replay, branch, bookmark: the host paces and records the drill.
          return;
      }
    },
    subscribe(listener) {
      drillListeners.add(listener);
      return () => drillListeners.delete(listener);
    },
    onTeam(listener) {
      teamListeners.add(listener);
      return () => teamListeners.delete(listener);
    },
    request(r: SeatRequest): boolean {
      const ok = sendRequest(r) !== null;
      if (!ok)
        emitTeam({
          v: 1,
          type: 'refused',
          reason: 'not connected to the team host: nothing was sent',
          inReplyTo: r.type,
          id: null,
        });
      return ok;
    },
    connected: () => open && welcomed,
    dispose() {
      disposed = true;
      win.clearTimeout(retry);
      drillListeners.clear();
      teamListeners.clear();
      ws?.close(1000, 'seat closed');
      ws = null;
    },
  };
}
