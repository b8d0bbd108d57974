/**
 * The `expressroute-m365-guard` command: runs one command line with injected I/O. It loads no
 * Pulumi package, so it runs without the Pulumi CLI (on the Node.js the package's engines names).
 */
import { CliError } from "./errors";
import { diagnostic, type Io } from "./io";
import { buildProgram, Exit } from "./program";

export type { Io } from "./io";

/** Runs one command line; returns the exit code (see each command's --help). */
export function main(argv: readonly string[], io: Io): number {
  let code = 0;
  try {
    buildProgram(io, (c) => (code = c)).parse([...argv], { from: "user" });
    return code;
  } catch (e) {
    if (e instanceof Exit) return e.code;
    if (e instanceof CliError) {
      diagnostic(io, "error", e.message);
      return 2;
    }
    // A bug, not a mistake of the user: keep the trace, and never exit 1, which means "blocked".
    diagnostic(io, "error", `internal error of expressroute-m365-guard, please report: ${(e as Error).stack ?? String(e)}`);
    return 2;
  }
}

export function run(): void {
  process.exitCode = main(process.argv.slice(2), {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    stdoutIsTTY: process.stdout.isTTY === true,
    env: process.env,
  });
}

if (require.main === module) run();
