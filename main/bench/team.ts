/**
 * `npm run bench:team -- [--seats N] [--rate R] [--minutes M] [--speed X] [--scale F] [--replicas K] [--json]`
 *
 * A team drill under load over real WebSockets on loopback: the host runs in a child process (its CPU time is
 * measured on its own), a facilitator starts the drill at X (default 600x), and N seats (default 24) send R
 * requests a second each (default 10) for M wall-clock minutes (default 1): levers from every role (so some
 * are refused by the host for the role, some by the room for seats that hold none, some by the model) and team
 * channel lines. K of the seats (default 2) replicate the model and check the host's state hash at every
 * checkpoint. Reports desyncs, the request round trip (send to the seat seeing its accept, refusal or echo)
 * p50/p95/max, also split into thin seats' levers, thin seats' lines and replicating seats' levers, bytes
 * received per seat per second, view frames the host skipped for busy seats, the host's CPU, and the time a
 * dropped seat takes to be back in its role with a fresh view. Bad flags exit with code 2 and one line.
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { DrillOut } from '../../sim-core/src/drill/protocol';
import { LEVERS } from '../../sim-core/src/levers/index';
import type { TeamOut } from '../../sim-core/src/team/protocol';
import type { Replica } from '../../sim-core/src/team/replica';
import { SeatClient } from '../features/team/seat-client';
import { startReplicaSeat, type ReplicaSeatReport } from './team-replica';

const USAGE =
  'usage: npm run bench:team -- [--seats N] [--rate R] [--minutes M] [--speed 600] [--scale F] [--replicas K] [--port P] [--json]';
const ROLES = ['incidentCommander', 'networkOps', 'platformOps', 'clientEngineering', 'comms', 'observer'];
const ARGS: Record<(typeof LEVERS)[number], Record<string, unknown>> = {
  forceUpdate: {},
  spinUpSupernodes: { count: 1 },
  releaseSupernodes: { count: 1 },
  scaleOfflineMessaging: { factor: 1.5 },
  disableFeature: { feature: 'groupVideo' },
  throttleLogins: { perMinute: 200000 },
  enableClientBackoff: {},
  cancelOrder: { order: 'throttleLogins', issuedAtMinute: 0 },
};

interface Args {
  seats: number;
  rate: number;
  minutes: number;
  speed: number;
  scale: number;
  replicas: number;
  port: number;
  json: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = {
    seats: 24,
    rate: 10,
    minutes: 1,
    speed: 600,
    scale: 1,
    replicas: 2,
    port: 5197,
    json: false,
  };
  const num = (f: string, v: string | undefined, ok: (n: number) => boolean) => {
    const n = Number(v);
    if (v === undefined || !ok(n)) throw new Error(`${f} got "${v ?? ''}"`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const f = argv[i]!;
    if (f === '--json') a.json = true;
    else if (f === '--seats') a.seats = num(f, argv[++i], (n) => Number.isInteger(n) && n >= 1 && n <= 39);
    else if (f === '--rate') a.rate = num(f, argv[++i], (n) => n > 0 && n <= 20);
    else if (f === '--minutes') a.minutes = num(f, argv[++i], (n) => n > 0 && n <= 60);
    else if (f === '--speed') a.speed = num(f, argv[++i], (n) => [1, 10, 60, 300, 600, 3600].includes(n));
    else if (f === '--scale') a.scale = num(f, argv[++i], (n) => n > 0 && n <= 1);
    else if (f === '--replicas') a.replicas = num(f, argv[++i], (n) => Number.isInteger(n) && n >= 0);
    else if (f === '--port') a.port = num(f, argv[++i], (n) => Number.isInteger(n) && n > 0 && n < 65536);
    else throw new Error(`unknown argument "${f}"`);
  }
  if (a.replicas > a.seats) throw new Error('--replicas cannot exceed --seats');
  return a;
}

/** A small seeded generator: the bench's mix of requests is the same every run. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const pct = (sorted: number[], p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`bench:team: ${(e as Error).message}; ${USAGE}\n`);
    process.exit(2);
  }
  const host = `127.0.0.1:${args.port}`;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'team-host.ts'), String(args.port), '1', String(args.scale)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout! });
  const nextLine = () => new Promise<string>((resolve) => lines.once('line', resolve));
  const { joinCode, secret } = JSON.parse(await nextLine()) as { joinCode: string; secret: string };
  const stats = async () => {
    child.stdin!.write('stats\n');
    return JSON.parse(await nextLine()) as {
      cpuMs: number;
      wallMs: number;
      bytesSent: number;
      viewsSkipped: number;
    };
  };

  const log = (s: string) => {
    if (!args.json) console.log(s);
  };
  log(
    `bench:team: ${args.seats} seats x ${args.rate} requests/s for ${args.minutes} min at ${args.speed}x, scale ${args.scale}, ${args.replicas} replicating`,
  );

  // The facilitator, once the host has built the drill.
  let fac: SeatClient;
  for (;;) {
    fac = await SeatClient.connect({ host });
    fac.send({ type: 'hello', secret, name: 'Facilitator' });
    const m = await fac.waitFor((x) => x.type === 'welcome' || x.type === 'refused', 60_000);
    if (m.type === 'welcome') break;
    fac.close();
    await sleep(300);
  }

  interface Seat {
    client: SeatClient;
    role: string;
    name: string;
    token: string;
    sent: Map<number, { t: number; kind: 'lever' | 'say' }>;
    replica: Replica | null;
  }
  const rtts: number[] = [];
  /** The same round trips split by what was asked (thin seats) and who asked (replicating seats). */
  const byKind: Record<'lever' | 'say' | 'replicating', number[]> = { lever: [], say: [], replicating: [] };
  let answered = 0;
  let refused = 0;
  let accepted = 0;
  let desyncs = 0;
  let checks = 0;
  let lastMinute = 0;
  let ended = false;

  // Replicating seats run in worker threads (each is its own machine in a real room).
  const replicaWorkers = [];
  for (let i = 0; i < args.replicas; i++)
    replicaWorkers.push(
      await startReplicaSeat({
        host,
        joinCode,
        name: `seat${i + 1}`,
        role: ROLES[i % 4]!,
        rate: args.rate,
        seed: 1,
        scale: args.scale,
      }),
    );

  const seats: Seat[] = [];
  for (let i = args.replicas; i < args.seats; i++) {
    const role = ROLES[i % ROLES.length]!;
    const replicate = false;
    const seat: Seat = {
      client: null as unknown as SeatClient,
      role,
      name: `seat${i + 1}`,
      token: '',
      sent: new Map(),
      replica: null,
    };
    const answer = (id: number, ok: boolean) => {
      const sent = seat.sent.get(id);
      if (sent === undefined) return;
      seat.sent.delete(id);
      const rtt = performance.now() - sent.t;
      rtts.push(rtt);
      byKind[sent.kind].push(rtt);
      answered++;
      if (ok) accepted++;
      else refused++;
    };
    const onTeam = (m: TeamOut) => {
      if (m.type === 'refused' && m.id !== null) answer(m.id, false);
      else if (m.type === 'channel')
        for (const l of m.lines) {
          const hit = /^#(\d+)/.exec(l.text);
          if (l.name === seat.name && hit) answer(Number(hit[1]), true);
        }
      else if (m.type === 'ended') ended = true;
      else if (seat.replica) {
        if (m.type === 'sync') seat.replica.sync(m.started, m.minute, m.log);
        else if (m.type === 'input') seat.replica.input(m.entry);
        else if (m.type === 'tick') {
          const r = seat.replica.tick(m.minute, m.hash);
          if (r.matches !== null) checks++;
          if (r.matches === false) {
            desyncs++;
            seat.client.send({ type: 'desync', minute: m.minute, hash: r.mine });
          }
        }
      }
    };
    const onDrill = (m: DrillOut) => {
      if (m.type === 'commandResult' && m.requestId !== null) answer(Number(m.requestId), m.ok);
      else if (m.type === 'snapshot') lastMinute = Math.max(lastMinute, m.minute);
    };
    // One seat decodes the view frames (to follow the simulated minute); the others read only what they need.
    seat.client = await SeatClient.connect({ host, onTeam, onDrill, decodeLarge: i === args.replicas });
    seat.client.send({ type: 'hello', code: joinCode, name: seat.name, role, replicate });
    const w = await seat.client.waitFor((m) => m.type === 'welcome' || m.type === 'refused');
    if (w.type !== 'welcome') throw new Error(`seat ${i + 1} was refused: ${w.reason}`);
    seat.token = w.token;
    seats.push(seat);
  }

  // Reference, same run: one seat's round trip with the drill paused and nobody else talking.
  const baseline: number[] = [];
  {
    const s = seats[0]!;
    for (let k = 0; k < 30; k++) {
      const id = s.client.peekId();
      const t = performance.now();
      s.client.send({ type: 'say', id, text: `#ref${id}` });
      await s.client.waitFor((m) => m.type === 'channel' && m.lines.some((l) => l.text === `#ref${id}`));
      baseline.push(performance.now() - t);
    }
    baseline.sort((a, b) => a - b);
  }

  fac.send({ type: 'facilitate', do: { action: 'setSpeed', speed: args.speed } });
  fac.send({ type: 'facilitate', do: { action: 'start' } });
  for (const w of replicaWorkers) w.postMessage('go');
  const before = await stats();
  const bytes0 = seats.map((s) => s.client.bytesIn);
  const t0 = performance.now();
  const rand = lcg(20101222);
  const intervals: NodeJS.Timeout[] = [];
  const every = 1000 / args.rate;
  const starts = seats.map((seat, i) =>
    setTimeout(
      () => {
        const tick = () => {
          const id = seat.client.peekId();
          if (rand() < 0.7) {
            const lever = LEVERS[Math.floor(rand() * LEVERS.length)]!;
            seat.sent.set(id, { t: performance.now(), kind: 'lever' });
            seat.client.send({ type: 'lever', id, command: lever, args: ARGS[lever] });
          } else {
            seat.sent.set(id, { t: performance.now(), kind: 'say' });
            seat.client.send({ type: 'say', id, text: `#${id} checking in` });
          }
        };
        intervals.push(setInterval(tick, every));
      },
      (i * every) / seats.length,
    ),
  );
  await sleep(args.minutes * 60_000);
  for (const t of starts) clearTimeout(t);
  for (const t of intervals) clearInterval(t);
  const seconds = (performance.now() - t0) / 1000;
  const after = await stats();
  const reports = await Promise.all(
    replicaWorkers.map(
      (w) =>
        new Promise<ReplicaSeatReport>((resolve) => {
          w.once('message', (r: ReplicaSeatReport) => resolve(r));
          w.postMessage('stop');
        }),
    ),
  );
  for (const r of reports) {
    rtts.push(...r.rtts);
    byKind.replicating.push(...r.rtts);
    answered += r.accepted + r.refused;
    accepted += r.accepted;
    refused += r.refused;
    checks += r.checks;
    desyncs += r.desyncs;
  }
  const replicaUnanswered = reports.reduce((n, r) => n + r.unanswered, 0);
  await sleep(500);

  // A dropped seat: terminate its socket, reconnect with its token, time until it is back in its role with a view.
  const victim = seats[seats.length - 1]!;
  victim.client.ws.terminate();
  const r0 = performance.now();
  let back = false;
  const again = await SeatClient.connect({
    host,
    onDrill: (m) => {
      if (m.type === 'snapshot') back = true;
    },
  });
  again.send({ type: 'hello', code: joinCode, name: 'x', role: 'observer', token: victim.token });
  const w = await again.waitFor((m) => m.type === 'welcome' || m.type === 'refused');
  while (!back) await sleep(2);
  const reconnectMs = performance.now() - r0;
  const sameRole = w.type === 'welcome' && w.seat.role === victim.role;

  const sorted = [...rtts].sort((a, b) => a - b);
  const result = {
    seats: args.seats,
    ratePerSeat: args.rate,
    wallMinutes: args.minutes,
    speed: args.speed,
    scale: args.scale,
    replicating: args.replicas,
    simMinutesCovered: lastMinute,
    drillEnded: ended,
    requestsAnswered: answered,
    accepted,
    refused,
    unanswered: seats.reduce((n, s) => n + s.sent.size, 0) + replicaUnanswered,
    desyncs,
    checkpointsCompared: checks,
    rttMs: { p50: pct(sorted, 50), p95: pct(sorted, 95), max: sorted.at(-1) ?? NaN },
    /** p50/p95 and count per kind: thin seats' levers (through the host thread) and lines, replicating seats. */
    rttMsByKind: Object.fromEntries(
      Object.entries(byKind).map(([k, list]) => {
        const s = [...list].sort((a, b) => a - b);
        return [
          k,
          { n: s.length, p50: Math.round(pct(s, 50) * 10) / 10, p95: Math.round(pct(s, 95) * 10) / 10 },
        ];
      }),
    ),
    /** The same round trip for one seat alone, before the load (the reference for the ratio). */
    idleRttMsP50: pct(baseline, 50),
    p50OverIdle: Math.round((pct(sorted, 50) / pct(baseline, 50)) * 10) / 10,
    bytesPerSeatPerSecond: Math.round(
      seats.reduce((n, s, i) => n + (s.client.bytesIn - bytes0[i]!), 0) / seats.length / seconds,
    ),
    hostCpuPercentOfOneCore: Math.round(
      (100 * (after.cpuMs - before.cpuMs)) / (after.wallMs - before.wallMs),
    ),
    /** View frames the host held back from a busy seat and replaced by a newer one before sending. */
    viewFramesSkipped: after.viewsSkipped - before.viewsSkipped,
    reconnectMs: Math.round(reconnectMs),
    reconnectSameRole: sameRole,
    loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
  };
  if (args.json) console.log(JSON.stringify(result, null, 2));
  else {
    console.log(`drill covered ${result.simMinutesCovered} simulated minutes${ended ? ' (it ended)' : ''}`);
    console.log(
      `requests answered ${answered} (accepted/echoed ${accepted}, refused ${refused}), unanswered ${result.unanswered}`,
    );
    console.log(
      `round trip p50 ${result.rttMs.p50.toFixed(1)} ms, p95 ${result.rttMs.p95.toFixed(1)} ms, max ${result.rttMs.max.toFixed(1)} ms`,
    );
    for (const [k, r] of Object.entries(result.rttMsByKind))
      console.log(`  ${k}: ${r.n} requests, p50 ${r.p50} ms, p95 ${r.p95} ms`);
    console.log(
      `one seat alone before the load: p50 ${result.idleRttMsP50.toFixed(1)} ms (loaded p50 is ${result.p50OverIdle}x that)`,
    );
    console.log(`desyncs ${desyncs} over ${checks} checkpoint comparisons (${args.replicas} replicas)`);
    console.log(
      `bytes per seat per second ${result.bytesPerSeatPerSecond} (${result.viewFramesSkipped} view frames skipped for busy seats); host CPU ${result.hostCpuPercentOfOneCore}% of one core`,
    );
    console.log(
      `dropped seat back in its role (${sameRole ? 'same role' : 'ROLE LOST'}) with a view in ${result.reconnectMs} ms`,
    );
    console.log(`load average ${result.loadAverage.join(' ')}`);
  }
  for (const s of seats) s.client.close();
  for (const w of replicaWorkers) await w.terminate();
  again.close();
  fac.close();
  child.stdin!.write('quit\n');
  await new Promise((r) => child.once('exit', r));
  process.exit(desyncs > 0 ? 1 : 0);
}

void main();
