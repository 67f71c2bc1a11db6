/**
 * Command-line flags for the sim-core CLIs: one way to read them and one error type, so every bad invocation
 * ends the same way (exit code 2, one line naming the problem).
 */

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
