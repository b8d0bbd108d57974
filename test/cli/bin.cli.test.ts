/**
 * What only a real process shows: the bin shim with several outputs and --soft-fail, and colour
 * decided from the process's own stdout (a pseudo-terminal from util-linux `script`, or a pipe)
 * and environment.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { assertBuilt, BIN } from "./run-cli";
import { packConfig, routeFilter, stackExport, workDir } from "./fixtures";

beforeAll(assertBuilt);

const ESC = "\u001b[";
const NOW = ["--now", "2026-11-26"];
const blocked = () =>
  workDir({ "state.json": stackExport([routeFilter("rf-m365", ["12076:5010"])]), "policy-config.json": packConfig([]) });

/** The environment of the test run without the colour variables, which jest itself may set. */
function environment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { FORCE_COLOR: _force, NO_COLOR: _no, ...rest } = process.env;
  return { ...rest, TERM: "xterm-256color", ...extra };
}

function spawnBin(args: string[], cwd: string, extra: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", env: environment(extra) });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Runs the shim with stdout on a pseudo-terminal; `script` passes the command's exit code on (-e). */
function onTerminal(args: string[], cwd: string, extra: Record<string, string> = {}) {
  const command = [process.execPath, BIN, ...args].map((w) => `'${w.replace(/'/g, "'\\''")}'`).join(" ");
  const run = spawnSync("script", ["-q", "-e", "-c", command, "/dev/null"], { cwd, encoding: "utf8", env: environment(extra) });
  return { code: run.status, output: run.stdout };
}

test("the shim: one run writes SARIF, JUnit and Markdown, prints the text report, and exits 1 on a mandatory finding", () => {
  const dir = blocked();
  const { code, stdout, stderr } = spawnBin(
    [
      "scan",
      "state.json",
      "--config",
      "policy-config.json",
      "--output",
      "sarif=guard.sarif",
      "--output",
      "junit=guard.xml",
      "--output",
      "markdown=summary.md",
      ...NOW,
    ],
    dir,
  );
  expect(code).toBe(1);
  expect(stdout).toMatch(/^Policies:\n[^]*\nBLOCKED: 1 mandatory finding/);
  expect(stdout).not.toContain(ESC);
  expect(stderr).toBe(
    "note: sarif report written to guard.sarif, junit report written to guard.xml, markdown report written to summary.md\n",
  );
  for (const file of ["guard.sarif", "guard.xml", "summary.md"]) expect(fs.statSync(path.join(dir, file)).size).toBeGreaterThan(0);
});

test("the shim: --soft-fail exits 0 on the same findings, a usage error still exits 2", () => {
  const dir = blocked();
  expect(spawnBin(["scan", "state.json", "--soft-fail", ...NOW], dir).code).toBe(0);
  const usage = spawnBin(["scan", "state.json", "--soft-fail", "--output", "xml=r.xml"], dir);
  expect(usage.code).toBe(2);
  expect(usage.stderr).toMatch(/^error: scan: --output xml=r\.xml: "xml" is not a format/);
});

describe("colour, from the real stdout and environment", () => {
  test("on a terminal: coloured", () => {
    const { code, output } = onTerminal(["scan", "state.json", ...NOW], blocked());
    expect(code).toBe(1);
    expect(output).toContain(`${ESC}1m${ESC}31mBLOCKED${ESC}39m${ESC}22m`);
  });

  test("on a terminal with NO_COLOR, or --no-color: plain", () => {
    const dir = blocked();
    const noColor = onTerminal(["scan", "state.json", ...NOW], dir, { NO_COLOR: "1" });
    expect(noColor.output).toContain("BLOCKED: 1 mandatory finding");
    expect(noColor.output).not.toContain(ESC);
    expect(onTerminal(["scan", "state.json", "--no-color", ...NOW], dir).output).not.toContain(ESC);
  });

  test("in a pipe: plain, unless FORCE_COLOR or --color", () => {
    const dir = blocked();
    expect(spawnBin(["scan", "state.json", ...NOW], dir).stdout).not.toContain(ESC);
    expect(spawnBin(["scan", "state.json", ...NOW], dir, { FORCE_COLOR: "1" }).stdout).toContain(
      `${ESC}1m${ESC}31m[mandatory]${ESC}39m${ESC}22m`,
    );
    expect(spawnBin(["scan", "state.json", "--color", ...NOW], dir).stdout).toContain(ESC);
  });
});
