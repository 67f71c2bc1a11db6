/** Tests only: a team room wired to an in-process team host, and fake seat connections that record what they got. */
import type { DrillOut } from '../../src/drill/protocol';
import type { TeamOut } from '../../src/team/protocol';
import { TeamRoom, type SeatLink } from '../../src/team/room';
import { createTeamHost, type TeamHost } from '../../src/team/team-host';

export const SETUP = { scenario: 'skype-2010', seed: 7, scale: 0.0025 };
export const CODE = 'ABCDE12345';
export const SECRET = 'facilitator-secret-for-tests';

export class FakeLink implements SeatLink {
  team: TeamOut[] = [];
  drill: DrillOut[] = [];
  closed: { code: number; reason: string } | null = null;
  send(m: TeamOut): void {
    this.team.push(m);
  }
  close(code: number, reason: string): void {
    this.closed = { code, reason };
  }
  of<T extends TeamOut['type']>(type: T): Array<Extract<TeamOut, { type: T }>> {
    return this.team.filter((m) => m.type === type) as Array<Extract<TeamOut, { type: T }>>;
  }
  drillOf<T extends DrillOut['type']>(type: T): Array<Extract<DrillOut, { type: T }>> {
    return this.drill.filter((m) => m.type === type) as Array<Extract<DrillOut, { type: T }>>;
  }
  clear(): void {
    this.team = [];
    this.drill = [];
  }
}

export function teamHarness() {
  let tokens = 0;
  let host: TeamHost | null = null;
  const room = new TeamRoom({
    joinCode: CODE,
    facilitatorSecret: SECRET,
    newToken: () => `token-${++tokens}`,
    clock: () => '2026-12-02T18:00:00.000Z',
    secretEquals: (a, b) => a === b,
    toHost: (m) => host!.receive(m),
    sendDrill: (links, m) => {
      for (const l of links) (l as FakeLink).drill.push(m);
    },
    setup: SETUP,
  });
  host = createTeamHost(SETUP, (m) => room.fromHost(m));
  const say = (link: FakeLink, m: Record<string, unknown>) =>
    room.message(link, JSON.stringify({ v: 1, ...m }));
  const join = (name: string, role?: string, extra: Record<string, unknown> = {}) => {
    const link = new FakeLink();
    room.open(link);
    say(link, { type: 'hello', code: CODE, name, ...(role ? { role } : {}), ...extra });
    return link;
  };
  const facilitator = () => {
    const link = new FakeLink();
    room.open(link);
    say(link, { type: 'hello', secret: SECRET, name: 'Fran' });
    return link;
  };
  return { room, host: host.host, say, join, facilitator };
}
