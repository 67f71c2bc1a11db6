/**
 * The drill host as a team drill runs it: the ordinary host (timeline + model) for a setup, whose messages are
 * relayed as they are, plus a `logged` message with every command-log entry it logged while handling a
 * message (what replicating seats replay). Runs wherever the host runs: a Node worker thread in the hosting
 * process (main/features/team), or in-process in tests and the bench.
 */
import { createDrillHost, type DrillHost } from '../drill/host';
import type { DrillOut } from '../drill/protocol';
import { builtinScenario, scaleScenario } from '../scenario/index';
import { logFromHost } from '../sessions/replay';
import type { DrillSetup } from './protocol';
import type { HostLogged } from './room';

/** A team drill's host. `receive` never throws (the drill host's own guarantee). */
export interface TeamHost {
  receive(raw: unknown): void;
  host: DrillHost;
}

/** Build the host for `setup`; `send` gets `ready` at once. Throws for an unknown scenario. */
export function createTeamHost(
  setup: DrillSetup,
  send: (message: DrillOut | HostLogged, transfer: ArrayBuffer[]) => void,
): TeamHost {
  const base = builtinScenario(setup.scenario);
  const scenario = setup.scale < 1 ? scaleScenario(base, setup.scale) : base;
  /** Entries the room has been told about. */
  let known = 0;
  const host = createDrillHost(scenario, setup.seed, (m, transfer) => {
    // A branch drops the log's future: the entries after the cursor are gone.
    if (m.type === 'branched') known = Math.max(0, known - m.droppedCommands);
    send(m, transfer);
  });
  return {
    host,
    receive(raw: unknown): void {
      host.receive(raw);
      const tail = host.logTail(known);
      if (tail.entries.length === 0 && tail.length === known) return;
      const from = Math.min(known, tail.length);
      known = tail.length;
      send({ v: 1, type: 'logged', from, entries: logFromHost(tail.entries) }, []);
    },
  };
}
