/**
 * Role ids in plain words, for everything people read (ids stay in files and JSON): "networkOps" ->
 * "Network ops", "incidentCommander" -> "Incident commander".
 */

import { roleWords } from '../../../sim-core/src/levers/words';

// One owner: the score's sentences in sim-core use the same words.
export { roleWords };

/** A name that is a role id (a session recorded without typed names stores the role): its words; else as is. */
export function nameWords(name: string): string {
  return /^[a-z]+(?:[A-Z][a-z]*)+$/.test(name) ? roleWords(name) : name;
}
