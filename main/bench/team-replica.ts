/**
 * A replicating seat for `npm run bench:team`, in its own worker thread (a replicating seat is its own machine:
 * running two full-scale replicas on the thread that also drives twenty seats would measure the bench, not the
 * host). Joins with `replicate: true`, keeps a replica in step from the host's inputs and ticks, reports any
 * desync to the host, and sends levers at the bench's rate once told `go`; on `stop` it posts what it measured.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { LEVERS } from '../../sim-core/src/levers/index';
import { Replica } from '../../sim-core/src/team/replica';
import { SeatClient } from '../features/team/seat-client';

export interface ReplicaSeatData {
  host: string;
  joinCode: string;
  name: string;
  role: string;
  rate: number;
  seed: number;
  scale: number;
}

export interface ReplicaSeatReport {
  rtts: number[];
  accepted: number;
  refused: number;
  unanswered: number;
  checks: number;
  desyncs: number;
  bytesIn: number;
  token: string;
}

/** Start one replicating seat; resolves once it has joined. */
export function startReplicaSeat(data: ReplicaSeatData): Promise<Worker> {
  const w = new Worker(__filename, { execArgv: ['--require', 'tsx/cjs'], workerData: data });
  return new Promise((resolve, reject) => {
    w.once('message', (m: { joined?: boolean; error?: string }) =>
      m.joined ? resolve(w) : reject(new Error(m.error ?? 'replica seat failed')),
    );
    w.once('error', reject);
  });
}

async function run(port: NonNullable<typeof parentPort>, d: ReplicaSeatData): Promise<void> {
  const replica = new Replica({ scenario: 'skype-2010', seed: d.seed, scale: d.scale });
  const sent = new Map<number, number>();
  const report: ReplicaSeatReport = {
    rtts: [],
    accepted: 0,
    refused: 0,
    unanswered: 0,
    checks: 0,
    desyncs: 0,
    bytesIn: 0,
    token: '',
  };
  const answer = (id: number, ok: boolean) => {
    const t0 = sent.get(id);
    if (t0 === undefined) return;
    sent.delete(id);
    report.rtts.push(performance.now() - t0);
    if (ok) report.accepted++;
    else report.refused++;
  };
  const client = await SeatClient.connect({
    host: d.host,
    decodeLarge: false,
    onTeam: (m) => {
      if (m.type === 'sync') replica.sync(m.started, m.minute, m.log);
      else if (m.type === 'input') replica.input(m.entry);
      else if (m.type === 'tick') {
        const r = replica.tick(m.minute, m.hash);
        if (r.matches !== null) report.checks++;
        if (r.matches === false) {
          report.desyncs++;
          client.send({ type: 'desync', minute: m.minute, hash: r.mine });
        }
      } else if (m.type === 'refused' && m.id !== null) answer(m.id, false);
    },
    onDrill: (m) => {
      if (m.type === 'commandResult' && m.requestId !== null) answer(Number(m.requestId), m.ok);
    },
  });
  client.send({ type: 'hello', code: d.joinCode, name: d.name, role: d.role, replicate: true });
  const w = await client.waitFor((m) => m.type === 'welcome' || m.type === 'refused', 60_000);
  if (w.type !== 'welcome') throw new Error(`refused: ${w.type === 'refused' ? w.reason : ''}`);
  report.token = w.token;
  let timer: NodeJS.Timeout | null = null;
  let n = 0;
  port.on('message', (m: string) => {
    if (m === 'go')
      timer = setInterval(() => {
        const lever = LEVERS[n++ % LEVERS.length]!;
        const id = client.peekId();
        sent.set(id, performance.now());
        client.send({
          type: 'lever',
          id,
          command: lever,
          args: lever === 'spinUpSupernodes' ? { count: 1 } : {},
        });
      }, 1000 / d.rate);
    if (m === 'stop') {
      if (timer) clearInterval(timer);
      // Answers still in flight get a moment, then whatever is left counts as unanswered.
      setTimeout(() => {
        report.unanswered = sent.size;
        report.bytesIn = client.bytesIn;
        port.postMessage(report);
        client.close();
        replica.dispose();
      }, 1000);
    }
  });
  port.postMessage({ joined: true });
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  run(port, workerData as ReplicaSeatData).catch((e: unknown) =>
    port.postMessage({ error: e instanceof Error ? e.message : String(e) }),
  );
}
