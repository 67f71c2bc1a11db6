/**
 * Team-drill addresses: `#join=CODE` opens the join page (with the code filled in), `#join` an empty one, and
 * `#facilitator=SECRET` the facilitator's station. In the fragment on purpose: it is never sent to the server,
 * so neither the code nor the secret lands in any request line or log.
 */

export type TeamUrl = { mode: 'join'; code: string } | { mode: 'facilitator'; secret: string } | null;

/** What the page's fragment asks for, or null for the ordinary single-seat app. */
export function parseTeamHash(hash: string): TeamUrl {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  if (h === 'join') return { mode: 'join', code: '' };
  const q = new URLSearchParams(h);
  const code = q.get('join');
  if (code !== null) return { mode: 'join', code: code.slice(0, 40) };
  const secret = q.get('facilitator');
  if (secret !== null && secret.length > 0) return { mode: 'facilitator', secret: secret.slice(0, 100) };
  return null;
}
