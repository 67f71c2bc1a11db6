/**
 * The worker side of the drill, shared by the Web Worker and Node worker_threads adapters: waits for `init`
 * (scenario id or a file's definition, seed, scale), creates the host, then hands every message to it. Never throws.
 */
import { builtinScenario, loadScenario, scaleScenario } from '../scenario/index';
import { createDrillHost, type DrillHost } from './host';
import { PROTOCOL_VERSION, drillInitSchema, typeOf, type DrillSend } from './protocol';

/** A message sink that creates its host on `init`. */
export interface DrillEndpoint {
  receive(raw: unknown): void;
}

/** Create an endpoint that answers through `send`. */
export function createDrillEndpoint(send: DrillSend): DrillEndpoint {
  let host: DrillHost | null = null;
  const error = (message: string, raw: unknown) =>
    send({ v: PROTOCOL_VERSION, type: 'error', message, inReplyTo: typeOf(raw) }, []);
  return {
    receive(raw: unknown): void {
      try {
        if (host) {
          if (typeOf(raw) === 'init') return error('the drill is already initialised', raw);
          return host.receive(raw);
        }
        const r = drillInitSchema.safeParse(raw);
        if (!r.success) {
          const i = r.error.issues[0]!;
          return error(`expected init first: ${i.path.join('.') || 'message'}: ${i.message}`, raw);
        }
        const base =
          r.data.definition === undefined
            ? builtinScenario(r.data.scenario)
            : loadScenario(r.data.definition);
        if (base.id !== r.data.scenario)
          return error(`the scenario definition is "${base.id}", not "${r.data.scenario}"`, raw);
        const scenario = r.data.scale < 1 ? scaleScenario(base, r.data.scale) : base;
        host = createDrillHost(scenario, r.data.seed, send);
      } catch (e) {
        error(e instanceof Error ? e.message : String(e), raw);
      }
    },
  };
}
