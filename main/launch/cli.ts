/**
 * Shared error handling for the launchers: every expected failure becomes one line on stderr and a
 * meaningful exit code (2 = bad invocation, 1 = anything else). No stack traces for the user.
 */
import { UsageError, USAGE } from './args';

/** Run a launcher's main function with one-line error reporting. */
export function runCli(name: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`${name}: ${error.message}. ${USAGE}`);
      process.exit(2);
    }
    console.error(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
