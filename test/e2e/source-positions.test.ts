/**
 * Findings point at the program line, through the REAL Pulumi CLI: the TypeScript program of
 * examples/m365-without-exception and its Pulumi YAML translation (examples-yaml/m365-route-filter), each in
 * a directory `program/` of a repository (a `.git` above it). Pulumi records where the program declares each
 * resource in the `pulumi preview --json` summary and in `pulumi stack export`; `scan --format sarif` of
 * either locates the route filter's finding at the line that declares the filter, relative to the repository
 * root, and `--format github` annotates that line. The YAML host records its interpreter's frame instead of
 * the program's (checked below, so that the day it records the program's this test says so): the command
 * finds the resource's key in Pulumi.yaml (src/cli/yaml-program.ts). Stand-in providers, as in harness.ts.
 */
import * as fs from "fs";
import * as path from "path";
import { type Cli, PACK_DIR, type RunResult, Workspace, ensureCli, explain, runCommand, scratchRoot } from "../../harness/pulumi-cli";
import { TS_EXAMPLE, assertYamlHost, yamlWorkspace } from "./yaml-workspace";

let cli: Cli;
let root: string;

beforeAll(async () => {
  cli = await ensureCli();
  assertYamlHost(cli);
  root = scratchRoot("positions");
}, 30 * 60_000);

afterAll(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

const FILTER = "rf-m365";
const MAIN_POLICY = "m365-advertisement-requires-exception";

/** The 1-based line of the program file that matches `declaration`; exactly one must. */
function lineOf(file: string, declaration: RegExp): number {
  const lines = fs.readFileSync(file, "utf8").split("\n");
  const matching = lines.flatMap((line, i) => (declaration.test(line) ? [i + 1] : []));
  expect(matching).toHaveLength(1);
  return matching[0];
}

/** The SARIF result of the main policy on the route filter, from `scan <file> --format sarif` in the program's directory. */
async function sarifResult(ws: Workspace, file: string): Promise<{ scan: RunResult; result: any }> {
  const scan = await runCommand(["scan", file, "--format", "sarif"], ws.dir);
  const results: any[] = scan.code === 1 ? JSON.parse(scan.stdout).runs[0].results : [];
  const result = results.find((r) => r.ruleId === MAIN_POLICY && r.locations[0].logicalLocations?.[0]?.name === FILTER);
  return { scan, result };
}

/** What Pulumi records for the filter, given the program file and the line that declares the filter. */
type Recorded = (programFile: string, line: number) => RegExp;
const programLine: Recorded = (programFile, line) => new RegExp(`^project:///${programFile.replace(".", "\\.")}#${line}(,\\d+)?$`);
// pulumi-language-yaml v1.25.0: the Go SDK's caller frame, pkg/pulumiyaml/run.go of the interpreter, outside the project.
const interpreterFrame: Recorded = () => /^project:\/\/\/(\.\.\/)+.*pulumi-yaml@v[\d.]+\/pkg\/pulumiyaml\/run\.go#\d+/;

const programs: Array<[string, (label: string) => Promise<Workspace>, string, RegExp, Recorded]> = [
  [
    "TypeScript",
    (label) => Workspace.create(cli, root, label, TS_EXAMPLE),
    "index.ts",
    new RegExp(`new network\\.RouteFilter\\("${FILTER}"`),
    programLine,
  ],
  ["Pulumi YAML", (label) => yamlWorkspace(cli, root, label), "Pulumi.yaml", new RegExp(`^  ${FILTER}:$`), interpreterFrame],
];

describe.each(programs)("a %s program", (language, create, programFile, declaration, recordedAs) => {
  let ws: Workspace;
  let line: number;
  /** The program file as the repository names it: the workspace's directory is the repository root. */
  const uri = `program/${programFile}`;

  /** `scan <file> --format sarif` locates the filter's finding at the line that declares it; the SARIF result. */
  async function locatedAtTheLine(file: string): Promise<any> {
    const { scan, result } = await sarifResult(ws, file);
    explain(
      scan,
      () =>
        expect(result?.locations[0].physicalLocation).toEqual({
          artifactLocation: { uri },
          region: expect.objectContaining({ startLine: line }),
        }),
      undefined,
      "scan",
    );
    return result;
  }

  beforeAll(async () => {
    ws = await create(language === "TypeScript" ? "ts" : "yaml");
    fs.mkdirSync(path.join(path.dirname(ws.dir), ".git"));
    line = lineOf(path.join(ws.dir, programFile), declaration);
  }, 15 * 60_000);

  test(
    "a preview's summary: the SARIF result is located at the line that declares the filter",
    async () => {
      const preview = await ws.pulumi(["preview", "--json", "--show-sames", "--policy-pack", PACK_DIR]);
      // The pack blocks the filter; the summary is printed all the same.
      explain(preview, () => expect(preview.code).not.toBe(0));
      fs.writeFileSync(path.join(ws.dir, "preview.json"), preview.stdout);
      const recorded = JSON.parse(preview.stdout).steps.find((s: any) => s.urn.endsWith(`::${FILTER}`)).newState.sourcePosition;
      expect(recorded).toMatch(recordedAs(programFile, line));

      const result = await locatedAtTheLine("preview.json");
      console.log(
        `${language}: SARIF result of a real preview (${recorded}):\n${JSON.stringify({ ruleId: result.ruleId, level: result.level, locations: result.locations }, null, 2)}`,
      );

      const github = await runCommand(["scan", "preview.json", "--format", "github"], ws.dir);
      expect(github.stdout).toMatch(
        new RegExp(`^::error file=${uri.replace(".", "\\.")},line=${line},(col=\\d+,)?title=${MAIN_POLICY}%3A ${FILTER} `, "m"),
      );
    },
    15 * 60_000,
  );

  test(
    "the stack's export after a deployment: the same line",
    async () => {
      const { deploy, exported } = await ws.deployAndExport(path.join(ws.dir, "state.json"));
      explain(deploy, () => expect(deploy.code).toBe(0));
      explain(exported, () => expect(exported.code).toBe(0));
      await locatedAtTheLine("state.json");
    },
    15 * 60_000,
  );
});
