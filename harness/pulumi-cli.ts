/**
 * End-to-end harness: the REAL Pulumi CLI and engine with Pulumi's own Node.js and YAML language hosts (all
 * from scripts/ensure-pulumi.sh), the real @pulumi/pulumi program runtime and the real @pulumi/policy runtime
 * running this repository's pack. Only the azure-native/azure providers are STAND-INs (test/e2e/providers): the
 * real ones cannot be had offline and call Azure.
 *
 * Every run is hermetic: its own copy of the program, file backend, PULUMI_HOME and no plugin downloads.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "./policy-runtime";

/** Found from here whether this file runs as TypeScript (jest) or compiled under dist/ (the bench's preview). */
export const REPO = REPO_ROOT;
export const PACK_DIR = path.join(REPO, "policies");
export const EXAMPLES_DIR = path.join(REPO, "examples");
const PROVIDERS_DIR = path.join(REPO, "test", "e2e", "providers");
const NODE_BIN = path.join(REPO, "node_modules", ".bin");
/** The built command, run through its bin shim as a user runs it (`npm run build` first; the suites check). */
const COMMAND_BIN = path.join(REPO, "bin", "expressroute-m365-guard.js");

/** How many programs a suite runs through Pulumi at once. */
export const PARALLEL_RUNS = Math.max(2, os.cpus().length);

/** Every directory of examples/ with an expected.json, sorted. */
export const EXAMPLES: readonly string[] = fs
  .readdirSync(EXAMPLES_DIR, { withFileTypes: true })
  .filter((e) => e.isDirectory() && fs.existsSync(path.join(EXAMPLES_DIR, e.name, "expected.json")))
  .map((e) => e.name)
  .sort();

/** examples/<name>/policy-config.json, the file its previews give `--policy-pack-config`, if it has one. */
export function packConfigOf(example: string): string | undefined {
  const file = path.join(EXAMPLES_DIR, example, "policy-config.json");
  return fs.existsSync(file) ? file : undefined;
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

export interface Cli {
  readonly dir: string;
  /** `pulumi version`, e.g. v3.274.1. */
  readonly version: string;
  /** Each language host beside the CLI, by binary name, with the version it reports to the engine. */
  readonly languageHosts: Readonly<Record<string, string>>;
}

const LANGUAGE_HOSTS = ["pulumi-language-nodejs", "pulumi-language-yaml"];

/** The CLI directory from scripts/ensure-pulumi.sh; its failure fails the suite with the script's own message. */
export async function ensureCli(): Promise<Cli> {
  const script = path.join(REPO, "scripts", "ensure-pulumi.sh");
  const result = await run("bash", [script], { cwd: REPO, env: process.env });
  const dir = result.stdout.trim();
  if (result.code !== 0 || !dir) {
    throw new Error(`scripts/ensure-pulumi.sh failed (exit ${result.code}):\n${result.stderr}`);
  }
  const env = { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" };
  const version = await run(path.join(dir, "pulumi"), ["version"], { cwd: REPO, env });
  // Read from the binaries themselves, the way the engine asks them (tools/pulumi-cli/plugin-version.js).
  const hosts = LANGUAGE_HOSTS.map((name) => path.join(dir, name));
  const asked = await run(process.execPath, [path.join(REPO, "tools", "pulumi-cli", "plugin-version.js"), ...hosts], { cwd: REPO, env });
  if (version.code !== 0 || asked.code !== 0) {
    throw new Error(`cannot read the versions of pulumi and its language hosts in ${dir}:\n${version.stderr}${asked.stderr}`);
  }
  const languageHosts = Object.fromEntries(
    asked.stdout
      .trim()
      .split("\n")
      .map((line) => line.split(" ", 2)),
  );
  return { dir, version: version.stdout.trim(), languageHosts };
}

/** What a suite runs on, for the top of its output. */
export function cliBanner(cli: Cli): string {
  const hosts = Object.entries(cli.languageHosts).map(([name, version]) => `${name} ${version}`);
  return (
    `e2e: pulumi ${cli.version} (REAL CLI, ${cli.dir})\n` +
    `     language hosts: ${hosts.join(", ")} (REAL, Pulumi's own, beside the CLI)\n` +
    `     providers: STAND-INs from test/e2e/providers (no Azure calls)`
  );
}

/** The Pulumi.yaml `plugins` section that loads the stand-in providers, pinned to the installed SDKs' versions. */
export function standInPluginsYaml(): string {
  const entries = ["azure-native", "azure"].map((pkg) => {
    const version = JSON.parse(fs.readFileSync(path.join(REPO, "node_modules", "@pulumi", pkg, "package.json"), "utf8")).version;
    return `    - name: ${pkg}\n      path: ${path.join(PROVIDERS_DIR, pkg)}\n      version: ${version}\n`;
  });
  return `plugins:\n  providers:\n${entries.join("")}`;
}

/** The stack every workspace creates. */
export const STACK = "e2e";

/** One hermetic copy of a program with its own stack. */
export class Workspace {
  private constructor(
    readonly dir: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly cli: Cli,
  ) {}

  /**
   * Copies examples/<example>/index.ts into <root>/<label>, writes Pulumi.yaml (the example's plus the stand-in
   * providers) and a package.json, links the repository's node_modules and creates the stack STACK.
   */
  static async create(cli: Cli, root: string, label: string, example: string): Promise<Workspace> {
    const source = path.join(EXAMPLES_DIR, example);
    const projectYaml = fs.readFileSync(path.join(source, "Pulumi.yaml"), "utf8");
    if (/^plugins:/m.test(projectYaml)) throw new Error(`${example}/Pulumi.yaml has its own plugins section`);
    return Workspace.ofProgram(cli, root, label, { projectYaml, indexTs: path.join(source, "index.ts") });
  }

  /**
   * As `create`, for any one-file program: `projectYaml` is its Pulumi.yaml without a plugins section (the
   * stand-ins' is added), `indexTs` the program.
   */
  static async ofProgram(cli: Cli, root: string, label: string, source: { projectYaml: string; indexTs: string }): Promise<Workspace> {
    const dir = path.join(root, label);
    const program = path.join(dir, "program");
    fs.mkdirSync(program, { recursive: true });
    for (const sub of ["state", "home"]) fs.mkdirSync(path.join(dir, sub));

    const project = /^name:\s*(\S+)/m.exec(source.projectYaml)?.[1] ?? path.basename(path.dirname(source.indexTs));
    fs.writeFileSync(path.join(program, "Pulumi.yaml"), `${source.projectYaml.trimEnd()}\n${standInPluginsYaml()}`);
    fs.writeFileSync(path.join(program, "package.json"), JSON.stringify({ name: project, private: true }));
    fs.copyFileSync(source.indexTs, path.join(program, "index.ts"));
    fs.symlinkSync(path.join(REPO, "node_modules"), path.join(program, "node_modules"), "dir");

    // Nothing from the caller's Pulumi setup (tokens, backends, passphrase files) may leak in.
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("PULUMI_")));
    const env: NodeJS.ProcessEnv = {
      ...inherited,
      PATH: [NODE_BIN, cli.dir, process.env.PATH].join(path.delimiter),
      PULUMI_BACKEND_URL: `file://${path.join(dir, "state")}`,
      PULUMI_CONFIG_PASSPHRASE: "",
      PULUMI_HOME: path.join(dir, "home"),
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      // Providers only from Pulumi.yaml, never from PATH.
      PULUMI_IGNORE_AMBIENT_PLUGINS: "true",
      // The examples are type-checked once by tsc (see the suite); ts-node only transpiles, into a cache of this run.
      PULUMI_NODEJS_TRANSPILE_ONLY: "true",
      TS_NODE_CACHE_DIRECTORY: path.join(root, "ts-node-cache"),
    };
    const ws = new Workspace(program, env, cli);
    const init = await ws.pulumi(["stack", "init", STACK]);
    if (init.code !== 0) throw new Error(`pulumi stack init failed:\n${init.stdout}\n${init.stderr}`);
    return ws;
  }

  /** The environment its `pulumi` runs in (the CLI on PATH, the stack's backend), for scripts that run `pulumi` themselves. */
  environment(): NodeJS.ProcessEnv {
    return { ...this.env };
  }

  pulumi(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<RunResult> {
    return run(path.join(this.cli.dir, "pulumi"), [...args, "--non-interactive"], {
      cwd: this.dir,
      env: { ...this.env, ...extraEnv },
    });
  }

  /** `pulumi up --yes --skip-preview` WITHOUT the pack: the stand-in providers create every resource. */
  deploy(): Promise<RunResult> {
    return this.pulumi(["up", "--yes", "--skip-preview", "--color", "never"]);
  }

  /** `deploy()`, then its export into `file` when it succeeded (else `exported` is the failed deploy). */
  async deployAndExport(file: string): Promise<{ deploy: RunResult; exported: RunResult }> {
    const deploy = await this.deploy();
    return { deploy, exported: deploy.code === 0 ? await this.exportStack(file) : deploy };
  }

  /** `pulumi stack export --file <file>`. */
  exportStack(file: string): Promise<RunResult> {
    return this.pulumi(["stack", "export", "--file", file]);
  }

  /** `pulumi preview` with the pack, as text. */
  previewText(packConfig?: string): Promise<RunResult> {
    return this.pulumi(["preview", "--color", "never", ...packArgs(packConfig)]);
  }

  /** `pulumi preview --json` with streaming engine events, one JSON object per line. */
  previewJson(packConfig?: string): Promise<RunResult> {
    return this.pulumi(["preview", "--json", ...packArgs(packConfig)], { PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true" });
  }

  /** `pulumi policy analyze --json` with the pack, of the deployed stack or of a `pulumi stack export` file. */
  analyze(source: { readonly stack: string } | { readonly file: string }, packConfig?: string): Promise<RunResult> {
    const what = "file" in source ? ["--file", source.file] : ["--stack", source.stack];
    return this.pulumi(["policy", "analyze", ...what, "--json", ...packArgs(packConfig)]);
  }
}

function packArgs(packConfig?: string): string[] {
  return ["--policy-pack", PACK_DIR, ...(packConfig ? ["--policy-pack-config", packConfig] : [])];
}

/** A policy finding, keyed as in examples/<name>/expected.json. */
export interface Finding {
  readonly policy: string;
  readonly enforcementLevel: string;
  /** Logical name; null for a finding on the stack rather than on a resource. */
  readonly resource: string | null;
}

/** `urn:pulumi:stack::project::type::name` -> name, or null for the stack itself (or no URN). */
function resourceOfUrn(urn: string | undefined): string | null {
  if (!urn) return null;
  const parts = urn.split("::");
  return parts[2] === "pulumi:pulumi:Stack" ? null : parts[parts.length - 1];
}

/**
 * The per-policy lines of the text output's "Policies:" section, e.g.
 * `- [mandatory] [severity: critical]  m365-advertisement-requires-exception  (azure-native:network:RouteFilter: rf-m365)`.
 * Remediations are summarised there as `- [remediate]  <policy>  (1 resource)`.
 */
export function textPolicyLines(stdout: string): Array<Finding & { readonly line: string }> {
  const out: Array<Finding & { line: string }> = [];
  for (const line of stdout.split("\n")) {
    const m = /^\s*- \[(\w+)\](?: \[severity: \w+\])?\s+(\S+)\s+\((.+)\)\s*$/.exec(line);
    if (!m) continue;
    const [, enforcementLevel, policy, target] = m;
    const typed = /^(\S+): (.+)$/.exec(target);
    const resource = typed && typed[1] !== "pulumi:pulumi:Stack" ? typed[2] : null;
    out.push({ policy, enforcementLevel, resource, line: line.trim() });
  }
  return out;
}

export type EngineEvent = Record<string, any>;

export function jsonEvents(stdout: string): EngineEvent[] {
  return stdout
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as EngineEvent);
}

/** `urn`: the resource's full URN as the engine reports it, null when the event names none. */
export function policyEvents(events: EngineEvent[]): Array<Finding & { readonly urn: string | null; readonly message: string }> {
  return events
    .filter((e) => e.policyEvent)
    .map(({ policyEvent: p }) => ({
      policy: p.policyName,
      enforcementLevel: p.enforcementLevel,
      resource: resourceOfUrn(p.resourceUrn),
      urn: p.resourceUrn || null,
      message: p.message,
    }));
}

export function remediationEvents(events: EngineEvent[]): Array<{ policy: string; resource: string | null; before: any; after: any }> {
  return events
    .filter((e) => e.policyRemediationEvent)
    .map(({ policyRemediationEvent: r }) => ({
      policy: r.policyName,
      resource: resourceOfUrn(r.resourceUrn),
      before: r.before,
      after: r.after,
    }));
}

/** The communities a route filter's inputs or outputs allow: azure-native `rules`, or the classic provider's `rule`. */
export function communitiesOf(props: any): string[] {
  const rules = Array.isArray(props?.rules) ? props.rules : props?.rule ? [props.rule] : [];
  return rules.flatMap((rule: any) => rule.communities ?? []);
}

/** Error diagnostics of the JSON output (the engine's and the CLI's). */
export function errorDiagnostics(events: EngineEvent[]): string[] {
  return events.filter((e) => e.diagnosticEvent?.severity === "error").map((e) => e.diagnosticEvent.message);
}

const keyOf = ({ policy, enforcementLevel, resource }: Finding): Finding => ({ policy, enforcementLevel, resource });

export function sortedKeys(findings: Finding[]): Finding[] {
  return findings.map(keyOf).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

/** `expressroute-m365-guard <args>` (the built command, in a child Node.js process). */
export function runCommand(args: string[], cwd: string): Promise<RunResult> {
  return run(process.execPath, [COMMAND_BIN, ...args], { cwd, env: process.env });
}

/** `expressroute-m365-guard scan <file> [--config <config>] --format json`, as the suites compare it with the pack. */
export function scanJson(file: string, config: string | undefined, cwd: string): Promise<RunResult> {
  return runCommand(["scan", file, ...(config ? ["--config", config] : []), "--format", "json"], cwd);
}

/** On failure, show what a command printed (`shown` trims what is too long to read). */
export function explain(result: RunResult, check: () => void, shown: (stdout: string) => string = (s) => s, what = "pulumi"): void {
  try {
    check();
  } catch (e) {
    (e as Error).message += `\n--- ${what} exit ${result.code}, stdout ---\n${shown(result.stdout)}\n--- stderr ---\n${result.stderr}`;
    throw e;
  }
}

/** The JSON events worth reading on a failure: policy findings and remediations, errors. */
export function policyAndErrorEvents(stdout: string): string {
  const wanted = (e: EngineEvent) => e.policyEvent || e.policyRemediationEvent || e.diagnosticEvent?.severity === "error";
  return jsonEvents(stdout)
    .filter(wanted)
    .map((e) => JSON.stringify(e))
    .join("\n");
}

/** A scratch root for one suite; removed by the caller. */
export function scratchRoot(suite: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `expressroute-e2e-${suite}-`));
}

/** Runs `tasks` with at most `limit` at a time; each task's own promise is returned immediately. */
export function pool<T>(limit: number, tasks: Array<() => Promise<T>>): Array<Promise<T>> {
  let next = 0;
  const results = tasks.map(() => {
    let settle!: { resolve: (v: T) => void; reject: (e: unknown) => void };
    const promise = new Promise<T>((resolve, reject) => (settle = { resolve, reject }));
    return { promise, settle };
  });
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      await tasks[i]().then(results[i].settle.resolve, results[i].settle.reject);
    }
  };
  for (let w = 0; w < Math.min(limit, tasks.length); w++) void worker();
  // A failure is reported by the test that awaits it, which may start later: do not let Node call it unhandled.
  for (const r of results) r.promise.catch(() => undefined);
  return results.map((r) => r.promise);
}

/**
 * One suite's run of each of `examples`: `start` (in beforeAll) makes sure of the CLI, prints its banner
 * and runs `work` on a fresh workspace of each example, PARALLEL_RUNS at a time, in a scratch root; a test
 * awaits its example's outcome; `cleanUp` (in afterAll) waits for every run, so that no process still
 * writes into the root, and removes it.
 */
export class ExampleRuns<T> {
  private readonly outcomes = new Map<string, Promise<T>>();
  private root?: string;

  constructor(
    private readonly suite: string,
    private readonly examples: readonly string[],
    private readonly work: (ws: Workspace, config: string | undefined) => Promise<T>,
  ) {}

  async start(): Promise<void> {
    const cli = await ensureCli();
    console.log(cliBanner(cli));
    const root = (this.root = scratchRoot(this.suite));
    const runs = pool(
      PARALLEL_RUNS,
      this.examples.map((name) => async () => this.work(await Workspace.create(cli, root, name, name), packConfigOf(name))),
    );
    this.examples.forEach((name, i) => this.outcomes.set(name, runs[i]));
  }

  outcome(example: string): Promise<T> {
    const outcome = this.outcomes.get(example);
    if (!outcome) throw new Error(`${this.suite}: example ${example} was not run`);
    return outcome;
  }

  async cleanUp(): Promise<void> {
    await Promise.allSettled(this.outcomes.values());
    if (this.root) fs.rmSync(this.root, { recursive: true, force: true });
  }
}
