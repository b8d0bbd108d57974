/**
 * The GitHub Action (action.yml) run locally: its `run` steps, exactly as written there, in bash as a runner runs
 * a composite step (`bash --noprofile --norc -eo pipefail`), with their `${{ inputs.* }}` and
 * `${{ steps.*.outputs.* }}` expressions filled in, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, and the package
 * installed from the tarball `npm pack` makes (given as `package`, or by default built from the Action's checkout).
 * The preview is the real Pulumi CLI on example programs (see harness.ts for the stand-in providers). Steps that
 * use other actions (setup-node, upload-sarif) cannot run here: their conditions and inputs are evaluated and
 * checked instead. actions/cache is a STAND-IN: a map from key to a saved copy of the path, restored when the
 * step runs and saved at the end of the run (as the action's post step does) when the key is new.
 */
import { execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { assertBuilt } from "../cli/run-cli";
import { type Cli, REPO, Workspace, ensureCli, packConfigOf, scratchRoot } from "../../harness/pulumi-cli";
import { TOOL_PATH, packTarball } from "./package";

// js-yaml comes with jest; it has no types of its own here.
const yaml: { load(text: string): unknown } = require("js-yaml");

interface Step {
  readonly name: string;
  readonly id?: string;
  readonly if?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly shell?: string;
  readonly "working-directory"?: string;
  readonly env?: Record<string, string>;
  readonly with?: Record<string, string>;
}

interface ActionYaml {
  readonly inputs: Record<string, { default?: string }>;
  readonly outputs: Record<string, { value: string }>;
  readonly runs: { using: string; steps: Step[] };
}

const ACTION = yaml.load(fs.readFileSync(path.join(REPO, "action.yml"), "utf8")) as ActionYaml;

interface Context {
  readonly inputs: Record<string, string>;
  readonly steps: Record<string, Record<string, string>>;
}

/** `inputs.x` or `steps.id.outputs.x`; anything else this test does not know how to evaluate, so it fails. */
function valueOf(reference: string, ctx: Context): string {
  let m = /^inputs\.([\w-]+)$/.exec(reference);
  if (m) {
    if (!(m[1] in ctx.inputs)) throw new Error(`action.yml refers to undeclared input ${m[1]}`);
    return ctx.inputs[m[1]];
  }
  m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(reference);
  if (m) return ctx.steps[m[1]]?.[m[2]] ?? "";
  throw new Error(`action.yml: expression ${reference} is not understood by this test`);
}

function expand(text: string, ctx: Context): string {
  return text.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, reference: string) => valueOf(reference, ctx));
}

/** Conditions of the form `<reference> == '<text>'` or `!=`, joined by `&&`. */
function condition(expression: string | undefined, ctx: Context): boolean {
  if (expression === undefined) return true;
  return expression.split("&&").every((clause) => {
    const m = /^\s*([\w.-]+)\s*(==|!=)\s*'([^']*)'\s*$/.exec(clause);
    if (!m) throw new Error(`action.yml: condition ${clause} is not understood by this test`);
    return (valueOf(m[1], ctx) === m[3]) === (m[2] === "==");
  });
}

/** GITHUB_OUTPUT lines: `name=value`, or `name<<DELIMITER` ... `DELIMITER`. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([\w-]+)<<(.+)$/.exec(lines[i]);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1);
      outputs[heredoc[1]] = lines.slice(i + 1, end).join("\n");
      i = end;
    } else if (lines[i].includes("=")) {
      outputs[lines[i].slice(0, lines[i].indexOf("="))] = lines[i].slice(lines[i].indexOf("=") + 1);
    }
  }
  return outputs;
}

interface StepResult {
  readonly name: string;
  /** Exit code of a run step; undefined for a step that uses another action. */
  readonly code?: number;
  readonly log: string;
  /** A step using another action: whether its condition holds, and its inputs. */
  readonly wouldRun?: boolean;
  readonly with?: Record<string, string>;
}

interface ActionRun {
  readonly steps: StepResult[];
  /** The action's outputs, from its `outputs:` section. */
  readonly outputs: Record<string, string>;
  readonly summary: string;
}

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; log: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], {
      cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let log = "";
    child.stdout.on("data", (d) => (log += d));
    child.stderr.on("data", (d) => (log += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, log }));
  });
}

/** The stand-in for the Actions cache: key -> a saved copy of the cached path. */
type Cache = Map<string, string>;

interface Runner {
  /** The Action's checkout (default: this repository). */
  readonly actionPath?: string;
  readonly cache?: Cache;
  /** RUNNER_TEMP: the same directory for runs of one runner (default: a new one). */
  readonly runnerTemp?: string;
}

/** Runs the action's steps as a runner would, stopping after a failed step (none is marked to run after failure). */
async function runAction(
  given: Record<string, string>,
  workspace: string,
  env: NodeJS.ProcessEnv,
  scratch: string,
  runner: Runner = {},
): Promise<ActionRun> {
  expect(ACTION.runs.using).toBe("composite");
  const inputs = Object.fromEntries(Object.entries(ACTION.inputs).map(([name, spec]) => [name, given[name] ?? spec.default ?? ""]));
  for (const name of Object.keys(given)) expect(Object.keys(ACTION.inputs)).toContain(name);
  const ctx: Context = { inputs, steps: {} };
  const runnerTemp = runner.runnerTemp ?? fs.mkdtempSync(path.join(scratch, "runner-temp-"));
  const summaryFile = path.join(runnerTemp, "step-summary.md");
  fs.writeFileSync(summaryFile, "");
  const steps: StepResult[] = [];
  const toSave: { key: string; path: string }[] = [];

  for (const [index, step] of ACTION.runs.steps.entries()) {
    if (step.uses) {
      const withInputs = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, expand(String(v), ctx)]));
      const wouldRun = condition(step.if, ctx);
      steps.push({ name: step.name, log: "", wouldRun, with: withInputs });
      if (wouldRun && step.uses.startsWith("actions/cache@") && runner.cache) {
        const saved = runner.cache.get(withInputs.key);
        if (saved) fs.cpSync(saved, withInputs.path, { recursive: true, verbatimSymlinks: true });
        else toSave.push({ key: withInputs.key, path: withInputs.path });
      }
      continue;
    }
    if (step.if !== undefined) throw new Error(`action.yml: run step "${step.name}" has a condition; this test runs every run step`);
    expect(step.shell).toBe("bash");
    const outputFile = path.join(runnerTemp, `output-${index}`);
    fs.writeFileSync(outputFile, "");
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(String(v), ctx)]));
    const cwd = path.resolve(workspace, expand(step["working-directory"] ?? ".", ctx));
    const { code, log } = await bash(step.run!, cwd, {
      ...env,
      ...stepEnv,
      GITHUB_ACTION_PATH: runner.actionPath ?? REPO,
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      RUNNER_TEMP: runnerTemp,
    });
    if (step.id) ctx.steps[step.id] = parseOutputs(fs.readFileSync(outputFile, "utf8"));
    steps.push({ name: step.name, code, log });
    if (code !== 0) break;
  }
  // The cache's post step runs at the end of the job, failed or not.
  for (const { key, path: saved } of toSave) {
    if (!fs.existsSync(saved)) continue;
    const copy = fs.mkdtempSync(path.join(scratch, "cache-"));
    fs.cpSync(saved, copy, { recursive: true, verbatimSymlinks: true });
    runner.cache!.set(key, copy);
  }
  const outputs = Object.fromEntries(Object.entries(ACTION.outputs).map(([name, spec]) => [name, expand(spec.value, ctx)]));
  return { steps, outputs, summary: fs.readFileSync(summaryFile, "utf8") };
}

function explainRun(run: ActionRun, check: () => void): void {
  try {
    check();
  } catch (e) {
    const logs = run.steps.map(
      (s) => `--- step "${s.name}" ${s.code === undefined ? `(uses; would run: ${s.wouldRun})` : `exit ${s.code}`} ---\n${s.log}`,
    );
    (e as Error).message +=
      `\n${logs.join("\n")}\n--- outputs ---\n${JSON.stringify(run.outputs, null, 2)}\n--- summary ---\n${run.summary}`;
    throw e;
  }
}

const stepNamed = (run: ActionRun, name: RegExp) => run.steps.find((s) => name.test(s.name));

/** The verdict line is printed once in the whole run, by the scan. */
function expectOneVerdictLine(run: ActionRun, line: string): void {
  const verdicts = run.steps.flatMap((s) =>
    s.log
      .split("\n")
      .filter((l) => /^expressroute-m365-guard: (BLOCKED|passed)/.test(l))
      .map((l) => `${s.name}: ${l}`),
  );
  expect(verdicts).toEqual([`Check the register, preview with the pack, scan: ${line}`]);
}
const UPLOAD = /code scanning/;
const VERDICT = /^Verdict$/;

let cli: Cli;
let root: string;
let tarball: string;

beforeAll(async () => {
  assertBuilt();
  cli = await ensureCli();
  root = scratchRoot("action");
  tarball = (await packTarball(root)).file;
}, 20 * 60_000);

afterAll(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

/** A workspace for `example`, with its policy pack config (if any) copied next to the program. */
async function workspaceOf(label: string, example: string): Promise<{ ws: Workspace; config?: string }> {
  const ws = await Workspace.create(cli, root, label, example);
  const source = packConfigOf(example);
  if (!source) return { ws };
  fs.copyFileSync(source, path.join(ws.dir, "policy-config.json"));
  return { ws, config: "policy-config.json" };
}

test(
  "a program that allows Microsoft 365 without an exception: SARIF uploaded, summary written, the job fails",
  async () => {
    const { ws } = await workspaceOf("blocked", "m365-without-exception");
    const run = await runAction({ stack: "e2e", package: tarball }, ws.dir, ws.environment(), root);
    explainRun(run, () => {
      expect(run.steps.map((s) => s.code ?? "uses")).toEqual(["uses", 0, "uses", 0, "uses", 1]);
      // The preview summary carries property dependencies: the peering is linked to the filter created with it, as
      // the pack inside the preview links it (the event stream could not: docs/cli.md).
      expect(run.outputs).toMatchObject({ blocked: "true", mandatory: "1", advisory: "0", "exceptions-exit-code": "" });
      expect(run.outputs["preview-exit-code"]).not.toBe("0");

      const sarifFile = run.outputs["sarif-file"];
      expect(sarifFile).toBe(path.join(ws.dir, "expressroute-m365-guard.sarif"));
      const results = JSON.parse(fs.readFileSync(sarifFile, "utf8")).runs[0].results;
      expect(results.map((r: any) => [r.ruleId, r.level])).toEqual([["m365-advertisement-requires-exception", "error"]]);
      // At the line of the program that declares the filter (the workspace is the repository: no .git above it).
      const declared =
        fs
          .readFileSync(path.join(ws.dir, "index.ts"), "utf8")
          .split("\n")
          .findIndex((l) => l.includes('new network.RouteFilter("rf-m365"')) + 1;
      expect(results[0].locations[0].physicalLocation).toEqual({
        artifactLocation: { uri: "index.ts" },
        region: { startLine: declared, startColumn: expect.any(Number) },
      });
      expect(stepNamed(run, /Check the register/)!.log).toMatch(
        new RegExp(`^::error file=index\\.ts,line=${declared},col=\\d+,title=m365-advertisement-requires-exception`, "m"),
      );
      expect(stepNamed(run, UPLOAD)).toMatchObject({ wouldRun: true, with: { sarif_file: sarifFile } });

      expect(run.summary).toContain("pulumi preview of `e2e` with the policy pack");
      expect(run.summary).toContain("deployment blocked");
      expect(run.summary).toContain("rf-m365");
      expect(stepNamed(run, VERDICT)!.log).toContain("::error title=expressroute-m365-guard (blocked)::the deployment would be blocked");
      expectOneVerdictLine(run, "expressroute-m365-guard: BLOCKED, 1 mandatory finding, 0 advisory findings");
    });
  },
  10 * 60_000,
);

test(
  "the same program with its exception on record: the register is checked first, the job passes",
  async () => {
    const { ws, config } = await workspaceOf("covered", "m365-with-exception");
    const sarifFile = "reports/code-scanning/guard.sarif";
    const run = await runAction(
      { stack: "e2e", config: config!, package: tarball, "upload-sarif": "false", "sarif-file": sarifFile },
      ws.dir,
      ws.environment(),
      root,
    );
    explainRun(run, () => {
      expect(run.steps.map((s) => s.code ?? "uses")).toEqual(["uses", 0, "uses", 0, "uses", 0]);
      expect(run.outputs).toMatchObject({ blocked: "false", mandatory: "0", "exceptions-exit-code": "0", "preview-exit-code": "0" });
      expect(stepNamed(run, UPLOAD)!.wouldRun).toBe(false);
      expect(run.summary.indexOf("Exception register `policy-config.json`")).toBeLessThan(run.summary.indexOf("pulumi preview of"));
      expect(run.summary).toContain("1 exception");
      // The covered filter is no finding; the summary names the exception that let it pass.
      expect(run.summary).toContain("no findings");
      expect(run.summary).toMatch(/rf-hub-m365 \(`index\.ts:\d+`\) allows 12076:5010, 12076:5100 under ER365-2025-004/);
      expect(run.outputs.advisory).toBe("0");
      // Its directory did not exist: the Action makes it.
      expect(run.outputs["sarif-file"]).toBe(path.join(ws.dir, sarifFile));
      expect(JSON.parse(fs.readFileSync(run.outputs["sarif-file"], "utf8")).runs[0].results).toEqual([]);
      expect(stepNamed(run, VERDICT)!.log).toBe("");
      expectOneVerdictLine(run, "expressroute-m365-guard: passed, 0 mandatory findings, 0 advisory findings");
    });
  },
  10 * 60_000,
);

test(
  "scanning a preview stream given as a file, with an expired exception: both the register and the finding fail the job",
  async () => {
    const example = "m365-expired-exception";
    const { ws, config } = await workspaceOf("expired", example);
    const preview = await ws.previewJson(path.join(ws.dir, config!));
    fs.writeFileSync(path.join(ws.dir, "preview.jsonl"), preview.stdout);
    const run = await runAction(
      { scan: "preview.jsonl\n", config: config!, package: tarball },
      ws.dir,
      { ...process.env, PATH: TOOL_PATH },
      root,
    );
    explainRun(run, () => {
      expect(run.steps.map((s) => s.code ?? "uses")).toEqual(["uses", 0, "uses", 0, "uses", 1]);
      // Advisory: the expired exception, and the unlinked peering (see the first test).
      expect(run.outputs).toMatchObject({
        blocked: "true",
        mandatory: "1",
        advisory: "2",
        "exceptions-exit-code": "1",
        "preview-exit-code": "",
      });
      expect(run.summary).toContain("ER365-2023-011 expired on 2024-12-31");
      const verdict = stepNamed(run, VERDICT)!.log;
      expect(verdict).toContain("::error title=expressroute-m365-guard (register)::the exception register policy-config.json needs action");
      expect(verdict).toContain("::error title=expressroute-m365-guard (blocked)::the deployment would be blocked");
    });
  },
  10 * 60_000,
);

test(
  "an invalid register stops the action before the preview, naming the config",
  async () => {
    const { ws } = await workspaceOf("invalid", "m365-without-exception");
    const invalid = { "m365-advertisement-requires-exception": { exceptions: [{ id: "ER365-2026-001", expires: "2027-02-30" }] } };
    fs.writeFileSync(path.join(ws.dir, "policy-config.json"), JSON.stringify(invalid));
    const run = await runAction({ stack: "e2e", config: "policy-config.json", package: tarball }, ws.dir, ws.environment(), root);
    explainRun(run, () => {
      expect(run.steps.map((s) => s.code ?? "uses")).toEqual(["uses", 0, "uses", 2]);
      expect(run.outputs).toMatchObject({ "exceptions-exit-code": "2", "preview-exit-code": "", blocked: "" });
      const log = stepNamed(run, /Check the register/)!.log;
      expect(log).toContain("::error title=expressroute-m365-guard (register)::the policy pack config policy-config.json is invalid");
      expect(log).toContain("ER365-2026-001");
      expect(run.summary).toContain("ER365-2026-001");
    });
  },
  10 * 60_000,
);

test.each([
  [{}, "set stack (preview with the policy pack) or scan"],
  [{ stack: "e2e", scan: "state.json" }, "set either stack (preview with the pack) or scan (files to scan), not both"],
  [{ stack: "e2e", now: "2026-02-30" }, 'now: "2026-02-30" is not a calendar date written YYYY-MM-DD'],
  [{ stack: "e2e", config: "no-such-config.json" }, "config: no-such-config.json: no such file in "],
  [{ scan: "missing.json\n" }, "scan: missing.json: no such file in "],
  [{ stack: "e2e", "sarif-accepted-risks": "hide" }, 'sarif-accepted-risks: "hide" is neither include nor omit'],
])("inputs %j are refused before anything is installed", async (inputs, message) => {
  const run = await runAction(inputs, root, { ...process.env, PATH: TOOL_PATH }, root);
  explainRun(run, () => {
    expect(run.steps.map((s) => s.code ?? "uses")).toEqual(["uses", 2]);
    expect(run.steps[1].log).toContain(`::error title=expressroute-m365-guard (inputs)::${message}`);
    expect(run.steps[1].log).not.toContain("Installing");
  });
});

test(
  "an install that fails says so, naming the package",
  async () => {
    const { ws } = await workspaceOf("no-package", "m365-without-exception");
    const run = await runAction({ stack: "e2e", package: "./no-such-package.tgz" }, ws.dir, ws.environment(), root);
    explainRun(run, () => {
      expect(run.steps.map((s) => s.code ?? "uses")).toEqual(["uses", 0, "uses", 2]);
      expect(stepNamed(run, /Check the register/)!.log).toContain(
        "::error title=expressroute-m365-guard (install)::installing ./no-such-package.tgz failed",
      );
    });
  },
  10 * 60_000,
);

/** The Action's checkout as a runner downloads it: the repository's files, without dist/ or a tarball. */
function actionCheckout(): string {
  const dir = fs.mkdtempSync(path.join(root, "action-checkout-"));
  const files = execFileSync("git", ["ls-files", "-co", "--exclude-standard", "-z"], { cwd: REPO, encoding: "utf8" }).split("\0");
  for (const file of files.filter((f) => f && f !== "node_modules" && fs.existsSync(path.join(REPO, f)))) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.copyFileSync(path.join(REPO, file), path.join(dir, file));
  }
  // The dev dependencies `npm ci` would install there (the script skips `npm ci` when they are present).
  fs.symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

/** The cache key the prepare step computes for the given checkout and inputs. */
function cacheKey(actionPath: string, inputs: Record<string, string>, cwd: string): string {
  const output = path.join(fs.mkdtempSync(path.join(root, "prepare-")), "output");
  fs.writeFileSync(output, "");
  execFileSync("bash", [path.join(REPO, "scripts", "github-action.sh"), "prepare"], {
    cwd,
    env: {
      ...process.env,
      PATH: TOOL_PATH,
      GITHUB_ACTION_PATH: actionPath,
      GITHUB_OUTPUT: output,
      RUNNER_TEMP: root,
      GUARD_STACK: "e2e",
      GUARD_SCAN: "",
      GUARD_CONFIG: "",
      ...inputs,
    },
  });
  return parseOutputs(fs.readFileSync(output, "utf8"))["cache-key"];
}

test(
  "by default the Action packs its own checkout and installs that; the install is cached and used again",
  async () => {
    const checkout = actionCheckout();
    const cache: Cache = new Map();
    const { ws } = await workspaceOf("default-package", "m365-without-exception");
    const runnerTemp = fs.mkdtempSync(path.join(root, "runner-temp-"));
    const first = await runAction({ stack: "e2e" }, ws.dir, ws.environment(), root, { actionPath: checkout, cache, runnerTemp });
    explainRun(first, () => {
      expect(first.steps.map((s) => s.code ?? "uses")).toEqual(["uses", 0, "uses", 0, "uses", 1]);
      expect(stepNamed(first, /Check the register/)!.log).toMatch(
        /^Installing \S+\/tarball\/expressroute-m365-guard-\d+\.\d+\.\d+\.tgz into /m,
      );
      expect(first.outputs).toMatchObject({ blocked: "true", mandatory: "1" });
      expect(cache.size).toBe(1);
    });
    // A new runner (its RUNNER_TEMP emptied) with the cache of the first run.
    fs.rmSync(runnerTemp, { recursive: true });
    fs.mkdirSync(runnerTemp);
    const second = await runAction({ stack: "e2e" }, ws.dir, ws.environment(), root, { actionPath: checkout, cache, runnerTemp });
    explainRun(second, () => {
      const log = stepNamed(second, /Check the register/)!.log;
      expect(log).toContain("Using the install restored from the cache");
      expect(log).not.toContain("Installing");
      expect(second.outputs).toMatchObject({ blocked: "true", mandatory: "1" });
    });

    // The key follows what is installed: the checkout's sources, a tarball's content, a spec's text.
    const before = cacheKey(checkout, {}, ws.dir);
    expect(cache.has(before)).toBe(true);
    fs.appendFileSync(path.join(checkout, "src", "cli", "main.ts"), "\n// changed\n");
    const changed = cacheKey(checkout, {}, ws.dir);
    expect(changed).not.toBe(before);
    const ofTarball = cacheKey(checkout, { GUARD_PACKAGE: tarball }, ws.dir);
    const copy = path.join(root, "copy.tgz");
    fs.copyFileSync(tarball, copy);
    expect(cacheKey(checkout, { GUARD_PACKAGE: copy }, ws.dir)).toBe(ofTarball);
    expect(cacheKey(checkout, { GUARD_PACKAGE: "expressroute-m365-guard@0.1.0" }, ws.dir)).not.toBe(
      cacheKey(checkout, { GUARD_PACKAGE: "expressroute-m365-guard@0.1.1" }, ws.dir),
    );
  },
  20 * 60_000,
);
