/**
 * Role ids in plain words, for everything people read (ids stay in files and JSON): "networkOps" ->
 * "Network ops", "incidentCommander" -> "Incident commander".
 */

/** A role id (camelCase) in plain words. */
export function roleWords(role: string): string {
  const words = role
    .replace(/([A-Z])/g, ' $1')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A name that is a role id (a session recorded without typed names stores the role): its words; else as is. */
export function nameWords(name: string): string {
  return /^[a-z]+(?:[A-Z][a-z]*)+$/.test(name) ? roleWords(name) : name;
}
