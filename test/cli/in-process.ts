/**
 * Runs the command in this process through `main(argv, io)`, with the I/O captured: the same
 * parsing, dispatch and exit codes as the bin shim, without starting Node.js for each run. The
 * working directory is the given one for the run, as it is for a user in a shell.
 */
import { main } from "../../src/cli/main";
import { CliResult } from "./run-cli";

export interface Terminal {
  /** Whether stdout is a terminal (default: not, as in CI). */
  readonly isTTY?: boolean;
  /** The environment the colour decision reads (default: empty). */
  readonly env?: Record<string, string>;
}

export function runMain(args: string[], cwd: string, terminal: Terminal = {}): CliResult {
  let stdout = "";
  let stderr = "";
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    const code = main(args, {
      out: (text) => (stdout += text),
      err: (text) => (stderr += text),
      stdoutIsTTY: terminal.isTTY ?? false,
      env: terminal.env ?? {},
    });
    return { code, stdout, stderr };
  } finally {
    process.chdir(previous);
  }
}
