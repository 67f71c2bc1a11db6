/**
 * The worker side of the drill, shared by the Web Worker and Node worker_threads adapters: waits for `init`
 * (scenario id or a file's definition, seed, scale), creates the host, then hands every message to it. Never throws.
 */
import { builtinCascadeScenario, loadCascadeScenario, scaleScenario } from '../scenario/index';
import { createCascadeDrillHost, createDrillHost, type DrillHost } from './host';
import { PROTOCOL_VERSION, drillInitSchema, typeOf, type DrillSend } from './protocol';

/** A message sink that creates its host on `init`. */
export interface DrillEndpoint {
  receive(raw: unknown): void;
}

/** Create an endpoint that answers through `send`. */
export function createDrillEndpoint(send: DrillSend): DrillEndpoint {
  let host: Pick<DrillHost, 'receive'> | null = null;
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
        const loaded =
          r.data.definition === undefined
            ? builtinCascadeScenario(r.data.scenario)
            : loadCascadeScenario(r.data.definition);
        const base = loaded.scenario;
        if (base.id !== r.data.scenario)
          return error(`the scenario definition is "${base.id}", not "${r.data.scenario}"`, raw);
        // Only the Skype model has a network to scale; another model runs as its scenario states it.
        if (loaded.kind === 'skype')
          host = createDrillHost(
            r.data.scale < 1 ? scaleScenario(loaded.scenario, r.data.scale) : loaded.scenario,
            r.data.seed,
            send,
          );
        else host = createCascadeDrillHost(base, r.data.seed, send);
      } catch (e) {
        error(e instanceof Error ? e.message : String(e), raw);
      }
    },
  };
}
