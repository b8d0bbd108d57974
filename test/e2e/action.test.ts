/**
 * The GitHub Action (action.yml) run locally: its `run` steps, exactly as written there, in bash as a runner runs
 * a composite step (`bash --noprofile --norc -eo pipefail`), with their `${{ inputs.* }}` and
 * `${{ steps.*.outputs.* }}` expressions filled in, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, and the package
 * installed from the tarball `npm pack` makes. The preview is the real Pulumi CLI on example programs (see
 * harness.ts for the stand-in providers). Steps that use other actions (setup-node, upload-sarif) cannot run
 * here: their conditions and inputs are evaluated and checked instead.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { assertBuilt } from "../cli/run-cli";
import { Cli, REPO, Workspace, ensureCli, packConfigOf, scratchRoot } from "../../harness/pulumi-cli";
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
    const child = spawn("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    child.stdout.on("data", (d) => (log += d));
    child.stderr.on("data", (d) => (log += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, log }));
  });
}

/** Runs the action's steps as a runner would, stopping after a failed step (none is marked to run after failure). */
async function runAction(given: Record<string, string>, workspace: string, env: NodeJS.ProcessEnv, scratch: string): Promise<ActionRun> {
  expect(ACTION.runs.using).toBe("composite");
  const inputs = Object.fromEntries(Object.entries(ACTION.inputs).map(([name, spec]) => [name, given[name] ?? spec.default ?? ""]));
  for (const name of Object.keys(given)) expect(Object.keys(ACTION.inputs)).toContain(name);
  const ctx: Context = { inputs, steps: {} };
  const runnerTemp = fs.mkdtempSync(path.join(scratch, "runner-temp-"));
  const summaryFile = path.join(runnerTemp, "step-summary.md");
  fs.writeFileSync(summaryFile, "");
  const steps: StepResult[] = [];

  for (const [index, step] of ACTION.runs.steps.entries()) {
    if (step.uses) {
      const withInputs = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, expand(String(v), ctx)]));
      steps.push({ name: step.name, log: "", wouldRun: condition(step.if, ctx), with: withInputs });
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
      GITHUB_ACTION_PATH: REPO,
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      RUNNER_TEMP: runnerTemp,
    });
    if (step.id) ctx.steps[step.id] = parseOutputs(fs.readFileSync(outputFile, "utf8"));
    steps.push({ name: step.name, code, log });
    if (code !== 0) break;
  }
  const outputs = Object.fromEntries(Object.entries(ACTION.outputs).map(([name, spec]) => [name, expand(spec.value, ctx)]));
  return { steps, outputs, summary: fs.readFileSync(summaryFile, "utf8") };
}

function explainRun(run: ActionRun, check: () => void): void {
  try {
    check();
  } catch (e) {
    const logs = run.steps.map((s) => `--- step "${s.name}" ${s.code === undefined ? `(uses; would run: ${s.wouldRun})` : `exit ${s.code}`} ---\n${s.log}`);
    (e as Error).message += `\n${logs.join("\n")}\n--- outputs ---\n${JSON.stringify(run.outputs, null, 2)}\n--- summary ---\n${run.summary}`;
    throw e;
  }
}

const stepNamed = (run: ActionRun, name: RegExp) => run.steps.find((s) => name.test(s.name));
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

test("a program that allows Microsoft 365 without an exception: SARIF uploaded, summary written, the job fails", async () => {
  const { ws } = await workspaceOf("blocked", "m365-without-exception");
  const run = await runAction({ stack: "e2e", package: tarball }, ws.dir, ws.environment(), root);
  explainRun(run, () => {
    expect(run.steps.map((s) => s.code ?? "uses")).toEqual(["uses", 0, "uses", 1]);
    // The preview summary carries property dependencies: the peering is linked to the filter created with it, as
    // the pack inside the preview links it (the event stream could not: docs/cli.md).
    expect(run.outputs).toMatchObject({ blocked: "true", mandatory: "1", advisory: "0", "exceptions-exit-code": "" });
    expect(run.outputs["preview-exit-code"]).not.toBe("0");

    const sarifFile = run.outputs["sarif-file"];
    expect(sarifFile).toBe(path.join(ws.dir, "expressroute-m365-guard.sarif"));
    const results = JSON.parse(fs.readFileSync(sarifFile, "utf8")).runs[0].results;
    expect(results.map((r: any) => [r.ruleId, r.level])).toEqual([["m365-advertisement-requires-exception", "error"]]);
    // At the line of the program that declares the filter (the workspace is the repository: no .git above it).
    const declared = fs.readFileSync(path.join(ws.dir, "index.ts"), "utf8").split("\n").findIndex((l) => l.includes('new network.RouteFilter("rf-m365"')) + 1;
    expect(results[0].locations[0].physicalLocation).toEqual({ artifactLocation: { uri: "index.ts" }, region: { startLine: declared, startColumn: expect.any(Number) } });
    expect(stepNamed(run, /Check the register/)!.log).toMatch(new RegExp(`^::error file=index\\.ts,line=${declared},col=\\d+,title=m365-advertisement-requires-exception`, "m"));
    expect(stepNamed(run, UPLOAD)).toMatchObject({ wouldRun: true, with: { sarif_file: sarifFile } });

    expect(run.summary).toContain("pulumi preview of `e2e` with the policy pack");
    expect(run.summary).toContain("deployment blocked");
    expect(run.summary).toContain("rf-m365");
    expect(stepNamed(run, VERDICT)!.log).toContain("::error title=expressroute-m365-guard::1 mandatory finding(s)");
  });
}, 10 * 60_000);

test("the same program with its exception on record: the register is checked first, the job passes", async () => {
  const { ws, config } = await workspaceOf("covered", "m365-with-exception");
  const run = await runAction({ stack: "e2e", config: config!, package: tarball, "upload-sarif": "false" }, ws.dir, ws.environment(), root);
  explainRun(run, () => {
    expect(run.steps.map((s) => s.code ?? "uses")).toEqual(["uses", 0, "uses", 0]);
    expect(run.outputs).toMatchObject({ blocked: "false", mandatory: "0", "exceptions-exit-code": "0", "preview-exit-code": "0" });
    expect(stepNamed(run, UPLOAD)!.wouldRun).toBe(false);
    expect(run.summary.indexOf("Exception register `policy-config.json`")).toBeLessThan(run.summary.indexOf("pulumi preview of"));
    expect(run.summary).toContain("1 exception");
    // The covered filter is no finding; the summary names the exception that let it pass.
    expect(run.summary).toContain("no findings");
    expect(run.summary).toMatch(/rf-hub-m365 \(`index\.ts:\d+`\) allows 12076:5010, 12076:5100 under ER365-2025-004/);
    expect(run.outputs.advisory).toBe("0");
    expect(stepNamed(run, VERDICT)!.log).toContain("expressroute-m365-guard: passed");
  });
}, 10 * 60_000);

test("scanning a preview stream given as a file, with an expired exception: both the register and the finding fail the job", async () => {
  const example = "m365-expired-exception";
  const { ws, config } = await workspaceOf("expired", example);
  const preview = await ws.previewJson(path.join(ws.dir, config!));
  fs.writeFileSync(path.join(ws.dir, "preview.jsonl"), preview.stdout);
  const run = await runAction({ scan: "preview.jsonl\n", config: config!, package: tarball }, ws.dir, { ...process.env, PATH: TOOL_PATH }, root);
  explainRun(run, () => {
    expect(run.steps.map((s) => s.code ?? "uses")).toEqual(["uses", 0, "uses", 1]);
    // Advisory: the expired exception, and the unlinked peering (see the first test).
    expect(run.outputs).toMatchObject({ blocked: "true", mandatory: "1", advisory: "2", "exceptions-exit-code": "1", "preview-exit-code": "" });
    expect(run.summary).toContain("ER365-2023-011 expired on 2024-12-31");
    const verdict = stepNamed(run, VERDICT)!.log;
    expect(verdict).toContain("::error title=expressroute-m365-guard::the exception register policy-config.json needs action");
    expect(verdict).toContain("1 mandatory finding(s)");
  });
}, 10 * 60_000);

test("an invalid register stops the action before the preview, naming the config", async () => {
  const { ws } = await workspaceOf("invalid", "m365-without-exception");
  const invalid = { "m365-advertisement-requires-exception": { exceptions: [{ id: "ER365-2026-001", expires: "2027-02-30" }] } };
  fs.writeFileSync(path.join(ws.dir, "policy-config.json"), JSON.stringify(invalid));
  const run = await runAction({ stack: "e2e", config: "policy-config.json", package: tarball }, ws.dir, ws.environment(), root);
  explainRun(run, () => {
    expect(run.steps.map((s) => s.code ?? "uses")).toEqual(["uses", 2]);
    expect(run.outputs).toMatchObject({ "exceptions-exit-code": "2", "preview-exit-code": "", blocked: "" });
    expect(run.steps[1].log).toContain("::error title=expressroute-m365-guard::the policy pack config policy-config.json is invalid");
    expect(run.steps[1].log).toContain("ER365-2026-001");
    expect(run.summary).toContain("ER365-2026-001");
  });
}, 10 * 60_000);

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
    expect(run.steps[1].log).toContain(`::error title=expressroute-m365-guard::${message}`);
    expect(run.steps[1].log).not.toContain("Installing");
  });
});
