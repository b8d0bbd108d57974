/**
 * Findings point at the program line Pulumi recorded (`sourcePosition`), relative to the repository
 * root, in every format; the scanned file's line only when there is none. Hand-written inputs shaped as
 * the engine writes them (the real CLI: test/e2e/source-positions.test.ts). Also the conventions
 * that only the command line shows: --compact, --sarif-accepted-risks, the annotation cap,
 * ./policy-config.json found without --config.
 */
import * as fs from "fs";
import * as path from "path";
import { findPaths } from "../../src/cli/paths";
import { programLocation, ROOT_PATHS } from "../../src/cli/report";
import { exceptionEntry, packConfig, previewSummary, routeFilter, stackExport, workDir } from "./fixtures";
import { runCli } from "./run-cli";

const NOW = ["--now", "2026-11-26"];

/** A repository with the Pulumi project in infra/network, and the given files in the project's directory. */
function repository(files: Record<string, unknown>): { root: string; project: string } {
  const root = workDir({});
  fs.mkdirSync(path.join(root, ".git"));
  const project = path.join(root, "infra", "network");
  fs.mkdirSync(project, { recursive: true });
  fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: hub-network\nruntime: nodejs\n");
  for (const [name, content] of Object.entries(files)) {
    fs.writeFileSync(path.join(project, name), typeof content === "string" ? content : JSON.stringify(content, null, 2));
  }
  return { root, project };
}

const positioned = (name: string, communities: string[], position: string) => ({
  op: "create",
  state: routeFilter(name, communities, { planned: true }),
  sourcePosition: position,
});

describe("a recorded position: project:///<path>#<line>,<column>", () => {
  const paths = { cwd: "/repo/infra", repoRoot: "/repo", sourceRoot: "infra/network" };

  test.each([
    ["project:///src/filters.ts#42,7", { file: "infra/network/src/filters.ts", line: 42, column: 7, kind: "program" }],
    ["project:///index.ts#12", { file: "infra/network/index.ts", line: 12, kind: "program" }],
    ["project:///my%20dir/index.ts#3,1", { file: "infra/network/my dir/index.ts", line: 3, column: 1, kind: "program" }],
    // A file above the project (a shared library) keeps its "..": the URL parser would drop it.
    ["project:///../shared/filters.ts#5,2", { file: "infra/shared/filters.ts", line: 5, column: 2, kind: "program" }],
  ])("%s", (position, expected) => {
    expect(programLocation(position, paths)).toEqual(expected);
  });

  test.each([
    ["project:///../../../go/pkg/mod/github.com/pulumi/pulumi-yaml@v1.25.0/pkg/pulumiyaml/run.go#1391"],
    ["file:///index.ts#1"],
    ["project:///index.ts"],
    ["project:///index.ts#0,1"],
    ["project:///index.ts#x"],
    ["project:///%E0%A4%A.ts#1"],
  ])("%s is no position in the repository: none is used", (position) => {
    expect(programLocation(position, ROOT_PATHS)).toBeUndefined();
  });
});

describe("the repository root and the source root", () => {
  test("from the project's directory: the .git above it, and the Pulumi.yaml there", () => {
    const { root, project } = repository({});
    expect(findPaths(project)).toEqual({ paths: { cwd: project, repoRoot: root, sourceRoot: "infra/network" } });
    expect(findPaths(path.join(project, "src"))).toEqual({
      paths: { cwd: path.join(project, "src"), repoRoot: root, sourceRoot: "infra/network" },
    });
  });

  test("--source-root names the project's directory, from the working directory", () => {
    const { root } = repository({});
    expect(findPaths(root, "infra/network").paths).toEqual({ cwd: root, repoRoot: root, sourceRoot: "infra/network" });
  });

  test("no Pulumi.yaml up to the repository root: the working directory, with a note", () => {
    const { root } = repository({});
    const found = findPaths(root);
    expect(found.paths.sourceRoot).toBe("");
    expect(found.note).toMatch(/no Pulumi\.yaml in .* give --source-root/);
  });
});

describe("every format points at the program line", () => {
  const { root, project } = repository({
    "preview.json": previewSummary([positioned("rf-m365", ["12076:5010"], "project:///src/filters.ts#42,7")]),
  });
  const run = (args: string[], cwd = project) => runCli(["scan", "preview.json", ...NOW, ...args], cwd);

  test("SARIF: physicalLocation relative to the repository root, with line and column", () => {
    const result = JSON.parse(run(["--format", "sarif"]).stdout).runs[0].results[0];
    expect(result.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: "infra/network/src/filters.ts" },
      region: { startLine: 42, startColumn: 7 },
    });
  });

  test("github: ::error on that file, line and column", () => {
    expect(run(["--format", "github"]).stdout).toMatch(
      /^::error file=infra\/network\/src\/filters\.ts,line=42,col=7,title=m365-advertisement-requires-exception%3A rf-m365 /,
    );
  });

  test("text: file:line:column from the working directory; Markdown: from the repository root", () => {
    const { stdout } = run([]);
    expect(stdout).toContain(
      "m365-advertisement-requires-exception  (azure-native:network:RouteFilter: rf-m365)\n          at src/filters.ts:42:7\n",
    );
    expect(run(["--format", "markdown"]).stdout).toContain("| `infra/network/src/filters.ts:42` |");
  });

  test("JSON: the scanned file's entry stays `location`; the program line is `programLocation`", () => {
    const finding = JSON.parse(run(["--format", "json"]).stdout).findings[0];
    expect(finding.location).toEqual({ file: "preview.json", line: expect.any(Number) });
    expect(finding.sourcePosition).toBe("project:///src/filters.ts#42,7");
    expect(finding.programLocation).toEqual({ file: "infra/network/src/filters.ts", line: 42, column: 7 });
  });

  test("run from the repository root, the project is named with --source-root; the paths are the same", () => {
    const fromRoot = runCli(["scan", "infra/network/preview.json", "--source-root", "infra/network", "--format", "github", ...NOW], root);
    expect(fromRoot.stdout).toMatch(/^::error file=infra\/network\/src\/filters\.ts,line=42,col=7,/);
    const guessed = runCli(["scan", "infra/network/preview.json", "--format", "github", ...NOW], root);
    expect(guessed.stderr).toMatch(/note: no Pulumi\.yaml in .*give --source-root/);
  });

  test("without a recorded position, the resource's entry in the scanned file", () => {
    const { project: other } = repository({ "state.json": stackExport([routeFilter("rf-m365", ["12076:5010"])]) });
    const line = JSON.parse(runCli(["scan", "state.json", "--format", "json", ...NOW], other).stdout).findings[0].location.line;
    const sarif = JSON.parse(runCli(["scan", "state.json", "--format", "sarif", ...NOW], other).stdout).runs[0].results[0];
    expect(sarif.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: "infra/network/state.json" },
      region: { startLine: line },
    });
  });
});

describe("the preview summary", () => {
  test("without --show-sames a stack that existed is partly listed: a note says so", () => {
    const summary = previewSummary([{ op: "update", state: routeFilter("rf-m365", ["12076:5010"], { planned: true }) }]);
    (summary.steps as Array<Record<string, unknown>>)[0].op = "same";
    const { stderr } = runCli(["scan", "preview.json", ...NOW], workDir({ "preview.json": summary }));
    expect(stderr).toMatch(/note: preview\.json: the preview summary lists no unchanged resource; .*--show-sames/);
  });

  test("a filter the summary plans to delete is not judged", () => {
    const summary = previewSummary([
      { op: "delete", state: routeFilter("rf-m365", ["12076:5010"]) },
      positioned("rf-ok", ["12076:5010"], "project:///index.ts#1"),
    ]);
    (summary.steps as Array<Record<string, unknown>>)[1].op = "delete";
    const { code, stdout } = runCli(["scan", "preview.json", "--format", "json", ...NOW], workDir({ "preview.json": summary }));
    expect(code).toBe(1);
    expect(JSON.parse(stdout).findings.map((f: { resourceName: string }) => f.resourceName)).toEqual(["rf-ok"]);
  });
});

describe("SARIF accepted risks", () => {
  const dir = workDir({
    "state.json": stackExport([routeFilter("rf-m365", ["12076:5010"])]),
    "policy-config.json": packConfig([exceptionEntry({ routeFilters: ["rf-m365"] })]),
  });
  const results = (mode?: string) =>
    JSON.parse(runCli(["scan", "state.json", "--format", "sarif", ...(mode ? ["--sarif-accepted-risks", mode] : []), ...NOW], dir).stdout)
      .runs[0].results;

  test("include (the command's default): a suppressed result; omit: none", () => {
    expect(results()).toHaveLength(1);
    expect(results()[0].suppressions[0].status).toBe("accepted");
    expect(results("include")).toEqual(results());
    expect(results("omit")).toEqual([]);
  });

  test("the text report says which exception let the filter pass, and where it is", () => {
    const { stdout } = runCli(["scan", "state.json", ...NOW], dir);
    expect(stdout).toMatch(
      /- \[accepted\] {2}m365-advertisement-requires-exception {2}\(route filter rf-m365\)\n {10}at state\.json:\d+\n {10}allows 12076:5010 under exception ER365-2026-007 \(Microsoft authorization MSFT-ER365-AUTH-4411, expires 2027-06-30\)\n/,
    );
  });
});

describe("./policy-config.json without --config", () => {
  const dir = workDir({
    "state.json": stackExport([routeFilter("rf-m365", ["12076:5010"])]),
    "policy-config.json": packConfig([exceptionEntry({ routeFilters: ["rf-m365"] })]),
  });

  test("is used, and a note says so; --quiet keeps the note off", () => {
    const found = runCli(["scan", "state.json", ...NOW], dir);
    expect(found.code).toBe(0);
    expect(found.stderr).toBe("note: no --config given: using ./policy-config.json\n");
    expect(runCli(["scan", "state.json", "-q", ...NOW], dir).stderr).toBe("");
    expect(runCli(["exceptions", "suggest", "state.json", ...NOW], dir).stderr).toMatch(
      /^note: no --config given: using \.\/policy-config\.json\n/,
    );
  });

  test("is not looked for when --config is given", () => {
    const other = path.join(dir, "empty-config.json");
    fs.writeFileSync(other, "{}");
    const given = runCli(["scan", "state.json", "--config", "empty-config.json", ...NOW], dir);
    expect(given.code).toBe(1);
    expect(given.stderr).toBe("");
  });
});

describe("--compact", () => {
  test("one line per finding, file:line:column first, then the verdict", () => {
    const { project } = repository({
      "preview.json": previewSummary([
        positioned("rf-a", ["12076:5010"], "project:///index.ts#10,3"),
        positioned("rf-b", ["12076:5020"], "project:///index.ts#20,3"),
      ]),
    });
    const lines = runCli(["scan", "preview.json", "--compact", ...NOW], project)
      .stdout.trimEnd()
      .split("\n");
    expect(lines).toEqual([
      "index.ts:10:3: [mandatory] [severity: critical] m365-advertisement-requires-exception rf-a: Route filter rf-a allows Microsoft 365 communities (AzureCloud) with no exception on record:",
      "index.ts:20:3: [mandatory] [severity: critical] m365-advertisement-requires-exception rf-b: Route filter rf-b allows Microsoft 365 communities (AzureCloud) with no exception on record:",
      expect.stringMatching(/^BLOCKED: 2 mandatory findings, 0 advisory findings; /),
    ]);
  });
});

describe("GitHub shows 10 annotations of a kind per step", () => {
  const filters = (count: number) =>
    previewSummary(Array.from({ length: count }, (_, i) => positioned(`rf-${i + 1}`, ["12076:5010"], `project:///index.ts#${i + 1}`)));
  const annotations = (count: number) => {
    const { project } = repository({ "preview.json": filters(count) });
    return runCli(["scan", "preview.json", "--format", "github", ...NOW], project)
      .stdout.trimEnd()
      .split("\n");
  };

  test("ten findings: ten annotations", () => {
    const lines = annotations(10);
    expect(lines.filter((l) => l.startsWith("::error "))).toHaveLength(10);
    expect(lines.join("\n")).not.toContain("more mandatory");
  });

  test("twelve: nine, then one that counts the other three; the verdict counts all twelve", () => {
    const lines = annotations(12);
    const errors = lines.filter((l) => l.startsWith("::error "));
    expect(errors).toHaveLength(10);
    expect(errors[8]).toContain("line=9,");
    expect(errors[9]).toBe(
      "::error title=expressroute-m365-guard%3A 3 more mandatory findings::GitHub shows 10 annotations of a kind per step: 3 more mandatory findings are in the job summary and the SARIF report.",
    );
    expect(lines[lines.length - 1]).toBe("expressroute-m365-guard: BLOCKED, 12 mandatory findings, 0 advisory findings");
  });
});

describe("a Pulumi YAML program: the resource's key in Pulumi.yaml", () => {
  const yaml = [
    "name: hub-yaml",
    "runtime: yaml",
    "resources:",
    "  rg-hub:",
    "    type: azure-native:resources:ResourceGroup",
    '  "rf-m365": # the filter',
    "    type: azure-native:network:RouteFilter",
    "    properties:",
    "      rf-nested:",
    "        x: 1",
    "outputs:",
    "  rf-out: 1",
    "",
  ].join("\n");
  const filter = {
    ...positioned(
      "rf-m365",
      ["12076:5010"],
      "project:///../../../../go/pkg/mod/github.com/pulumi/pulumi-yaml@v1.25.0/pkg/pulumiyaml/run.go#1391",
    ),
  };

  test("replaces the interpreter's frame the YAML host records", () => {
    const { project } = repository({ "preview.json": previewSummary([filter]) });
    fs.writeFileSync(path.join(project, "Pulumi.yaml"), yaml.replace("hub-yaml", "hub"));
    const result = JSON.parse(runCli(["scan", "preview.json", "--format", "sarif", ...NOW], project).stdout).runs[0].results[0];
    expect(result.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: "infra/network/Pulumi.yaml" },
      region: { startLine: 6 },
    });
  });

  test("only for that project's resources, and only for a YAML project", () => {
    const { project } = repository({ "preview.json": previewSummary([filter]) });
    fs.writeFileSync(path.join(project, "Pulumi.yaml"), yaml); // another project's name than the stack's (hub)
    const other = JSON.parse(runCli(["scan", "preview.json", "--format", "json", ...NOW], project).stdout).findings[0];
    expect(other.programLocation).toBeNull();
    fs.writeFileSync(path.join(project, "Pulumi.yaml"), yaml.replace("hub-yaml", "hub").replace("runtime: yaml", "runtime: nodejs"));
    expect(JSON.parse(runCli(["scan", "preview.json", "--format", "json", ...NOW], project).stdout).findings[0].programLocation).toBeNull();
  });
});
