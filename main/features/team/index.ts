/**
 * Host a team drill: the app's HTTP server, now on the LAN, answering only for its own addresses, with the
 * team WebSocket endpoint and the drill host attached. `npm run web -- --team` calls this; Electron's main will
 * call the same function when the facilitator chooses Host a team drill.
 */
import type http from 'node:http';
import { createStaticServer, listen } from '../../launch/static-server';

export { hardenTimeouts } from '../../launch/static-server';
import { formatJoinCode, type DrillSetup } from '../../../sim-core/src/team/protocol';
import packageJson from '../../../package.json';
import { attachTeam, lanAddresses, type TeamHosting } from './server';

export { attachTeam, lanAddresses, newJoinCode, secretEquals, type TeamHosting } from './server';

/**
 * Serve `root` on 0.0.0.0:`port` (or 127.0.0.1 with `loopback`) with a team drill attached. Resolves once the
 * drill host is ready and the server is listening.
 */
export async function hostTeamDrill(
  root: string,
  port: number,
  setup: DrillSetup,
  log: (line: string) => void = () => undefined,
  loopback = false,
): Promise<{ server: http.Server; team: TeamHosting }> {
  const addresses = loopback ? [] : lanAddresses();
  let team: TeamHosting | null = null;
  const server = createStaticServer(root, { allowHost: (h) => team !== null && team.allowHost(h) });
  team = attachTeam(server, { setup, port, addresses, log, appVersion: packageJson.version });
  try {
    // The join addresses are printed (and a station can connect) only once the drill host is ready.
    await team.ready;
    await listen(server, port, loopback ? '127.0.0.1' : '0.0.0.0');
  } catch (e) {
    await team.close();
    throw e;
  }
  return { server, team };
}

/** The lines `npm run web -- --team` prints: one Join line per LAN address, then the Facilitator line. */
export function teamBanner(team: TeamHosting): string[] {
  const lines = team.joinUrls.map((u) => `Join: ${u}`);
  if (lines.length === 0)
    lines.push(
      `Join: ${team.facilitatorUrl.replace(/#.*$/, '')}#join=${formatJoinCode(team.joinCode)}${team.scenarioFragment}  (this machine only: no LAN address)`,
    );
  lines.push(`Facilitator: ${team.facilitatorUrl}`);
  return lines;
}
