/**
 * hostTeamDrill, the one entry `npm run web -- --team` calls (and Electron's Host a team drill is to call):
 * with `loopback` it listens on 127.0.0.1 only; it resolves only once the drill host is ready, so the first
 * station to say hello is welcomed; the banner names the join code and the facilitator address it serves.
 * Port 5193 (helper t13's team port; the e2e team spec uses it too, never at the same time).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, expect, it } from 'vitest';
import { formatJoinCode } from '../../../sim-core/src/team/protocol';
import { tempDir } from '../../test/temp-dir';
import { hostTeamDrill, teamBanner } from './index';
import { SeatClient } from './seat-client';

const PORT = 5193;
let hosted: Awaited<ReturnType<typeof hostTeamDrill>> | null = null;

afterAll(async () => {
  if (!hosted) return;
  await hosted.team.close();
  hosted.server.closeAllConnections();
  await new Promise((r) => hosted!.server.close(r));
});

const status = (host: string) =>
  new Promise<number>((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port: PORT, path: '/', headers: { host } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .on('error', reject);
  });

it('hosts on loopback only, ready at once, answering only for its own Host, with a banner that matches', async () => {
  hosted = await hostTeamDrill(
    tempDir(),
    PORT,
    { scenario: 'skype-2010', seed: 3, scale: 0.0025 },
    () => undefined,
    true,
  );
  const { server, team } = hosted;
  expect((server.address() as AddressInfo).address).toBe('127.0.0.1');
  expect(team.joinUrls).toEqual([]);
  expect(teamBanner(team)).toEqual([
    `Join: http://127.0.0.1:${PORT}/#join=${formatJoinCode(team.joinCode)}  (this machine only: no LAN address)`,
    `Facilitator: http://127.0.0.1:${PORT}/#facilitator=${team.facilitatorSecret}`,
  ]);
  // A DNS-rebinding page reaches the server under a foreign Host name: refused.
  expect(await status('attacker.example:5193')).toBe(421);
  // The first hello, said the moment hostTeamDrill resolved, is welcomed (the drill host was ready).
  const fac = await SeatClient.connect({ host: `127.0.0.1:${PORT}` });
  fac.send({ type: 'hello', secret: team.facilitatorSecret, name: 'Fran' });
  const m = await fac.waitFor((x) => x.type === 'welcome' || x.type === 'refused', 2_000);
  expect(m.type).toBe('welcome');
  fac.close();
}, 30_000);
