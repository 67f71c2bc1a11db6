/**
 * Team-drill addresses: `#join=CODE` opens the join page (with the code filled in), `#join` an empty one, and
 * `#facilitator=SECRET` the facilitator's station. A drill of another scenario than skype-2010 adds `&scenario=ID` so the
 * join page offers that scenario's roles. In the fragment on purpose: it is never sent to the server,
 * so neither the code nor the secret lands in any request line or log.
 */

export type TeamUrl =
  | {
      mode: 'join';
      code: string;
      /** The hosted scenario when it is not the default one (`&scenario=ID`): the join page offers its roles. */
      scenario?: string;
    }
  | { mode: 'facilitator'; secret: string }
  | null;

/** What the page's fragment asks for, or null for the ordinary single-seat app. */
export function parseTeamHash(hash: string): TeamUrl {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  if (h === 'join') return { mode: 'join', code: '' };
  const q = new URLSearchParams(h);
  const code = q.get('join');
  const scenario = q.get('scenario');
  if (code !== null)
    return {
      mode: 'join',
      code: code.slice(0, 40),
      ...(scenario !== null && /^[a-z0-9-]{1,64}$/.test(scenario) ? { scenario } : {}),
    };
  const secret = q.get('facilitator');
  if (secret !== null && secret.length > 0) return { mode: 'facilitator', secret: secret.slice(0, 100) };
  return null;
}
