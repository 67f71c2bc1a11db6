/**
 * Bounded JSON: the one place where text from a file (a session, a scenario, a policy) becomes a value. Before
 * `JSON.parse` sees it, one pass over the characters checks its length, how deep objects and arrays nest, how
 * many keys one object has and how many items one array has. A 12 MB file holding a million keys in one
 * object, or arrays nested millions deep, is refused in milliseconds instead of being built in memory
 * (hundreds of MB) and handed to zod. The limits are set per file kind, next to that kind's schema, from the
 * largest file the schema accepts.
 *
 * The scan counts only outside strings (quotes and escapes honoured). It does not check syntax: JSON.parse
 * does that afterwards, so on valid JSON its counts are exact and on broken JSON they are upper bounds.
 */

/** How large and how nested a JSON text may be. */
export interface JsonLimits {
  /** Most characters (UTF-16 code units) in the text. */
  maxChars: number;
  /** Deepest nesting of objects and arrays (the top-level value is depth 1). */
  maxDepth: number;
  /** Most keys in one object. */
  maxKeys: number;
  /** Most items in one array. */
  maxItems: number;
}

/** Why a JSON text was refused before parsing. */
export type JsonLimitCode = 'tooLarge' | 'tooDeep' | 'tooManyKeys' | 'tooManyItems';

/** A JSON text past its limits; the message is one line ("… nests deeper than 32 levels"). */
export class JsonLimitError extends Error {
  override name = 'JsonLimitError';
  constructor(
    readonly code: JsonLimitCode,
    message: string,
  ) {
    super(message);
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COLON = 0x3a;
const COMMA = 0x2c;

/** Megabytes for messages: "16 MB". */
const mb = (chars: number) => `${Math.round((chars / (1024 * 1024)) * 10) / 10} MB`;

/**
 * Throw a JsonLimitError if `text` is longer, deeper, or has a larger object or array than `limits` allow.
 * `what` names the file in the message ("the session file"). One pass, no allocation beyond two small arrays.
 */
export function checkJsonLimits(text: string, limits: JsonLimits, what = 'the file'): void {
  if (text.length > limits.maxChars)
    throw new JsonLimitError('tooLarge', `${what} is larger than ${mb(limits.maxChars)}`);
  const { maxDepth, maxKeys, maxItems } = limits;
  // Per open container: 1 = object, 2 = array; its count of keys (colons) or separators (commas).
  const kind = new Uint8Array(maxDepth + 1);
  const count = new Int32Array(maxDepth + 1);
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
      continue;
    }
    switch (c) {
      case QUOTE:
        inString = true;
        break;
      case OPEN_OBJECT:
      case OPEN_ARRAY:
        if (depth === maxDepth)
          throw new JsonLimitError('tooDeep', `${what} nests deeper than ${maxDepth} levels`);
        depth++;
        kind[depth] = c === OPEN_OBJECT ? 1 : 2;
        count[depth] = 0;
        break;
      case CLOSE_OBJECT:
      case CLOSE_ARRAY:
        if (depth > 0) depth--;
        break;
      case COLON:
        if (kind[depth] === 1 && ++count[depth]! > maxKeys)
          throw new JsonLimitError('tooManyKeys', `${what} has an object with more than ${maxKeys} keys`);
        break;
      case COMMA:
        // n commas separate n + 1 items.
        if (kind[depth] === 2 && ++count[depth]! + 1 > maxItems)
          throw new JsonLimitError('tooManyItems', `${what} has a list with more than ${maxItems} items`);
        break;
    }
  }
}

/** `JSON.parse(text)` after {@link checkJsonLimits}. Throws JsonLimitError, or JSON.parse's SyntaxError. */
export function parseJsonWithin(text: string, limits: JsonLimits, what = 'the file'): unknown {
  checkJsonLimits(text, limits, what);
  return JSON.parse(text) as unknown;
}
