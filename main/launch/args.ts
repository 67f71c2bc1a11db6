/** Command-line parsing for the launchers. Small on purpose: a few flags do not need a parser dependency. */
import { builtinScenarioIds } from '../../sim-core/src/scenario/index';

/** Port browser mode uses unless told otherwise. */
export const DEFAULT_PORT = 5170;

/** Parsed launcher options. */
export interface LaunchArgs {
  port: number;
  help: boolean;
  /** Host a team drill on the LAN (`--team`), with the drill's seed and network scale. */
  team: boolean;
  /** Host the team drill on 127.0.0.1 only (one machine: demos and tests). */
  loopback: boolean;
  /** The built-in scenario a team drill plays (`--scenario`, default skype-2010). */
  scenario: string;
  seed: number;
  scale: number;
}

/** Bad invocation; the launcher prints `message` as one line and exits with code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** One-line usage, shown for --help and appended to usage errors. */
export const USAGE = `usage: npm run web -- [--port N] [--team [--loopback] [--scenario ID] [--seed S] [--scale F]]   (N from 1 to 65535, default 5170; --team hosts a team drill on the LAN, --loopback on this machine only; ID one of ${builtinScenarioIds.join(', ')}; F in (0, 1], default 1)`;

/** Parse `argv` (without node and script). Accepts `--port N`, `--port=N` and `--help`/`-h`. */
export function parseLaunchArgs(argv: readonly string[]): LaunchArgs {
  const result: LaunchArgs = {
    port: DEFAULT_PORT,
    help: false,
    team: false,
    loopback: false,
    scenario: 'skype-2010',
    seed: 20101222,
    scale: 1,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      result.help = true;
    } else if (arg === '--port' || arg.startsWith('--port=')) {
      const value = arg === '--port' ? argv[++i] : arg.slice('--port='.length);
      if (value === undefined) throw new UsageError('--port needs a value, e.g. --port 5170');
      result.port = parsePort(value);
    } else if (arg === '--team') {
      result.team = true;
    } else if (arg === '--loopback') {
      result.loopback = true;
    } else if (arg === '--scenario') {
      const value = argv[++i];
      if (value === undefined) throw new UsageError('--scenario needs a value');
      if (!(builtinScenarioIds as readonly string[]).includes(value))
        throw new UsageError(
          `--scenario must be one of ${builtinScenarioIds.join(', ')}, got "${value.slice(0, 64)}"`,
        );
      result.scenario = value;
    } else if (arg === '--seed' || arg === '--scale') {
      const value = argv[++i];
      if (value === undefined) throw new UsageError(`${arg} needs a value`);
      if (arg === '--seed') {
        if (!/^-?\d{1,10}$/.test(value) || Math.abs(Number(value)) >= 2 ** 31)
          throw new UsageError(`--seed must be a whole number below 2^31, got "${value}"`);
        result.seed = Number(value);
      } else {
        const f = Number(value);
        if (!/^\d*\.?\d+$/.test(value) || !(f > 0 && f <= 1))
          throw new UsageError(`--scale must be a number in (0, 1], got "${value}"`);
        result.scale = f;
      }
    } else {
      throw new UsageError(`unknown argument "${arg}"`);
    }
  }
  return result;
}

function parsePort(value: string): number {
  // Digits only: Number('0x10'), Number('1e3') and Number(' 80 ') would all sneak through.
  if (!/^\d{1,5}$/.test(value)) throw new UsageError(`--port must be a whole number, got "${value}"`);
  const port = Number(value);
  if (port < 1 || port > 65535) throw new UsageError(`--port must be between 1 and 65535, got ${port}`);
  return port;
}
