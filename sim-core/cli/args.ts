/**
 * Command-line flags for the sim-core CLIs: one way to read them and one error type, so every bad invocation
 * ends the same way (exit code 2, one line naming the problem).
 */

import { readFileSync, statSync } from 'node:fs';

/** A bad command line: its message is the one line the user sees. */
export class UsageError extends Error {}

/** Walks argv flag by flag; `value()` takes the current flag's argument, `int()` one in a range. */
export class FlagReader {
  private i = -1;
  /** The flag being read. */
  flag = '';

  constructor(
    private readonly argv: readonly string[],
    private readonly usage: string,
  ) {}

  /** The next flag, or null at the end. `--help` and `-h` throw the usage line. */
  next(): string | null {
    this.i++;
    if (this.i >= this.argv.length) return null;
    this.flag = this.argv[this.i]!;
    if (this.flag === '--help' || this.flag === '-h') throw new UsageError(this.usage);
    return this.flag;
  }

  /** The current flag's argument. */
  value(): string {
    const v = this.argv[this.i + 1];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${this.flag} needs a value`);
    this.i++;
    return v;
  }

  /** The current flag's argument as an integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    const v = this.value();
    if (!/^-?\d+$/.test(v) || Number(v) < lo || Number(v) > hi)
      throw new UsageError(`${this.flag} must be an integer in [${lo}, ${hi}], got "${v}"`);
    return Number(v);
  }

  /** Reject the current flag. */
  unknown(): never {
    throw new UsageError(`unknown argument "${this.flag}"; ${this.usage}`);
  }
}

/**
 * Text from outside (a file name, a flag's value, a JSON key, a parser's excerpt of a file) made safe to print
 * on a terminal: control characters (C0 but tab, DEL, C1) and the bidirectional overrides that could rewrite
 * what the line shows become visible escapes (`\x1b`, `\u202e`). Newlines too, so one message stays one line.
 */
export function terminalSafe(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex
    /[\x00-\x08\x0a-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    (c) => {
      const n = c.charCodeAt(0);
      return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
    },
  );
}

/**
 * Read a text file no larger than `maxBytes`: its size from `stat` first, so an oversized file is refused
 * without reading a byte. Throws a UsageError naming the file (escaped) and the reason.
 */
export function readTextFileWithin(file: string, maxBytes: number, what: string): string {
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new UsageError(`${what} ${file} is not a file`);
    size = st.size;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${what} ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (size > maxBytes)
    throw new UsageError(
      `${what} ${file} is ${(size / (1024 * 1024)).toFixed(1)} MB; at most ${maxBytes / 1_000_000} MB is read`,
    );
  return readFileSync(file, 'utf8');
}
