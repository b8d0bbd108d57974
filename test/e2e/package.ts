/** The package as npm builds and installs it, for the suites that use it from outside the repository. */
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { REPO, type RunResult } from "../../harness/pulumi-cli";

export const PACKAGE_NAME = "expressroute-m365-guard";
export const PACKAGE_VERSION: string = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")).version;

/** npm and npx run on the Node.js of this repository's `node` package, as `npm test` does. */
export const TOOL_PATH = [path.join(REPO, "node_modules", ".bin"), process.env.PATH].join(path.delimiter);

/** Runs a command with TOOL_PATH first on PATH; never rejects, the exit code is in the result. */
export function sh(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<RunResult> {
  return new Promise((resolve) =>
    execFile(command, args, { cwd, env: { ...env, PATH: TOOL_PATH }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr }),
    ),
  );
}

export interface Tarball {
  readonly file: string;
  /** Paths inside the package, without npm's `package/` prefix, sorted. */
  readonly files: string[];
}

/**
 * `npm pack` of the repository into `dir`. The prepare script (the build) is skipped: it would rewrite dist/
 * under suites running in parallel, and the caller has checked that dist/ is current (assertBuilt).
 */
export async function packTarball(dir: string): Promise<Tarball> {
  const pack = await sh("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], REPO);
  if (pack.code !== 0) throw new Error(`npm pack failed:\n${pack.stderr}`);
  const [info] = JSON.parse(pack.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  return { file: path.join(dir, info.filename), files: info.files.map((f) => f.path).sort() };
}

/** `npm install [specs]` in `dir`, a project of its own: the specs, or without any the dependencies it declares. */
export async function npmInstall(dir: string, ...specs: string[]): Promise<void> {
  if (!fs.existsSync(path.join(dir, "package.json"))) fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ private: true }));
  const install = await sh("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", ...specs], dir);
  if (install.code !== 0) throw new Error(`npm install ${specs.join(" ")} in ${dir} failed:\n${install.stdout}\n${install.stderr}`);
}
