/**
 * Runs the command as a user does, in-process: its `main` with the arguments, the working directory
 * and captured output, so the CLI tests are fast. Tests of the bin shim, standard input and the
 * process itself spawn `BIN` instead.
 */
import * as fs from "fs";
import * as path from "path";
import { main } from "../../src/cli/main";

export const ROOT = path.resolve(__dirname, "..", "..");
export const BIN = path.join(ROOT, "bin", "expressroute-m365-guard.js");
const BUILT = path.join(ROOT, "dist", "src", "cli", "main.js");

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** What the colour decision reads: whether stdout is a terminal (default: not, as in CI) and the environment (default: empty). */
export interface Terminal {
  readonly isTTY?: boolean;
  readonly env?: Record<string, string>;
}

export function runCli(args: string[], cwd: string, terminal: Terminal = {}): CliResult {
  let stdout = "";
  let stderr = "";
  const before = process.cwd();
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
    process.chdir(before);
  }
}

/** Tests that spawn the bin shim run the compiled CLI: refuse to test a dist/ older than the sources (npm test builds first). */
export function assertBuilt(): void {
  const newest = (dir: string): number =>
    fs.readdirSync(dir, { withFileTypes: true }).reduce((latest, entry) => {
      const full = path.join(dir, entry.name);
      const time = entry.isDirectory() ? newest(full) : entry.name.endsWith(".ts") ? fs.statSync(full).mtimeMs : 0;
      return Math.max(latest, time);
    }, 0);
  const sources = Math.max(newest(path.join(ROOT, "src")), newest(path.join(ROOT, "policies")));
  if (!fs.existsSync(BUILT) || fs.statSync(BUILT).mtimeMs < sources) {
    throw new Error("dist/ is older than src/: run `npm run build` first (`npm test` does)");
  }
}
