/// <reference lib="webworker" />
/**
 * The placeholder sim worker: runs sim-core off the UI thread and answers each `advance` with one frame.
 * The live typed arrays stay here; frames carry copies, transferred to avoid a second copy.
 */
// Workers get the page's CSP too; keep zod from probing for eval (see ../zod-jitless.ts).
import '../zod-jitless';
import {
  REGIONS,
  createSim,
  currentTick,
  hash,
  metrics,
  step,
  supernodeView,
  type Sim,
} from '../../../sim-core/src/model/index';
import { builtinScenario, scaleScenario } from '../../../sim-core/src/scenario/index';
import { parseCommand, type HostReply, type SimFrame } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

let sim: Sim | null = null;
let duration = 0;

const reply = (msg: HostReply, transfer: Transferable[] = []): void => self.postMessage(msg, transfer);

function frame(s: Sim): SimFrame {
  const view = supernodeView(s);
  const m = metrics(s);
  const tick = currentTick(s);
  return {
    type: 'frame',
    tick,
    ended: tick >= duration,
    hash: hash(s),
    metrics: { online: m.online, supernodesAlive: m.supernodesAlive },
    state: view.state.slice(),
    load: view.load.slice(),
    dedicated: view.dedicated.slice(),
  };
}

self.onmessage = (ev: MessageEvent<unknown>) => {
  const cmd = parseCommand(ev.data);
  if (cmd === null) return reply({ type: 'error', message: 'unrecognised command' });
  try {
    if (cmd.type === 'init') {
      const scenario = scaleScenario(builtinScenario('skype-2010'), cmd.scale);
      sim = createSim(scenario, cmd.seed);
      duration = scenario.model.durationMinutes;
      const view = supernodeView(sim);
      return reply({
        type: 'ready',
        scenarioName: scenario.title,
        startEpochMs: Date.parse(scenario.startIso),
        durationTicks: duration,
        count: view.count,
        regions: [...REGIONS],
        region: view.region.slice(),
      });
    }
    if (sim === null) return reply({ type: 'error', message: 'advance before init' });
    for (let i = 0; i < cmd.ticks && currentTick(sim) < duration; i++) step(sim);
    const f = frame(sim);
    return reply(f, [f.state.buffer, f.load.buffer, f.dedicated.buffer]);
  } catch (err) {
    return reply({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
