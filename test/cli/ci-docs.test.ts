/**
 * The CI examples in docs/ci must keep working as the tool changes: every expressroute-m365-guard
 * command they run exists with the options they pass, every npm script they call exists, and the
 * policy pack path they give Pulumi is this repository's pack.
 */
import * as fs from "fs";
import * as path from "path";
import { FORMAT_NAMES } from "../../src/cli/formats";
import { assertBuilt, ROOT, runCli } from "./run-cli";

// js-yaml comes with jest; it has no types of its own here.
const yaml: { load(text: string): unknown } = require("js-yaml");

beforeAll(assertBuilt);

const DOCS = ["docs/ci/github-actions.yml", "docs/ci/azure-pipelines.yml"];

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

/** Each report a scan writes: `--output FORMAT=FILE`, and the --format report to a bare --output FILE or else stdout. */
function reportsOf(args: string[]): { format: string; file: string }[] {
  const format = args.includes("--format") ? args[args.indexOf("--format") + 1] : "text";
  const outputs = args.flatMap((w, i) => (args[i - 1] === "--output" ? [w] : []));
  const named = outputs.map((o) => /^([a-z]+)=(.+)$/.exec(o)).filter((m): m is RegExpExecArray => m !== null);
  const bare = outputs.filter((o) => !/^[a-z]+=/.test(o));
  return [...named.map((m) => ({ format: m[1], file: m[2] })), { format, file: bare[0] ?? "(stdout)" }];
}

/** The words after the command name, up to a redirection. */
function guardInvocation(words: string[]): string[] | undefined {
  const at = words.findIndex((w, i) => w === "expressroute-m365-guard" && ["--", "npx"].includes(words[i - 1]));
  if (at < 0) return undefined;
  const rest = words.slice(at + 1);
  const redirect = rest.findIndex((w) => w.startsWith(">"));
  return redirect < 0 ? rest : rest.slice(0, redirect);
}

describe.each(DOCS)("%s", (doc) => {
  const parsed = yaml.load(fs.readFileSync(path.join(ROOT, doc), "utf8"));
  const commands = scriptsOf(parsed).flatMap(commandsOf);
  const guard = commands.map(guardInvocation).filter((c): c is string[] => c !== undefined);

  test("parses as YAML and runs the scan", () => {
    expect(typeof parsed).toBe("object");
    expect(guard.some((args) => args[0] === "scan")).toBe(true);
  });

  test("every expressroute-m365-guard command exists with the options it is given", () => {
    for (const args of guard) {
      const command = args[0] === "exceptions" ? args.slice(0, 2) : args.slice(0, 1);
      const help = runCli([...command, "--help"], ROOT);
      expect({ command, code: help.code }).toEqual({ command, code: 0 });
      for (const option of args.filter((w) => w.startsWith("--"))) expect({ command, option, known: help.stdout.includes(option) }).toEqual({ command, option, known: true });
    }
  });

  test("one scan writes every report, each in a format the tool writes", () => {
    const scans = guard.filter((a) => a[0] === "scan");
    expect(scans).toHaveLength(1);
    for (const { format } of reportsOf(scans[0])) expect(FORMAT_NAMES).toContain(format);
  });

  test("every npm script it calls exists in package.json", () => {
    const scripts = Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts);
    const called = commands.filter((w) => w[0] === "npm" && ["run", "run-script", "test"].includes(w[1])).map((w) => (w[1] === "test" ? "test" : w[2]));
    for (const script of called) expect(scripts).toContain(script);
    expect(commands.some((w) => w[0] === "npm" && w[1] === "ci")).toBe(true);
  });

  test("Pulumi is given this repository's policy pack", () => {
    const packs = commands.filter((w) => w[0] === "pulumi" && w[1] === "preview").map((w) => w[w.indexOf("--policy-pack") + 1]);
    expect(packs).toHaveLength(1);
    expect(packs[0]).toMatch(/\/policies$/);
    expect(fs.existsSync(path.join(ROOT, "policies", "PulumiPolicy.yaml"))).toBe(true);
  });
});

test("GitHub uploads the SARIF file the scan writes; Azure publishes the JUnit file it writes", () => {
  const load = (doc: string) => yaml.load(fs.readFileSync(path.join(ROOT, doc), "utf8")) as Record<string, any>;
  const outputOf = (parsed: unknown, format: string) =>
    scriptsOf(parsed)
      .flatMap(commandsOf)
      .map(guardInvocation)
      .filter((args) => args?.[0] === "scan")
      .flatMap((args) => reportsOf(args!).filter((r) => r.format === format).map((r) => r.file));

  const github = load(DOCS[0]);
  const upload = github.jobs.preview.steps.find((s: Record<string, unknown>) => String(s.uses).startsWith("github/codeql-action/upload-sarif@"));
  expect(outputOf(github, "sarif")).toEqual([upload.with.sarif_file]);
  expect(outputOf(github, "markdown")).toEqual(["$GITHUB_STEP_SUMMARY"]);
  expect(outputOf(github, "github")).toEqual(["(stdout)"]);

  const azure = load(DOCS[1]);
  const publish = azure.steps.find((s: Record<string, unknown>) => s.task === "PublishTestResults@2");
  expect(publish.inputs).toMatchObject({ testResultsFormat: "JUnit", failTaskOnFailedTests: true });
  expect(outputOf(azure, "junit")).toEqual([`${publish.inputs.searchFolder}/${publish.inputs.testResultsFiles}`]);
});
