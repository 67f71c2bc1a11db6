/** Tests only: a drill host whose outbound messages collect in an inbox, and a `send` that returns a message's replies. */
import { createDrillHost, type DrillOut } from '../../src/drill/index';
import type { Scenario } from '../../src/scenario/index';

export function hostWithInbox(scenario: Scenario, seed: number) {
  const inbox: DrillOut[] = [];
  const host = createDrillHost(scenario, seed, (m) => inbox.push(m));
  const send = (m: Record<string, unknown>) => {
    inbox.length = 0;
    host.receive({ v: 1, ...m });
    return [...inbox];
  };
  return { host, inbox, send };
}
