/** The team server over real WebSockets on loopback (port 5196): upgrade checks, refusals, seats and reconnects. */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DrillOut } from '../../../sim-core/src/drill/protocol';
import { formatJoinCode, JOIN_CODE_ALPHABET } from '../../../sim-core/src/team/protocol';
import { hasScore } from '../../../sim-core/src/scoring/score';
import { parseSession } from '../../../sim-core/src/sessions/index';
import { createStaticServer, listen } from '../../launch/static-server';
import { tempDir } from '../../test/temp-dir';
import { hardenTimeouts } from './index';
import { attachTeam, newJoinCode, type TeamHosting } from './server';
import { SeatClient } from './seat-client';

const PORT = 5196;
const HOST = `127.0.0.1:${PORT}`;
let server: http.Server;
let team: TeamHosting;

beforeAll(async () => {
  const root = tempDir();
  let t: TeamHosting | null = null;
  server = createStaticServer(root, { allowHost: (h) => t !== null && t.allowHost(h) });
  hardenTimeouts(server);
  t = team = attachTeam(server, {
    setup: { scenario: 'skype-2010', seed: 3, scale: 0.0025 },
    port: PORT,
    addresses: [],
    score: { cacheDir: tempDir() },
  });
  await listen(server, PORT);
  // The host worker sends `ready` once it has built the drill.
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const probe = await SeatClient.connect({ host: HOST });
    probe.send({ type: 'hello', code: team.joinCode, name: 'probe', role: 'observer' });
    const m = await probe.waitFor((x) => x.type === 'welcome' || x.type === 'refused');
    probe.close();
    if (m.type === 'welcome') break;
    await new Promise((r) => setTimeout(r, 200));
  }
}, 30_000);

afterAll(async () => {
  await team.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const join = async (name: string, role: string, extra: Record<string, unknown> = {}, drill?: DrillOut[]) => {
  const c = await SeatClient.connect({ host: HOST, onDrill: drill ? (m) => drill.push(m) : undefined });
  c.send({ type: 'hello', code: formatJoinCode(team.joinCode), name, role, ...extra });
  await c.waitFor((m) => m.type === 'welcome');
  return c;
};

describe('join code and secrets', () => {
  it('a join code has 50 random bits in base32', () => {
    const codes = new Set(Array.from({ length: 200 }, newJoinCode));
    expect(codes.size).toBe(200);
    for (const c of codes)
      expect([...c].every((ch) => JOIN_CODE_ALPHABET.includes(ch)) && c.length === 10).toBe(true);
  });
});

describe('the upgrade', () => {
  it('refuses a foreign Origin, a foreign Host and a wrong path, with an HTTP status', async () => {
    await expect(SeatClient.connect({ host: HOST, origin: 'http://evil.example' })).rejects.toThrow('403');
    await expect(
      SeatClient.connect({ host: `localhost.evil.example:${PORT}`, origin: `http://${HOST}` }),
    ).rejects.toThrow();
    const res = await new Promise<http.IncomingMessage>((resolve) =>
      http.get(
        { host: '127.0.0.1', port: PORT, path: '/', headers: { host: `rebind.example:${PORT}` } },
        resolve,
      ),
    );
    expect(res.statusCode).toBe(421);
    res.resume();
  });

  it('refuses a wrong join code with the reason and closes', async () => {
    const c = await SeatClient.connect({ host: HOST });
    c.send({ type: 'hello', code: 'ZZZZZ-ZZZZZ', name: 'Mallory', role: 'networkOps' });
    const r = await c.waitFor((m) => m.type === 'refused');
    expect(r).toMatchObject({ reason: 'wrong join code' });
    await new Promise((r2) => setTimeout(r2, 100));
    expect(c.closed?.code).toBe(4003);
  });

  it('refuses oversized, binary and malformed messages clearly, and closes a socket sending over 64 KiB', async () => {
    const c = await join('Fuzzy', 'observer');
    c.raw('{"v":1,"type":"say","id":1,"text":"' + 'a'.repeat(5000) + '"}');
    c.raw(Buffer.from([1, 2, 3]));
    c.raw('not json');
    await c.waitFor(() => c.team.filter((m) => m.type === 'refused').length >= 3);
    expect(c.team.filter((m) => m.type === 'refused').map((m) => (m as { reason: string }).reason)).toEqual([
      'message too large (over 4096 bytes)',
      'binary messages are not accepted',
      'message is not JSON',
    ]);
    c.raw('x'.repeat(70 * 1024));
    await new Promise((r) => setTimeout(r, 200));
    expect(c.closed?.code).toBe(1009);
  });

  it('rate-limits a seat that floods', async () => {
    const c = await join('Flood', 'observer');
    for (let i = 0; i < 60; i++) c.raw('{"v":1,"type":"resync"}');
    await c.waitFor((m) => m.type === 'refused' && /too many messages/.test(m.reason));
    c.close();
  });
});

describe('a drill over the LAN transport', () => {
  it('plays: the facilitator starts, a lever outside the role is refused by the host, a seat reconnects in its role (the time is measured by npm run bench:team)', async () => {
    const fac = await SeatClient.connect({ host: HOST });
    fac.send({ type: 'hello', secret: team.facilitatorSecret, name: 'Fran' });
    await fac.waitFor((m) => m.type === 'welcome' && m.facilitator);
    const drill: DrillOut[] = [];
    const net = await join('Ana', 'networkOps', {}, drill);
    const token = (net.team.find((m) => m.type === 'welcome') as { token: string }).token;
    fac.send({ type: 'facilitate', do: { action: 'setSpeed', speed: 3600 } });
    fac.send({ type: 'facilitate', do: { action: 'start' } });
    await new Promise((r) => setTimeout(r, 600));
    const before = drill.filter((m) => m.type === 'snapshot').length;
    expect(before).toBeGreaterThan(1);
    const id = net.send({ type: 'lever', command: 'forceUpdate', args: {} });
    await new Promise((r) => setTimeout(r, 300));
    const result = drill.find((m) => m.type === 'commandResult' && m.requestId === String(id));
    expect(result).toMatchObject({ ok: false, reason: 'the networkOps role may not use forceUpdate' });

    net.ws.terminate();
    const drill2: DrillOut[] = [];
    const again = await join('ignored', 'observer', { token }, drill2);
    const w = again.team.find((m) => m.type === 'welcome') as {
      seat: { id: string; role: string; name: string };
    };
    while (!drill2.some((m) => m.type === 'snapshot')) await new Promise((r) => setTimeout(r, 10));
    expect(w.seat).toMatchObject({ role: 'networkOps', name: 'Ana' });
    // The refused command is in the record with who issued it; it was not replayed by the reconnect.
    expect(team.room.record().commands.filter((c) => c.name === 'Ana')).toHaveLength(1);
    fac.send({ type: 'facilitate', do: { action: 'end' } });
    const ended = await again.waitFor((m) => m.type === 'ended');
    expect(
      ended.type === 'ended' && ended.record.seats.some((s) => s.name === 'Ana' && s.role === 'networkOps'),
    ).toBe(true);

    // The host scores it once for every seat: par was searched since hosting, the run followed as it went.
    const scored = await again.waitFor((m) => m.type === 'score' && m.score.state !== 'searching', 60_000);
    expect(scored.type === 'score' && scored.score).toMatchObject({ state: 'scored' });
    if (scored.type !== 'score' || scored.score.state !== 'scored') return;
    const card = scored.score.card;
    expect(card.replay.hashMatches).toBe(true);
    expect(card.score.scenario.id).toBe('skype-2010');
    expect(card.score.headline).toBeGreaterThanOrEqual(0);
    expect(card.score.headline).toBeLessThanOrEqual(100);
    expect(scored.session).toBeUndefined(); // only the facilitator gets the session file
    // The facilitator's copy of the session file now carries the score (History shows it, no rescoring).
    const facScore = await fac.waitFor((m) => m.type === 'score' && m.score.state === 'scored', 10_000);
    const saved = parseSession((facScore as { session: string }).session);
    expect(saved.progress.stateHash).toBe(card.replay.stateHash);
    expect(saved.score === null ? null : saved.score.headline).toBe(
      hasScore(card.score) ? card.score.headline : null,
    );
    fac.close();
    again.close();
  }, 90_000);
});
