/**
 * The host side of `npm run bench:team`, in its own process so its CPU time is its own: serves a team drill on
 * 127.0.0.1 (loopback only), prints one JSON line with the join code and facilitator secret, and answers
 * `stats` on stdin with one JSON line (CPU time, bytes sent).
 */
import { createInterface } from 'node:readline';
import { createStaticServer, listen } from '../launch/static-server';
import { RENDERER_DIST } from '../launch/paths';
import { hardenTimeouts } from '../features/team/index';
import { attachTeam, type TeamHosting } from '../features/team/server';

async function main(): Promise<void> {
  const [portArg, seedArg, scaleArg] = process.argv.slice(2);
  const port = Number(portArg);
  let team: TeamHosting | null = null;
  const server = createStaticServer(RENDERER_DIST, { allowHost: (h) => team !== null && team.allowHost(h) });
  hardenTimeouts(server);
  team = attachTeam(server, {
    setup: { scenario: 'skype-2010', seed: Number(seedArg), scale: Number(scaleArg) },
    port,
    addresses: [],
    // The transport alone unless BENCH_TEAM_SCORE=1: then par is searched (niced) and the run followed while
    // the seats play, as in a real team drill (issue 14), and the host's CPU includes those threads.
    score: process.env['BENCH_TEAM_SCORE'] === '1' ? {} : false,
  });
  await listen(server, port);
  const t = team;
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  console.log(JSON.stringify({ joinCode: t.joinCode, secret: t.facilitatorSecret }));
  createInterface({ input: process.stdin }).on('line', (line) => {
    if (line.trim() === 'stats') {
      const c = process.cpuUsage(cpu0);
      console.log(
        JSON.stringify({
          cpuMs: (c.user + c.system) / 1000,
          wallMs: performance.now() - wall0,
          ...t.stats(),
        }),
      );
    }
    if (line.trim() === 'quit') void t.close().then(() => process.exit(0));
  });
}

main().catch((e: unknown) => {
  console.error(`bench:team host: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
