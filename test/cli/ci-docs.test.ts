/**
 * The CI examples in docs/ci must keep working as the tool changes: every expressroute-m365-guard command they
 * run exists with the options they pass, they install the package at this version, check the exception register before the preview and give Pulumi the installed pack. The GitHub
 * workflow runs the Action of this repository (action.yml; test/e2e/action.test.ts runs its steps).
 */
import * as fs from "fs";
import * as path from "path";
import { FORMAT_NAMES } from "../../src/cli/formats";
import { ROOT, runCli } from "./run-cli";

// js-yaml comes with jest; it has no types of its own here.
const yaml: { load(text: string): unknown } = require("js-yaml");

const NAME = "expressroute-m365-guard";
const VERSION: string = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version;
const GITHUB = "docs/ci/github-actions.yml";
const AZURE = "docs/ci/azure-pipelines.yml";
const DOCS = [GITHUB, AZURE];

const load = (doc: string) => yaml.load(fs.readFileSync(path.join(ROOT, doc), "utf8")) as Record<string, any>;

/** Every shell script in a workflow or pipeline: `run:` (GitHub) and `script:`/`bash:` (Azure) values. */
function scriptsOf(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(scriptsOf);
  if (typeof node !== "object" || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) =>
    ["run", "script", "bash"].includes(key) && typeof value === "string" ? [value] : scriptsOf(value),
  );
}

/** Shell words of each command: continuation lines joined, split at ;, &&, || and newlines, quotes dropped. */
function commandsOf(script: string): string[][] {
  return script
    .replace(/\\\n/g, " ")
    .split(/\n|;|&&|\|\|/)
    .map((c) => (c.match(/"[^"]*"|'[^']*'|\S+/g) ?? []).map((w) => w.replace(/^["']|["']$/g, "")))
    .filter((words) => words.length > 0);
}

/** The package spec `npx` runs (`npx ... -- expressroute-m365-guard`, `npx --yes expressroute-m365-guard@1.2.3`). */
const isGuard = (word: string) => word === NAME || word.startsWith(`${NAME}@`);

/**
 * The words after the command name, up to a redirection: `npx ... expressroute-m365-guard ARGS`, or `$GUARD ARGS`
 * where a GitHub step sets GUARD to the command the Action installed (its `command` output).
 */
function guardInvocation(words: string[]): string[] | undefined {
  const at = words[0] === "npx" ? words.findIndex(isGuard) : words[0] === "$GUARD" ? 0 : -1;
  if (at < 0) return undefined;
  const rest = words.slice(at + 1);
  const redirect = rest.findIndex((w) => w.startsWith(">"));
  return redirect < 0 ? rest : rest.slice(0, redirect);
}

/** Each report a scan writes: `--output FORMAT=FILE`, and the --format report to a bare --output FILE or else stdout. */
function reportsOf(args: string[]): { format: string; file: string }[] {
  const format = args.includes("--format") ? args[args.indexOf("--format") + 1] : "text";
  const outputs = args.flatMap((w, i) => (args[i - 1] === "--output" ? [w] : []));
  const named = outputs.map((o) => /^([a-z]+)=(.+)$/.exec(o)).filter((m): m is RegExpExecArray => m !== null);
  const bare = outputs.filter((o) => !/^[a-z]+=/.test(o));
  return [...named.map((m) => ({ format: m[1], file: m[2] })), { format, file: bare[0] ?? "(stdout)" }];
}

const commandsOfDoc = (doc: string) => scriptsOf(load(doc)).flatMap(commandsOf);
const guardOf = (doc: string) =>
  commandsOfDoc(doc)
    .map(guardInvocation)
    .filter((c): c is string[] => c !== undefined);

describe.each(DOCS)("%s", (doc) => {
  test("every expressroute-m365-guard command exists with the options it is given", () => {
    const guard = guardOf(doc);
    expect(guard.length).toBeGreaterThan(0);
    for (const args of guard) {
      const command = args[0] === "exceptions" ? args.slice(0, 2) : args.slice(0, 1);
      const help = runCli([...command, "--help"], ROOT);
      expect({ command, code: help.code }).toEqual({ command, code: 0 });
      for (const option of args.filter((w) => w.startsWith("--")))
        expect({ command, option, known: help.stdout.includes(option) }).toEqual({ command, option, known: true });
    }
  });

  test("the package it runs is this version, built from this repository rather than taken from a registry", () => {
    const text = fs.readFileSync(path.join(ROOT, doc), "utf8");
    // GitHub: the Action at this version's tag, which packs its own checkout; Azure: the tarball `npm pack` makes.
    const versions =
      doc === GITHUB
        ? [...text.matchAll(/uses: [\w-]+\/expressroute-m365-guard@v(\S+)/g)].map((m) => m[1])
        : [load(AZURE).variables.find((v: { name?: string }) => v.name === "guardPackage")?.value].map(
            (v) => /^\.\/.*\/expressroute-m365-guard-(\d+\.\d+\.\d+)\.tgz$/.exec(v)?.[1],
          );
    expect(versions.length).toBeGreaterThan(0);
    expect(new Set(versions)).toEqual(new Set([VERSION]));
    expect(
      commandsOfDoc(doc)
        .flat()
        .filter((w) => w.startsWith(`${NAME}@`)),
    ).toEqual([]);
  });
});

describe(GITHUB, () => {
  const workflow = load(GITHUB);
  const steps: Array<Record<string, any>> = workflow.jobs.preview.steps;
  const action = steps.find((s) => /\/expressroute-m365-guard@/.test(String(s.uses)));
  const declared = yaml.load(fs.readFileSync(path.join(ROOT, "action.yml"), "utf8")) as { inputs: Record<string, unknown> };

  test("the preview job runs this repository's Action, at this version's tag, after installing the Pulumi CLI", () => {
    expect(action).toBeDefined();
    expect(String(action!.uses).split("@")[1]).toBe(`v${VERSION}`);
    const cli = steps.findIndex((s) => String(s.uses).startsWith("pulumi/actions@"));
    expect(cli).toBeGreaterThanOrEqual(0);
    expect(cli).toBeLessThan(steps.indexOf(action!));
  });

  test("it gives the Action only inputs the Action declares, and the stack to preview", () => {
    for (const input of Object.keys(action!.with)) expect(Object.keys(declared.inputs)).toContain(input);
    expect(action!.with).toMatchObject({ stack: expect.any(String), config: expect.any(String) });
  });

  test("the job may upload SARIF to code scanning", () => {
    expect(workflow.jobs.preview.permissions["security-events"]).toBe("write");
  });

  test("the weekly job checks the register against the exported state, with the command the Action installed", () => {
    const steps: Array<Record<string, any>> = workflow.jobs.register.steps;
    const installed = steps.find((s) => /\/expressroute-m365-guard@/.test(String(s.uses)));
    const check = steps.find((s) => String(s.run).includes("exceptions check"));
    expect(check?.env?.GUARD).toBe(`\${{ steps.${installed?.id}.outputs.command }}`);
    for (const input of Object.keys(installed!.with)) expect(Object.keys(declared.inputs)).toContain(input);
    const commands = scriptsOf(workflow.jobs.register).flatMap(commandsOf);
    const exported = commands.findIndex((w) => w[0] === "pulumi" && w[1] === "stack" && w[2] === "export");
    const checked = commands.findIndex((w) => guardInvocation(w)?.slice(0, 2).join(" ") === "exceptions check");
    expect(exported).toBeGreaterThanOrEqual(0);
    expect(checked).toBeGreaterThan(exported);
    const args = guardInvocation(commands[checked])!;
    expect(args[args.indexOf("--state") + 1]).toBe(commands[exported][commands[exported].indexOf("--file") + 1]);
  });
});

test("the Action scans once, writing annotations, SARIF, JSON and Markdown in that run, in formats the tool writes", () => {
  const script = fs.readFileSync(path.join(ROOT, "scripts", "github-action.sh"), "utf8");
  const scans = commandsOf(script)
    .filter((w) => w[0] === "guard" && w[1] === "scan")
    .map((w) => w.slice(1));
  expect(scans).toHaveLength(1);
  const reports = reportsOf(scans[0]);
  for (const { format } of reports) expect(FORMAT_NAMES).toContain(format);
  expect(reports.map((r) => r.format).sort()).toEqual(["github", "json", "markdown", "sarif"]);
});

describe(AZURE, () => {
  const pipeline = load(AZURE);
  const commands = commandsOfDoc(AZURE);
  const install = commands.find((w) => w[0] === "npm" && w[1] === "install" && w.includes("$(guardPackage)"))!;
  const prefix = install?.[install.indexOf("--prefix") + 1];

  test("it installs the package under a prefix, and npx runs the command from there", () => {
    expect(prefix).toBeDefined();
    for (const words of commands.filter((w) => guardInvocation(w))) expect(words[words.indexOf("--prefix") + 1]).toBe(prefix);
  });

  test("the exception register is checked before the preview, which is given the installed pack and the same config", () => {
    const check = commands.findIndex((w) => guardInvocation(w)?.slice(0, 2).join(" ") === "exceptions check");
    const preview = commands.findIndex((w) => w[0] === "pulumi" && w[1] === "preview");
    expect(check).toBeGreaterThanOrEqual(0);
    expect(preview).toBeGreaterThan(check);
    const words = commands[preview];
    expect(words[words.indexOf("--policy-pack") + 1]).toBe(`${prefix}/node_modules/${NAME}/policies`);
    // The preview's summary (program lines), not the event stream.
    expect(words).toEqual(expect.arrayContaining(["--json", "--show-sames"]));
    expect(JSON.stringify(pipeline)).not.toContain("PULUMI_ENABLE_STREAMING_JSON_PREVIEW");
    expect(words[words.indexOf("--policy-pack-config") + 1]).toBe(guardInvocation(commands[check])![2]);
  });

  test("one scan writes every report: the JUnit file that is published, and a failed test fails the run", () => {
    const publish = pipeline.steps.find((s: Record<string, unknown>) => s.task === "PublishTestResults@2");
    expect(publish.inputs).toMatchObject({ testResultsFormat: "JUnit", failTaskOnFailedTests: true });
    const scans = commands.map(guardInvocation).filter((args) => args?.[0] === "scan");
    expect(scans).toHaveLength(1);
    const reports = reportsOf(scans[0]!);
    for (const { format } of reports) expect(FORMAT_NAMES).toContain(format);
    expect(reports.filter((r) => r.format === "junit").map((r) => r.file)).toEqual([
      `${publish.inputs.searchFolder}/${publish.inputs.testResultsFiles}`,
    ]);
  });

  test("the last step fails the run when the register needs action or the preview failed", () => {
    const last = pipeline.steps[pipeline.steps.length - 1];
    expect(last.condition).toContain("variables.exceptionsExitCode");
    expect(last.condition).toContain("variables.previewExitCode");
    const set = scriptsOf(pipeline.steps).join("\n");
    expect(set).toContain("##vso[task.setvariable variable=exceptionsExitCode]");
    expect(set).toContain("##vso[task.setvariable variable=previewExitCode]");
  });
});
