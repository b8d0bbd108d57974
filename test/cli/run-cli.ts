/** Runs the built command the way a user does: the bin shim, in a child Node.js process. */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

export const ROOT = path.resolve(__dirname, "..", "..");
export const BIN = path.join(ROOT, "bin", "expressroute-m365-guard.js");
const BUILT = path.join(ROOT, "dist", "src", "cli", "main.js");

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: string[], cwd: string): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** These tests run the compiled CLI: refuse to test a dist/ older than the sources (npm test builds first). */
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
