/**
 * The package as people install it: `npm pack` of this repository, `npm install <tarball>` in a fresh directory
 * outside it, then the installed pack guards example programs through the real Pulumi CLI
 * (`pulumi preview --policy-pack node_modules/expressroute-m365-guard/policies`) and the installed command scans
 * a stack export (`npx expressroute-m365-guard scan`). See harness.ts for what is real and what is a stand-in
 * (the providers the programs use).
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { assertBuilt } from "../cli/run-cli";
import {
  type Cli,
  EXAMPLES_DIR,
  type Finding,
  REPO,
  Workspace,
  ensureCli,
  explain,
  packConfigOf,
  runCommand,
  scratchRoot,
  sortedKeys,
  textPolicyLines,
} from "../../harness/pulumi-cli";
import { commandsOf, documentedBlock, runDocumented } from "./documented";
import { PACKAGE_NAME as NAME, PACKAGE_VERSION as VERSION, TOOL_PATH, type Tarball, npmInstall, packTarball, sh } from "./package";

let cli: Cli;
let root: string;
let tarball: Tarball;
/** The fresh project the tarball is installed into. */
let project: string;
let installedPack: string;

beforeAll(async () => {
  assertBuilt();
  cli = await ensureCli();
  root = scratchRoot("package-install");
  tarball = await packTarball(root);
  // Outside the repository (the scratch root is in the system's temporary directory), so that nothing can be
  // found in the repository's node_modules.
  project = path.join(root, "platform-tools");
  expect(path.relative(REPO, project).startsWith("..")).toBe(true);
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "platform-tools", private: true }));
  await npmInstall(project, tarball.file);
  installedPack = path.join(project, "node_modules", NAME, "policies");
}, 20 * 60_000);

afterAll(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

test("the tarball holds the compiled pack and command, the pack's metadata and the licence, and no sources or tests", () => {
  for (const file of [
    "LICENSE",
    "README.md",
    "package.json",
    "bin/expressroute-m365-guard.js",
    "dist/src/cli/main.js",
    "dist/policies/index.js",
    "policies/PulumiPolicy.yaml",
    "policies/package.json",
    "policies/README.md",
    // The pack assembled for `pulumi policy publish` (test/e2e/policy-publish.test.ts publishes it).
    "dist/policy-pack/PulumiPolicy.yaml",
    "dist/policy-pack/README.md",
    "dist/policy-pack/LICENSE",
    "dist/policy-pack/package.json",
    "dist/policy-pack/policies/index.js",
    // Types for the composable export (expressRouteM365Guard), the package's main.
    "dist/policies/binding.d.ts",
  ]) {
    expect(tarball.files).toContain(file);
  }
  const unwanted = tarball.files.filter((f) => /^(test|examples|demo|bench|tools|scripts)\//.test(f) || /(?<!\.d)\.ts$|\.map$/.test(f));
  expect(unwanted).toEqual([]);
});

test("a team's own pack can take the policies from the installed package by its name", () => {
  const script =
    "const { expressRouteM365Guard } = require('expressroute-m365-guard'); " +
    "process.stdout.write(JSON.stringify(expressRouteM365Guard().map((p) => p.name)));";
  const names = JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: project, encoding: "utf8" }));
  expect(names).toContain("m365-advertisement-requires-exception");
  expect(names).toHaveLength(5);
});

test("installing it brings the policy runtime but not the Azure provider SDKs", () => {
  const installed = (pkg: string) => fs.existsSync(path.join(project, "node_modules", pkg, "package.json"));
  expect({ policy: installed("@pulumi/policy"), pulumi: installed("@pulumi/pulumi") }).toEqual({ policy: true, pulumi: true });
  expect({ azureNative: installed("@pulumi/azure-native"), azure: installed("@pulumi/azure") }).toEqual({
    azureNative: false,
    azure: false,
  });
});

test("the package, the pack and the command carry one version", async () => {
  const manifest = (file: string) => JSON.parse(fs.readFileSync(file, "utf8"));
  expect(manifest(path.join(project, "node_modules", NAME, "package.json")).version).toBe(VERSION);
  expect(manifest(path.join(installedPack, "package.json")).version).toBe(VERSION);
  const version = await sh("npx", ["--no", "--", NAME, "--version"], project);
  explain(version, () => expect(version.stdout.trim()).toBe(VERSION), undefined, NAME);
});

interface Expected {
  readonly blocked: boolean;
  readonly violations: Finding[];
}

/** A program that must be blocked and one that passes with its exception on record. */
test.each(["m365-without-exception", "m365-with-exception"])(
  "%s: the installed pack guards the program through the real Pulumi CLI",
  async (example) => {
    const expected: Expected = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, example, "expected.json"), "utf8"));
    const ws = await Workspace.create(cli, root, example, example);
    const config = packConfigOf(example);
    const preview = await ws.pulumi([
      "preview",
      "--color",
      "never",
      "--policy-pack",
      installedPack,
      ...(config ? ["--policy-pack-config", config] : []),
    ]);
    explain(preview, () => {
      expect(preview.code !== 0).toBe(expected.blocked);
      expect(sortedKeys(textPolicyLines(preview.stdout))).toEqual(sortedKeys(expected.violations));
      // The engine names the pack as its runtime reports it: the installed package's name and version.
      expect(preview.stdout).toContain(`${NAME}@v${VERSION}`);
    });
  },
  10 * 60_000,
);

/** Older than the package's own @pulumi/pulumi, so that npm gives the package a copy of its own. */
const PROGRAM_PULUMI = "3.250.0";

test(
  "installed into the program's own project, beside an older @pulumi/pulumi, the pack guards the program",
  async () => {
    const example = "m365-without-exception";
    const ws = await Workspace.create(cli, root, "program-project", example);
    // The program's dependencies from the registry instead of the repository's node_modules, and the package beside them.
    fs.rmSync(path.join(ws.dir, "node_modules"));
    const azureNative = JSON.parse(
      fs.readFileSync(path.join(REPO, "node_modules", "@pulumi", "azure-native", "package.json"), "utf8"),
    ).version;
    await npmInstall(ws.dir, `@pulumi/azure-native@${azureNative}`, `@pulumi/pulumi@${PROGRAM_PULUMI}`, tarball.file);
    const versionIn = (...dirs: string[]) =>
      JSON.parse(fs.readFileSync(path.join(ws.dir, ...dirs, "@pulumi", "pulumi", "package.json"), "utf8")).version;
    const own = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")).dependencies["@pulumi/pulumi"];
    expect([versionIn("node_modules"), versionIn("node_modules", NAME, "node_modules")]).toEqual([PROGRAM_PULUMI, own]);

    const pack = path.join("node_modules", NAME, "policies");
    const blocked = await ws.pulumi(["preview", "--color", "never", "--policy-pack", pack]);
    const covered = await ws.pulumi([
      "preview",
      "--color",
      "never",
      "--policy-pack",
      pack,
      "--policy-pack-config",
      packConfigOf("m365-with-exception")!,
    ]);
    explain(blocked, () => {
      expect(blocked.code).not.toBe(0);
      expect(sortedKeys(textPolicyLines(blocked.stdout))).toEqual([
        { policy: "m365-advertisement-requires-exception", enforcementLevel: "mandatory", resource: "rf-m365" },
      ]);
    });
    explain(covered, () => {
      expect(covered.code).toBe(0);
      expect(textPolicyLines(covered.stdout)).toEqual([]);
    });
  },
  10 * 60_000,
);

test(
  "the installed command scans a stack export, with the findings of the repository's command",
  async () => {
    const example = "m365-without-exception";
    const ws = await Workspace.create(cli, root, "scanned", example);
    const deploy = await ws.deploy();
    explain(deploy, () => expect(deploy.code).toBe(0));
    const state = path.join(root, "scanned-state.json");
    const exported = await ws.exportStack(state);
    explain(exported, () => expect(exported.code).toBe(0));

    const scan = await sh("npx", ["--no", "--", NAME, "scan", state, "--format", "json"], project);
    const fromRepository = await runCommand(["scan", state, "--format", "json"], root);
    explain(
      scan,
      () => {
        expect(scan.code).toBe(1);
        const findings = JSON.parse(scan.stdout).findings;
        const expected: Expected = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, example, "expected.json"), "utf8"));
        const keys = findings.map((f: any) => ({
          policy: f.policy,
          enforcementLevel: f.enforcementLevel,
          resource: f.urn?.split("::").pop() ?? null,
        }));
        expect(sortedKeys(keys)).toEqual(sortedKeys(expected.violations));
        expect(findings).toEqual(JSON.parse(fromRepository.stdout).findings);
      },
      undefined,
      NAME,
    );
  },
  10 * 60_000,
);

/** Each command of a documented shell block, run as written, one after the other. */
async function runAll(commands: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const results = [];
  for (const command of commands) results.push(await runDocumented(command, cwd, env));
  return results;
}

test(
  "the README's quick start and CI commands, as written, in a Pulumi project of its own",
  async () => {
    const [build, install, preview, check, ...rest] = commandsOf(documentedBlock("README.md", "quick-start"));
    expect(rest).toEqual([]);
    // The build in a checkout is `npm pack` of this repository (done above, without `npm ci`, which would
    // replace the repository's node_modules); the tarball goes where the next line looks for it.
    expect(build).toBe("npm ci && npm pack");
    const ws = await Workspace.create(cli, root, "quick-start", "m365-without-exception");
    const checkout = path.resolve(ws.dir, "..", NAME);
    fs.mkdirSync(checkout);
    fs.copyFileSync(tarball.file, path.join(checkout, path.basename(tarball.file)));
    // The program's own dependencies, as a project has them, instead of the repository's node_modules.
    fs.rmSync(path.join(ws.dir, "node_modules"));
    const azureNative = JSON.parse(
      fs.readFileSync(path.join(REPO, "node_modules", "@pulumi", "azure-native", "package.json"), "utf8"),
    ).version;
    await npmInstall(ws.dir, `@pulumi/azure-native@${azureNative}`);
    const register = documentedBlock("README.md", "policy-config.json");
    fs.writeFileSync(path.join(ws.dir, "policy-config.json"), register);
    const env = { ...ws.environment(), PATH: [TOOL_PATH, ws.environment().PATH].join(path.delimiter) };

    const [installed, previewed, checked] = await runAll([install, preview, check], ws.dir, env);
    const expires: string = JSON.parse(register)["m365-advertisement-requires-exception"].exceptions[0].expires;
    const inForce = new Date().toISOString().slice(0, 10) <= expires;
    for (const result of [installed, previewed, checked]) {
      explain(result, () => {
        // The register's one entry covers the example's route filter until it expires.
        expect({ command: result.command, code: result.code }).toEqual({
          command: result.command,
          code: result === installed || inForce ? 0 : 1,
        });
      });
    }
    expect(previewed.stdout).toContain(`${NAME}@v${VERSION}`);
    expect(fs.readdirSync(path.join(ws.dir, "node_modules", NAME, "policies"))).toContain("PulumiPolicy.yaml");

    // The CI block: the register, the preview summary, SARIF at the program line.
    const ci = await runAll(commandsOf(documentedBlock("README.md", "ci")), ws.dir, env);
    for (const result of ci)
      explain(result, () =>
        expect({ command: result.command, code: result.code }).toEqual({ command: result.command, code: inForce ? 0 : 1 }),
      );
    const sarif = JSON.parse(fs.readFileSync(path.join(ws.dir, "guard.sarif"), "utf8"));
    const declared =
      fs
        .readFileSync(path.join(ws.dir, "index.ts"), "utf8")
        .split("\n")
        .findIndex((l) => l.includes('new network.RouteFilter("rf-m365"')) + 1;
    const filter = sarif.runs[0].results.find((r: any) => r.ruleId === "m365-advertisement-requires-exception");
    expect(filter.locations[0].physicalLocation).toMatchObject({ artifactLocation: { uri: "index.ts" }, region: { startLine: declared } });
  },
  15 * 60_000,
);

// js-yaml comes with jest; it has no types of its own here.
const yaml: { load(text: string): unknown } = require("js-yaml");

/**
 * docs/ci/azure-pipelines.yml run locally: its script steps as written, in order, with the pipeline's `$(macro)`
 * variables filled in and `##vso[task.setvariable]` honoured, in a workspace holding the tarball where the
 * pipeline's guardPackage names it. Not run: the steps that install the program's dependencies and the Pulumi
 * CLI (the workspace has both) and the tasks (checkout, Node.js, cache, test publishing), whose inputs are checked.
 */
test(
  "the Azure Pipelines recipe, as written: install from the tarball, register, preview summary, findings at the program line",
  async () => {
    const pipeline = yaml.load(fs.readFileSync(path.join(REPO, "docs", "ci", "azure-pipelines.yml"), "utf8")) as any;
    const ws = await Workspace.create(cli, root, "azure", "m365-without-exception");
    const agent = path.join(root, "azure-agent");
    const variables: Record<string, string> = {
      "Pipeline.Workspace": path.join(agent, "work"),
      "Common.TestResultsDirectory": path.join(agent, "results"),
      "Agent.OS": "Linux",
    };
    for (const v of pipeline.variables) if (v.name) variables[v.name] = v.value;
    // The stack of the workspace, instead of the recipe's example stack.
    variables.stack = "e2e";
    const expand = (text: string): string =>
      text.replace(/\$\(([\w.]+)\)/g, (whole, name: string) => (name in variables ? expand(variables[name]) : whole));
    fs.mkdirSync(path.join(ws.dir, path.dirname(variables.guardPackage)), { recursive: true });
    fs.copyFileSync(tarball.file, path.join(ws.dir, variables.guardPackage));
    fs.writeFileSync(
      path.join(ws.dir, variables.policyConfig),
      JSON.stringify({ "m365-advertisement-requires-exception": { exceptions: [] } }),
    );
    const env = { ...ws.environment(), PATH: [TOOL_PATH, ws.environment().PATH].join(path.delimiter) };

    const skipped = /Pulumi program's dependencies|Install the Pulumi CLI/;
    const ran: string[] = [];
    let scanLog = "";
    for (const step of pipeline.steps) {
      if (step.script === undefined || skipped.test(step.displayName) || step.condition?.includes("exceptionsExitCode")) continue;
      const result = await runDocumented(expand(step.script), ws.dir, env);
      explain(
        result,
        () => expect({ step: step.displayName, code: result.code }).toEqual({ step: step.displayName, code: 0 }),
        undefined,
        step.displayName,
      );
      for (const m of result.stdout.matchAll(/^##vso\[task\.setvariable variable=(\w+)\](.*)$/gm)) variables[m[1]] = m[2];
      ran.push(step.displayName);
      scanLog = result.stdout;
    }
    expect(ran).toEqual([
      "Install the policy pack and its command",
      "Check the exception register",
      "Preview with the policy pack",
      "Scan the preview (text in the log, JUnit for the test results)",
    ]);
    expect({ exceptions: variables.exceptionsExitCode, previewFailed: variables.previewExitCode !== "0" }).toEqual({
      exceptions: "0",
      previewFailed: true,
    });

    const cache = pipeline.steps.find((s: any) => s.task === "Cache@2");
    expect(expand(cache.inputs.path)).toBe(path.join(variables["Pipeline.Workspace"], NAME));
    const publish = pipeline.steps.find((s: any) => s.task === "PublishTestResults@2");
    const junit = fs.readFileSync(path.join(expand(publish.inputs.searchFolder), publish.inputs.testResultsFiles), "utf8");
    const declared =
      fs
        .readFileSync(path.join(ws.dir, "index.ts"), "utf8")
        .split("\n")
        .findIndex((l) => l.includes('new network.RouteFilter("rf-m365"')) + 1;
    expect(junit).toMatch(/<testcase classname="m365-advertisement-requires-exception" name="[^"]*::rf-m365" time="0">\n\s*<failure/);
    // The scan step's text report (the last step run) points at the program line: the preview summary has it.
    expect(scanLog).toContain(`at index.ts:${declared}:`);
  },
  15 * 60_000,
);
