/**
 * A seat in Node, over a real WebSocket: what the bench and the integration tests use to sit at a team drill.
 * It speaks the seat protocol exactly as the browser seat does (renderer/src/host/team-connection.ts):
 * JSON text out, JSON text and binary drill frames in (flag byte, then a deflate-raw or raw frame).
 */
import { inflateRawSync } from 'node:zlib';
import WebSocket from 'ws';
import type { DrillOut } from '../../../sim-core/src/drill/protocol';
import { decodeFrame } from '../../../sim-core/src/team/codec';
import { TEAM_WS_PATH, type TeamOut } from '../../../sim-core/src/team/protocol';

export interface SeatClientOptions {
  /** host:port of the team server. */
  host: string;
  /** Origin header (default: the server's own). */
  origin?: string;
  onTeam?: (m: TeamOut) => void;
  onDrill?: (m: DrillOut) => void;
  /**
   * Decode deflated frames (view snapshots, `ready`). Default true; a bench seat that only needs its command
   * results turns it off, so the bench's own CPU does not starve the seats it simulates.
   */
  decodeLarge?: boolean;
}

export class SeatClient {
  readonly ws: WebSocket;
  bytesIn = 0;
  private nextId = 1;
  readonly team: TeamOut[] = [];
  closed: { code: number; reason: string } | null = null;

  private constructor(ws: WebSocket, opts: SeatClientOptions) {
    this.ws = ws;
    ws.on('message', (data: Buffer, isBinary) => {
      this.bytesIn += data.byteLength;
      if (isBinary) {
        if (data[0] === 1 && opts.decodeLarge === false) return;
        const body = data.subarray(1);
        const frame = data[0] === 1 ? inflateRawSync(body) : body;
        opts.onDrill?.(
          decodeFrame(new Uint8Array(frame.buffer, frame.byteOffset, frame.byteLength)) as DrillOut,
        );
        return;
      }
      const m = JSON.parse(data.toString('utf8')) as TeamOut;
      if (m.type === 'welcome') this.nextId = m.nextId;
      this.team.push(m);
      opts.onTeam?.(m);
    });
    ws.on('close', (code, reason) => (this.closed = { code, reason: reason.toString() }));
  }

  /** Open a socket (resolves once open, rejects with the HTTP status if the upgrade is refused). */
  static connect(opts: SeatClientOptions): Promise<SeatClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://${opts.host}${TEAM_WS_PATH}`, {
        origin: opts.origin ?? `http://${opts.host}`,
        perMessageDeflate: false,
      });
      const client = new SeatClient(ws, opts);
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (_req, res) => {
        reject(new Error(`upgrade refused: ${res.statusCode}`));
        ws.terminate();
      });
      ws.once('error', (e) => reject(e));
    });
  }

  /** Send a seat message; requests get the next request id unless they carry one. Returns the id (or 0). */
  send(m: Record<string, unknown>): number {
    const needsId = ['lever', 'say', 'note', 'status', 'facilitate'].includes(String(m.type));
    const id = !needsId ? 0 : typeof m.id === 'number' ? m.id : this.nextId;
    if (needsId) this.nextId = Math.max(this.nextId, id + 1);
    this.ws.send(JSON.stringify(needsId ? { v: 1, ...m, id } : { v: 1, ...m }));
    return id;
  }

  /** The id the next request will get. */
  peekId(): number {
    return this.nextId;
  }

  raw(text: string | Buffer): void {
    this.ws.send(text);
  }

  /** Wait for a team message matching `pred` (already received ones count). */
  waitFor<T extends TeamOut>(pred: (m: TeamOut) => m is T, timeoutMs?: number): Promise<T>;
  waitFor(pred: (m: TeamOut) => boolean, timeoutMs?: number): Promise<TeamOut>;
  waitFor(pred: (m: TeamOut) => boolean, timeoutMs = 5000): Promise<TeamOut> {
    const found = this.team.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.ws.off('message', check);
        reject(new Error('timed out waiting for a team message'));
      }, timeoutMs);
      const check = () => {
        const m = this.team.find(pred);
        if (m) {
          clearTimeout(timer);
          this.ws.off('message', check);
          resolve(m);
        }
      };
      this.ws.on('message', check);
    });
  }

  close(): void {
    this.ws.close();
  }
}
