/**
 * Hosting a team drill on the LAN: a `ws` WebSocket endpoint on the same HTTP server that serves the app, the
 * team room (sim-core/src/team/room.ts: the one authority), and the drill host in a worker thread. The same
 * code serves `npm run web -- --team` and (later) Electron's main process.
 *
 * Security, in the order a connection meets it:
 * - the HTTP server answers only for the Host names it was reached by (each LAN address, 127.0.0.1,
 *   localhost, with the port): a DNS-rebinding page cannot talk to it; slow and idle connections time out;
 * - the upgrade: path `/team/ws`, Host as above, and Origin equal to `http://<an allowed host>` (a foreign
 *   page cannot open a socket with the player's browser), a cap on connections, and a per-address cooldown
 *   after repeated wrong codes; refused upgrades get a plain HTTP status and are closed;
 * - every message: at most MAX_SEAT_MESSAGE_BYTES (ws closes anything over 64 KiB outright), text only,
 *   a per-connection token bucket, then zod in the room; a hello must come within 5 s;
 * - the join code (50 random bits, Crockford base32), the facilitator secret (256 bits) and seat tokens
 *   (192 bits) come from node:crypto and are compared in constant time. Facilitator rights come from the
 *   secret alone, never from connecting over loopback.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { networkInterfaces } from 'node:os';
import { performance } from 'node:perf_hooks';
import { deflateRawSync } from 'node:zlib';
import type { Worker } from 'node:worker_threads';
import { WebSocketServer, type WebSocket } from 'ws';
import type { DrillOut } from '../../../sim-core/src/drill/protocol';
import { encodeFrame } from '../../../sim-core/src/team/codec';
import {
  JOIN_CODE_ALPHABET,
  MAX_SEATS,
  MAX_SEAT_MESSAGE_BYTES,
  SEAT_RATE_BURST,
  SEAT_RATE_PER_SECOND,
  TEAM_WS_PATH,
  formatJoinCode,
  type DrillSetup,
  type TeamOut,
} from '../../../sim-core/src/team/protocol';
import { TeamRoom, type HostLogged, type SeatLink } from '../../../sim-core/src/team/room';
import { spawnTeamHostWorker } from './host-worker';
import { startTeamScoring, type TeamScoringOptions } from './team-score';
import { hostIn, loopbackHosts } from '../../launch/static-server';

/** Frames larger than this are deflated (once, for every seat) before they are sent. */
const DEFLATE_OVER_BYTES = 8 * 1024;
/**
 * A view frame (each supersedes the last) is held back from a seat whose socket still has more than this
 * unsent: that seat gets the newest frame once it has caught up, and its command results and channel lines
 * never queue behind a backlog of stale views (a full-scale view frame is ~100-250 KB deflated).
 */
export const VIEW_BACKLOG_BYTES = 64 * 1024;
/** A seat whose socket has this much unsent data cannot keep up and is disconnected (it may reconnect). */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
/** Wall-clock pacing of the drill host. */
const PACE_MS = 50;
const HELLO_TIMEOUT_MS = 5000;
const PING_MS = 5000;
/** How often the score thread is told the drill's log and minute (wall ms). */
const FOLLOW_EVERY_MS = 1000;
/** Wrong codes or secrets from one address within a minute before it must wait. */
const MAX_FAILED_HELLOS = 20;

export interface TeamHostingOptions {
  setup: DrillSetup;
  /** The port the HTTP server listens on (for the Host/Origin allow-list and the printed addresses). */
  port: number;
  /** LAN addresses to allow and print (default: every non-internal IPv4 interface). */
  addresses?: readonly string[];
  maxSeats?: number;
  /** The app version the session file names. */
  appVersion?: string;
  /** Where one-line diagnostics go (default: nowhere). */
  log?: (line: string) => void;
  /**
   * The team's score, worked out here once for every seat: par searched from now on at lowered priority and
   * the run followed as it goes (team-score.ts). `false`: no score (unit tests of the transport).
   */
  score?: TeamScoringOptions | false;
}

export interface TeamHosting {
  readonly joinCode: string;
  readonly facilitatorSecret: string;
  /** One join address per LAN interface, with the code in it. */
  readonly joinUrls: readonly string[];
  /** The facilitator's own station, on loopback, with the secret in it. */
  readonly facilitatorUrl: string;
  readonly room: TeamRoom;
  /** Whether a Host header names this server. */
  allowHost(host: string | undefined): boolean;
  /** Bytes and messages sent so far, for the bench. */
  stats(): { bytesSent: number; framesSent: number; viewsSkipped: number; connections: number };
  close(): Promise<void>;
}

/** Every non-internal IPv4 address of this machine (Docker and VPN adapters included: people pick theirs). */
export function lanAddresses(): string[] {
  const out: string[] = [];
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) out.push(a.address);
  return out;
}

/** A join code with JOIN_CODE_BITS (50) random bits: ten Crockford base32 characters. */
export function newJoinCode(): string {
  const bytes = randomBytes(7);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let code = '';
  for (let i = 0; i < 10; i++) {
    code += JOIN_CODE_ALPHABET[Number(bits & 31n)];
    bits >>= 5n;
  }
  return code;
}

/** Constant-time equality for secrets of any length (compares digests, so lengths do not leak either). */
export function secretEquals(a: string, b: string): boolean {
  const h = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(h(a), h(b));
}

/** Attach a team drill to `server` (which the caller listens with on the LAN). Starts the host worker. */
export function attachTeam(server: http.Server, options: TeamHostingOptions): TeamHosting {
  const log = options.log ?? (() => undefined);
  const port = options.port;
  const addresses = options.addresses ?? lanAddresses();
  const hosts = loopbackHosts(port, addresses);
  const origins = new Set([...hosts].map((h) => `http://${h}`));
  const allowHost = (host: string | undefined) => hostIn(hosts, host);
  const joinCode = newJoinCode();
  const facilitatorSecret = randomBytes(32).toString('base64url');
  const maxSeats = options.maxSeats ?? MAX_SEATS;
  const joinUrls = addresses.map((a) => `http://${a}:${port}/#join=${formatJoinCode(joinCode)}`);
  let bytesSent = 0;
  let framesSent = 0;
  /** View frames held back from a busy seat and then superseded by a newer one (never sent). */
  let viewsSkipped = 0;

  const worker: Worker = spawnTeamHostWorker(options.setup);
  const links = new Map<WebSocket, WsLink>();
  const scoring =
    options.score === false ? null : startTeamScoring(options.setup, { log, ...(options.score ?? {}) });

  const room = new TeamRoom({
    joinCode,
    facilitatorSecret,
    newToken: () => randomBytes(24).toString('base64url'),
    clock: () => new Date().toISOString(),
    secretEquals,
    toHost: (m) => worker.postMessage(m),
    sendDrill: (to, m, view) => {
      const frame = frameOf(m);
      for (const l of to) {
        const link = l as WsLink;
        if (view) link.sendView(frame);
        else {
          // A catch-up or paused view is the newest: an older one held back is no longer owed.
          if (m.type === 'snapshot') link.owedView = null;
          link.sendBytes(frame);
        }
      }
    },
    setup: options.setup,
    appVersion: options.appVersion ?? '0.0.0',
    joinUrls,
    maxSeats,
    onEnded: (text) => {
      if (!scoring) return;
      void scoring
        .finish(text, (score, session) => room.publishScore(score, session))
        .catch((e: unknown) => log(`team: scoring failed: ${String(e)}`));
    },
  });
  worker.on('message', (m: DrillOut | HostLogged) => room.fromHost(m));
  worker.on('error', (e) => log(`team host worker failed: ${e.message}`));

  class WsLink implements SeatLink {
    private tokens = SEAT_RATE_BURST;
    private refill = performance.now();
    private dropped = 0;
    alive = true;
    hello = false;
    /** The newest view frame this seat has not been sent yet (it was busy). */
    owedView: Uint8Array | null = null;
    constructor(
      readonly ws: WebSocket,
      readonly address: string,
    ) {}
    send(m: TeamOut): void {
      if (m.type === 'welcome') this.hello = true;
      if (m.type === 'refused' && m.inReplyTo === 'hello' && !this.hello) failedHello(this.address);
      this.sendBytes(JSON.stringify(m));
    }
    sendBytes(data: string | Uint8Array): void {
      if (this.ws.readyState !== this.ws.OPEN) return;
      if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) return this.close(1013, 'this seat could not keep up');
      const n = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
      bytesSent += n;
      framesSent++;
      this.ws.send(data);
    }
    /** Send a view frame now, or keep it (replacing an older kept one) until the socket has caught up. */
    sendView(frame: Uint8Array): void {
      if (this.ws.bufferedAmount > VIEW_BACKLOG_BYTES) {
        if (this.owedView) viewsSkipped++;
        this.owedView = frame;
        return;
      }
      this.owedView = null;
      this.sendBytes(frame);
    }
    /** Send the kept view frame if the socket has caught up. */
    flushView(): void {
      if (this.owedView && this.ws.bufferedAmount <= VIEW_BACKLOG_BYTES) {
        const frame = this.owedView;
        this.owedView = null;
        this.sendBytes(frame);
      }
    }
    close(code: number, reason: string): void {
      this.ws.close(code, reason);
    }
    /** Token bucket: false when this message is over the seat's rate. */
    take(): boolean {
      const now = performance.now();
      this.tokens = Math.min(
        SEAT_RATE_BURST,
        this.tokens + ((now - this.refill) / 1000) * SEAT_RATE_PER_SECOND,
      );
      this.refill = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return true;
      }
      if (++this.dropped > 10 * SEAT_RATE_BURST) this.close(1008, 'too many messages');
      return false;
    }
  }

  /** Encode a drill message once for every seat that gets it: flag byte 0 = raw, 1 = deflate-raw. */
  function frameOf(m: DrillOut): Uint8Array {
    const raw = encodeFrame(m);
    if (raw.byteLength <= DEFLATE_OVER_BYTES) return prefix(0, raw);
    return prefix(1, deflateRawSync(raw, { level: 1 }));
  }

  const failures = new Map<string, number[]>();
  function failedHello(address: string): void {
    const now = performance.now();
    const list = (failures.get(address) ?? []).filter((t) => now - t < 60_000);
    list.push(now);
    failures.set(address, list);
  }
  const coolingDown = (address: string) =>
    (failures.get(address) ?? []).filter((t) => performance.now() - t < 60_000).length >= MAX_FAILED_HELLOS;

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 64 * 1024,
    perMessageDeflate: false,
    clientTracking: false,
  });

  const onUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer): void => {
    const address = req.socket.remoteAddress ?? 'unknown';
    const path = (req.url ?? '').split('?')[0];
    const refuse = (status: number, text: string) => {
      log(`team: refused a connection from ${address}: ${text}`);
      socket.end(
        `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
      );
      socket.destroy();
    };
    if (path !== TEAM_WS_PATH) return refuse(404, 'Not Found');
    if (!allowHost(req.headers.host)) return refuse(421, 'Misdirected Request');
    const origin = req.headers.origin;
    if (origin === undefined || !origins.has(origin.toLowerCase())) return refuse(403, 'Forbidden Origin');
    if (links.size >= maxSeats + 8) return refuse(503, 'Too Many Connections');
    if (coolingDown(address)) return refuse(429, 'Too Many Wrong Codes');
    wss.handleUpgrade(req, socket, head, (ws) => connected(ws, address));
  };
  server.on('upgrade', onUpgrade);

  function connected(ws: WebSocket, address: string): void {
    const link = new WsLink(ws, address);
    links.set(ws, link);
    room.open(link);
    const helloTimer = setTimeout(() => {
      if (!link.hello) {
        link.send({ v: 1, type: 'refused', reason: 'no hello within 5 s', inReplyTo: null, id: null });
        link.close(4002, 'hello expected');
      }
    }, HELLO_TIMEOUT_MS);
    ws.on('pong', () => (link.alive = true));
    ws.on('message', (data, isBinary) => {
      if (!link.take()) {
        link.send({
          v: 1,
          type: 'refused',
          reason: `too many messages: at most ${SEAT_RATE_PER_SECOND} a second`,
          inReplyTo: null,
          id: null,
        });
        return;
      }
      if (isBinary) {
        link.send({
          v: 1,
          type: 'refused',
          reason: 'binary messages are not accepted',
          inReplyTo: null,
          id: null,
        });
        return;
      }
      const text = Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[]);
      if (text.byteLength > MAX_SEAT_MESSAGE_BYTES) {
        link.send({
          v: 1,
          type: 'refused',
          reason: `message too large (over ${MAX_SEAT_MESSAGE_BYTES} bytes)`,
          inReplyTo: null,
          id: null,
        });
        return;
      }
      room.message(link, text.toString('utf8'));
    });
    ws.on('close', () => {
      clearTimeout(helloTimer);
      links.delete(ws);
      room.closed(link);
    });
    ws.on('error', () => ws.terminate());
  }

  let last = performance.now();
  let followed = last;
  const pacer = setInterval(() => {
    const now = performance.now();
    room.pace(now - last);
    last = now;
    for (const link of links.values()) link.flushView();
    if (scoring && now - followed >= FOLLOW_EVERY_MS) {
      followed = now;
      const { log: entries, minute } = room.drillLog();
      scoring.follow(entries, minute);
    }
  }, PACE_MS);
  const pinger = setInterval(() => {
    for (const [ws, link] of links) {
      if (!link.alive) {
        ws.terminate();
        continue;
      }
      link.alive = false;
      ws.ping();
    }
  }, PING_MS);

  return {
    joinCode,
    facilitatorSecret,
    joinUrls,
    facilitatorUrl: `http://127.0.0.1:${port}/#facilitator=${facilitatorSecret}`,
    room,
    allowHost,
    stats: () => ({ bytesSent, framesSent, viewsSkipped, connections: links.size }),
    async close() {
      clearInterval(pacer);
      clearInterval(pinger);
      server.off('upgrade', onUpgrade);
      for (const ws of links.keys()) ws.terminate();
      wss.close();
      await Promise.all([worker.terminate(), scoring?.close()]);
    },
  };
}

function prefix(flag: number, bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.byteLength + 1);
  out[0] = flag;
  out.set(bytes, 1);
  return out;
}
