/**
 * `npm run bench:drill-cascade [-- --scenario facebook-2010] [--json]`: a model other than Skype in the drill
 * host, at full scale over the whole scenario (24 h for facebook-2010): the model alone (runCascade, no
 * policy), the same run through the host (machine events, phase and inject checks, metrics and snapshot
 * messages with every lever's preview, checkpoints), stepped one simulated hour per message; a worst-case seek;
 * the score comparison (doing nothing and the record) and par (cascadePar over the whole scenario). Medians of
 * 5 runs after a warm-up. Bad flags exit with code 2 and one line.
 */
import { builtinCascadeScenario } from '../src/scenario/index';
import { runCascade } from '../src/model/index';
import { cascadeModelOf } from '../src/levers/index';
import { createCascadeDrillHost } from '../src/drill/index';
import { cascadePar, compareCascadeRun, type ScoredScenario } from '../src/scoring/index';

const USAGE = 'usage: npm run bench:drill-cascade [-- --scenario ID] [--json]';

function main(): void {
  const argv = process.argv.slice(2);
  let id = 'facebook-2010';
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--json') json = true;
    else if (argv[i] === '--scenario' && argv[i + 1]) id = argv[++i]!;
    else {
      process.stderr.write(`bench:drill-cascade: unknown argument "${argv[i]}"; ${USAGE}\n`);
      process.exitCode = 2;
      return;
    }
  }
  const loaded = builtinCascadeScenario(id);
  if (loaded.kind === 'skype') {
    process.stderr.write(`bench:drill-cascade: ${id} is a Skype-model scenario (npm run bench:drill)\n`);
    process.exitCode = 2;
    return;
  }
  const s = loaded.scenario;
  const model = cascadeModelOf(s.model.kind);
  const minutes = s.model.durationMinutes;
  const median = (f: () => void): number => {
    const t: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      f();
      t.push(performance.now() - t0);
    }
    return t.sort((a, b) => a - b)[2]!;
  };
  const hostRun = (): ReturnType<typeof createCascadeDrillHost> => {
    let n = 0;
    const host = createCascadeDrillHost(s, 1, () => void n++, { stopOnFullRecovery: false });
    host.receive({ v: 1, type: 'start' });
    for (let t = 0; t < minutes; t += 60)
      host.receive({ v: 1, type: 'step', ticks: Math.min(60, minutes - t) });
    return host;
  };
  // Warm-up.
  runCascade(model, s.model, 1, minutes);
  hostRun().dispose();
  const modelMs = median(() => runCascade(model, s.model, 1, minutes));
  const hostMs = median(() => hostRun().dispose());
  const host = hostRun();
  const every = host.timeline.checkpointEveryMinutes;
  const seekMs = median(() => host.receive({ v: 1, type: 'seek', minute: minutes - 1 }));
  const you = host.summary();
  const compareMs = median(() => compareCascadeRun(s as unknown as ScoredScenario, 1, minutes, you));
  let evaluations = 0;
  const parMs = median(() => {
    evaluations = cascadePar(s as unknown as ScoredScenario, 1, { minutes }).evaluations;
  });
  const out = {
    scenario: id,
    minutes,
    modelMs: Math.round(modelMs * 10) / 10,
    hostMs: Math.round(hostMs * 10) / 10,
    seekWorstMs: Math.round(seekMs * 10) / 10,
    checkpointEveryMinutes: every,
    compareMs: Math.round(compareMs * 10) / 10,
    parMs: Math.round(parMs),
    parEvaluations: evaluations,
  };
  if (json) process.stdout.write(`${JSON.stringify(out)}\n`);
  else
    process.stdout.write(
      `${id}, ${minutes} simulated minutes at full scale (medians of 5):\n` +
        `  model alone            ${out.modelMs} ms\n` +
        `  through the drill host ${out.hostMs} ms (hourly steps, snapshots with previews, checkpoints every ${every} min)\n` +
        `  seek to the last minute ${out.seekWorstMs} ms\n` +
        `  score vs nothing and the record ${out.compareMs} ms\n` +
        `  par (${evaluations} runs)  ${out.parMs} ms\n`,
    );
}

main();
