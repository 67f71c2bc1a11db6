/**
 * Plain words for text the drill host writes with identifiers in it (refusal reasons from lever validation,
 * role checks and world checks): lever, role, feature and parameter ids become the names the console shows.
 * The ids stay in the session file; only what people read changes.
 */

const FEATURE_WORDS: Record<string, string> = {
  offlineIm: 'offline messaging',
  groupVideo: 'group video',
};

/**
 * A reason written by the host, in plain words: lever, role and feature identifiers become the names the
 * console shows, `name=value` pairs and schema jargon become a sentence.
 */
export function plainReason(
  reason: string,
  leverLabel: (n: string) => string,
  roleWords: (r: string) => string,
): string {
  let t = reason;
  t = t.replace(
    /\bfeature=(\w+), disabled=(true|false)\b/g,
    (_w, f: string, d: string) => `${d === 'true' ? 'turning off' : 'turning on'} ${FEATURE_WORDS[f] ?? f}`,
  );
  t = t.replace(/\b(offlineIm|groupVideo)\b/g, (w) => FEATURE_WORDS[w] ?? w);
  t = t.replace(/\bToo small: expected number to be >=(\d+)/g, 'must be at least $1');
  t = t.replace(/\bToo big: expected number to be <=(\d+)/g, 'must be at most $1');
  t = t.replace(
    /\b(forceUpdate|spinUpSupernodes|scaleOfflineMessaging|disableFeature|throttleLogins|enableClientBackoff)\b:?/g,
    (w) => {
      const colon = w.endsWith(':');
      const name = colon ? w.slice(0, -1) : w;
      return `${leverLabel(name)}${colon ? ':' : ''}`;
    },
  );
  t = t.replace(/the (\w+) role/g, (_w, r: string) => `the ${roleWords(r).toLowerCase()} role`);
  t = t.replace(
    /\b(rolloutPercentPerHour|bandwidthGbps|perMinute|count|clientsPerServer|factor)\b:/g,
    (_w, p: string) => `${PARAM_WORDS[p] ?? p}:`,
  );
  return t;
}

const PARAM_WORDS: Record<string, string> = {
  rolloutPercentPerHour: 'rollout',
  bandwidthGbps: 'bandwidth',
  perMinute: 'logins per minute',
  count: 'servers',
  clientsPerServer: 'clients per server',
  factor: 'capacity factor',
};
