/**
 * `npm run bench:drill [-- --json]`: what the drill host costs on top of the model, at full scale (skype-2010).
 *
 *  - host overhead per simulated hour: the same run (do-nothing policy, same seed, same ticks) once as a bare
 *    step loop and once through the host (machine events, phase and inject checks, metrics messages,
 *    checkpoints every 60 minutes), stepped one simulated hour per message;
 *  - one view snapshot: the host building a `snapshot` message (four typed-array copies, pending list);
 *  - seek: restore the nearest checkpoint and replay, to minutes that are worst cases (59 minutes past a
 *    checkpoint) spread over the run; the largest is the number to hold against 1.5 s.
 *
 * Bad flags exit with code 2 and one line.
 */
import { builtinScenario } from '../src/scenario/index';
import { createSim, hash, step } from '../src/model/index';
import { createDrillHost, type DrillOut } from '../src/drill/index';

const USAGE = 'usage: npm run bench:drill [-- --json] [--hours H]';
const SEED = 1;

function parseArgs(argv: string[]): { json: boolean; hours: number } {
  const a = { json: false, hours: 12 };
  for (let i = 0; i < argv.length; i++) {
    const f = argv[i]!;
    if (f === '--json') a.json = true;
    else if (f === '--hours') {
      const h = Number(argv[++i]);
      if (!(h >= 1 && h <= 48 && Number.isInteger(h)))
        throw new Error(`--hours must be an integer in [1, 48]`);
      a.hours = h;
    } else throw new Error(`unknown argument "${f}"; ${USAGE}`);
  }
  return a;
}

function main(): void {
  let args: { json: boolean; hours: number };
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`bench:drill: ${(e as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  const log = (s: string) => {
    if (!args.json) process.stderr.write(`${s}\n`);
  };
  const scenario = builtinScenario('skype-2010');
  const ticks = args.hours * 60;

  // Warm the JIT on both paths first, and time the bare loop before and after the host run (the machine may be
  // busy with other work; the mean of the two brackets the host run).
  log('warm-up ...');
  const warm = createSim(scenario, SEED + 1);
  for (let t = 0; t < 120; t++) step(warm, []);
  const warmHost = createDrillHost(scenario, SEED + 1, () => {});
  warmHost.receive({ v: 1, type: 'start' });
  warmHost.receive({ v: 1, type: 'step', ticks: 120 });
  warmHost.dispose();
  const bare = (): { ms: number; hash: string } => {
    const s0 = performance.now();
    const sim = createSim(scenario, SEED);
    for (let t = 0; t < ticks; t++) step(sim, []);
    return { ms: performance.now() - s0, hash: hash(sim) };
  };
  log(`bare step loop, ${args.hours} simulated hours ...`);
  const bare1 = bare();
  const bareHash = bare1.hash;

  log('the same run through the drill host ...');
  let snapshots = 0;
  const host = createDrillHost(scenario, SEED, (m: DrillOut) => {
    if (m.type === 'snapshot') snapshots++;
  });
  host.receive({ v: 1, type: 'start' });
  let t0 = performance.now();
  for (let h = 0; h < args.hours; h++) host.receive({ v: 1, type: 'step', ticks: 60 });
  const hostMs = performance.now() - t0;
  const hostHash = host.hash();
  log('bare step loop again ...');
  const bareMs = (bare1.ms + bare().ms) / 2;

  log('view snapshots ...');
  const N = 50;
  t0 = performance.now();
  for (let i = 0; i < N; i++) host.receive({ v: 1, type: 'snapshot' });
  const snapshotMs = (performance.now() - t0) / N;

  log('seeks ...');
  const targets = [59, Math.floor(ticks / 2) + 59 - (Math.floor(ticks / 2) % 60), ticks - 1];
  const seeks = targets.map((minute) => {
    const s0 = performance.now();
    host.receive({ v: 1, type: 'seek', minute });
    return { minute, ms: round(performance.now() - s0, 1), landed: host.minute() };
  });
  host.dispose();

  const result = {
    scenario: 'skype-2010',
    simHours: args.hours,
    bareMsPerSimHour: round(bareMs / args.hours, 1),
    hostMsPerSimHour: round(hostMs / args.hours, 1),
    hostOverheadPercent: round(((hostMs - bareMs) / bareMs) * 100, 1),
    hashesMatch: bareHash === hostHash,
    snapshotMs: round(snapshotMs, 3),
    snapshotsSent: snapshots,
    seeks,
    maxSeekMs: Math.max(...seeks.map((s) => s.ms)),
    seekBudgetMs: 1500,
    node: process.version,
  };
  if (args.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const rows: Array<[string, string]> = [
    ['simulated hours', String(result.simHours)],
    ['bare step loop', `${result.bareMsPerSimHour} ms / sim hour`],
    ['through the host', `${result.hostMsPerSimHour} ms / sim hour`],
    ['host overhead', `${result.hostOverheadPercent}%`],
    ['same final hash', String(result.hashesMatch)],
    ['one view snapshot', `${result.snapshotMs} ms`],
    ...seeks.map((s): [string, string] => [`seek to minute ${s.minute}`, `${s.ms} ms`]),
    ['worst seek vs budget', `${result.maxSeekMs} ms / ${result.seekBudgetMs} ms`],
  ];
  const w = Math.max(...rows.map((r) => r[0].length));
  process.stdout.write(rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n') + '\n');
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

main();
