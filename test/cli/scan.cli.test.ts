/** The `scan` command as a user runs it: the bin shim in a child process, judged by exit code and output. */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { assertBuilt, ROOT, runCli } from "./run-cli";
import {
  encrypted,
  exceptionEntry,
  filterId,
  packConfig,
  peering,
  previewStream,
  routeFilter,
  stackExport,
  UNKNOWN,
  workDir,
} from "./fixtures";

beforeAll(assertBuilt);

const NOW = ["--now", "2026-11-26"];
const m365Filter = () => routeFilter("rf-m365", ["12076:5010", "12076:51004"]);
const covered = packConfig([exceptionEntry({ expires: "2027-06-30" })]);

/** stderr holds exactly one line, and it names the file. */
function oneLine(stderr: string, file: string): string {
  const lines = stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^error: ${file.replace(/[.()]/g, "\\$&")}(:\\d+:\\d+)?: `));
  return lines[0];
}

describe("exit code 1: at least one mandatory finding", () => {
  test("a stack export whose route filter advertises Exchange Online without an exception", () => {
    const dir = workDir({ "state.json": stackExport([m365Filter(), peering("er-hub-microsoft", filterId("rf-m365"))]) });
    const { code, stdout, stderr } = runCli(["scan", "state.json", ...NOW], dir);
    expect(code).toBe(1);
    expect(stderr).toBe("");
    expect(stdout).toContain(
      "- [mandatory] [severity: critical]  m365-advertisement-requires-exception  (azure-native:network:RouteFilter: rf-m365)",
    );
    expect(stdout).toContain("12076:5010 Exchange Online");
    expect(stdout).toContain("Once attached to a Microsoft peering it advertises these prefixes");
    // Judged as the engine judges it, on the filter alone: the peering is linked, so it is no "not in stack" finding.
    expect(stdout).not.toContain("m365-route-filter-not-in-stack");
  });

  test("a preview stream of a new route filter with a Microsoft 365 community", () => {
    const dir = workDir({
      "preview.jsonl": previewStream([{ op: "create", state: routeFilter("rf-m365", ["12076:5100"], { planned: true }) }]),
    });
    const { code, stdout } = runCli(["scan", "preview.jsonl", ...NOW], dir);
    expect(code).toBe(1);
    expect(stdout).toContain("preview stream preview.jsonl");
    expect(stdout).toContain("12076:5100");
  });

  test("an encrypted secret in a stack export cannot be verified, so it is a mandatory finding", () => {
    const dir = workDir({ "state.json": stackExport([routeFilter("rf-secret", [encrypted()])]) });
    const { code, stdout } = runCli(["scan", "state.json", "--format", "json", ...NOW], dir);
    expect(code).toBe(1);
    const [finding] = JSON.parse(stdout).findings;
    expect(finding).toMatchObject({
      policy: "m365-advertisement-requires-exception",
      enforcementLevel: "mandatory",
      resourceName: "rf-secret",
    });
    expect(finding.message).toMatch(
      /^Cannot verify what route filter rf-secret advertises.*rules\[0\]\.communities\[0\] is an encrypted secret/,
    );
  });

  test("a community unknown at preview cannot be verified either", () => {
    const dir = workDir({
      "preview.jsonl": previewStream([{ op: "create", state: routeFilter("rf-computed", [UNKNOWN], { planned: true }) }]),
    });
    const { code, stdout } = runCli(["scan", "preview.jsonl", ...NOW], dir);
    expect(code).toBe(1);
    expect(stdout).toContain("is not known until the update runs");
  });

  test("an exception that lapsed before --now no longer covers the filter", () => {
    const dir = workDir({ "state.json": stackExport([m365Filter()]), "policy-config.json": covered });
    expect(runCli(["scan", "state.json", "--config", "policy-config.json", "--now", "2027-07-01"], dir).code).toBe(1);
    expect(runCli(["scan", "state.json", "--config", "policy-config.json", "--now", "2027-06-30"], dir).code).toBe(0);
  });

  test("the US Government cloud of a default provider, from the stack config in the preview's prelude", () => {
    const filter = routeFilter("rf-gov", ["12076:5110"], { planned: true });
    const gov = previewStream([{ op: "create", state: filter }], { config: { "azure-native:environment": "usgovernment" } });
    const { code, stdout } = runCli(["scan", "gov.jsonl", ...NOW], workDir({ "gov.jsonl": gov }));
    expect(code).toBe(1);
    expect(stdout).toContain("(AzureUSGovernment) with no exception on record");
  });
});

describe("exit code 0: no mandatory finding", () => {
  test("the exception on record covers the filter", () => {
    const dir = workDir({ "state.json": stackExport([m365Filter()]), "policy-config.json": covered });
    const { code, stdout } = runCli(["scan", "state.json", "--config", "policy-config.json", ...NOW], dir);
    expect(code).toBe(0);
    expect(stdout).toContain("passed: 0 mandatory findings, 0 advisory findings; 1 ExpressRoute resource checked of 3 resources.");
  });

  test("advisory findings alone do not fail the scan", () => {
    const dir = workDir({ "state.json": stackExport([peering("er-hub-microsoft", filterId("rf-elsewhere"))]) });
    const { code, stdout } = runCli(["scan", "state.json", ...NOW], dir);
    expect(code).toBe(0);
    expect(stdout).toContain("[advisory] [severity: high]  m365-route-filter-not-in-stack");
  });

  test("the config can make the main policy advisory, or disable everything", () => {
    const dir = workDir({
      "state.json": stackExport([m365Filter()]),
      "advisory.json": { "m365-advertisement-requires-exception": "advisory" },
      "off.json": { all: "disabled" },
    });
    const advisory = runCli(["scan", "state.json", "--config", "advisory.json", "--format", "json", ...NOW], dir);
    expect(advisory.code).toBe(0);
    expect(JSON.parse(advisory.stdout).summary).toMatchObject({ blocked: false, mandatory: 0, advisory: 1 });
    const off = runCli(["scan", "state.json", "--config", "off.json", "--format", "json", ...NOW], dir);
    expect(off.code).toBe(0);
    expect(JSON.parse(off.stdout).findings).toEqual([]);
  });

  test("resources that are not ExpressRoute pass", () => {
    const dir = workDir({ "state.json": stackExport([]) });
    expect(runCli(["scan", "state.json", ...NOW], dir).code).toBe(0);
  });

  test("a failed preview is scanned, with a note on stderr", () => {
    const stream = previewStream([{ op: "create", state: routeFilter("rf-azure", ["12076:51004"]) }], { result: "failed" });
    const { code, stderr } = runCli(["scan", "preview.jsonl", ...NOW], workDir({ "preview.jsonl": stream }));
    expect(code).toBe(0);
    expect(stderr).toMatch(/^note: preview\.jsonl: the preview reports it failed/);
  });
});

describe("several files: each is its own stack", () => {
  test("a peering in one file is not linked to a filter in another, and the findings of both are reported", () => {
    const dir = workDir({
      "filters.json": stackExport([m365Filter()]),
      "peerings.json": stackExport([peering("er-hub-microsoft", filterId("rf-m365"))]),
    });
    const { code, stdout } = runCli(["scan", "filters.json", "peerings.json", "--format", "json", ...NOW], dir);
    expect(code).toBe(1);
    const findings = JSON.parse(stdout).findings;
    expect(findings.map((f: { policy: string }) => f.policy)).toEqual([
      "m365-advertisement-requires-exception",
      "m365-route-filter-not-in-stack",
    ]);
    expect(findings[0].location.file).toBe("filters.json");
    expect(findings[1].location.file).toBe("peerings.json");
  });

  test("the same finding from two files is reported once", () => {
    const dir = workDir({ "a.json": stackExport([m365Filter()]), "b.json": stackExport([m365Filter()]) });
    const { stdout } = runCli(["scan", "a.json", "b.json", "--format", "json", ...NOW], dir);
    expect(JSON.parse(stdout).findings).toHaveLength(1);
  });
});

describe("formats and --output", () => {
  const dir = workDir({ "state.json": stackExport([m365Filter()]) });

  test.each([
    ["sarif", (out: string) => expect(JSON.parse(out).version).toBe("2.1.0")],
    ["junit", (out: string) => expect(out).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites /)],
    ["markdown", (out: string) => expect(out).toMatch(/^### ❌ expressroute-m365-guard: deployment blocked/)],
    ["json", (out: string) => expect(JSON.parse(out).summary.mandatory).toBe(1)],
    ["text", (out: string) => expect(out).toMatch(/^Policies:\n/)],
  ])("--format %s writes the report to stdout, same exit code", (format, check) => {
    const { code, stdout } = runCli(["scan", "state.json", "--format", format, ...NOW], dir);
    expect(code).toBe(1);
    check(stdout);
  });

  test("--output writes the file and says on stderr what it holds", () => {
    const { code, stdout, stderr } = runCli(["scan", "state.json", "--format", "sarif", "--output", "results.sarif", ...NOW], dir);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      "expressroute-m365-guard: BLOCKED, 1 mandatory finding, 0 advisory findings; sarif report written to results.sarif\n",
    );
    expect(JSON.parse(fs.readFileSync(path.join(dir, "results.sarif"), "utf8")).runs[0].results).toHaveLength(1);
  });

  test("an --output that cannot be written is exit code 2", () => {
    // A missing directory is created; one under a file cannot be.
    const { code, stderr } = runCli(["scan", "state.json", "--output", "state.json/r.txt", ...NOW], dir);
    expect(code).toBe(2);
    expect(oneLine(stderr, "state.json/r.txt")).toMatch(/the report cannot be written \(EEXIST\)/);
  });
});

describe("exit code 2: inputs that cannot be judged, one line naming the file", () => {
  const good = previewStream([{ op: "create", state: routeFilter("rf-m365", ["12076:5010"]) }]);
  test.each([
    ["empty.json", "", /is empty/],
    [
      "truncated.json",
      JSON.stringify(stackExport([m365Filter()]), null, 2).slice(0, 400),
      /is not valid JSON \(.*\); is the file cut short\?$/,
    ],
    ["v2.json", stackExport([m365Filter()], 2), /is a stack export of deployment version 2; this tool reads versions 3 and 4/],
    ["v5.json", stackExport([m365Filter()], 5), /deployment version 5/],
    ["no-resources.jsonl", previewStream([]), /is a preview stream with no resources/],
    [
      "cut.jsonl",
      good.slice(0, good.length - 30),
      /^error: cut\.jsonl:3:\d+: is not valid JSON \(unexpected end of string\); is the stream cut short\?$/,
    ],
    ["digest.json", { config: {}, steps: [], changeSummary: {} }, /is a `pulumi preview --json` summary with no resources/],
  ])("%s", (file, content, message) => {
    const { code, stdout, stderr } = runCli(["scan", file, ...NOW], workDir({ [file]: content }));
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(oneLine(stderr, file)).toMatch(message);
    expect(stderr).not.toMatch(/\bat .*\.js:\d+/); // no stack trace
  });

  test("a missing file", () => {
    const { code, stderr } = runCli(["scan", "missing.json"], workDir({}));
    expect(code).toBe(2);
    expect(stderr).toBe("error: missing.json: no such file\n");
  });
});

describe("exit code 2: an invalid config or register, one line naming the file, entry and field", () => {
  const state = stackExport([m365Filter()]);

  test("a register entry with a malformed expiry date", () => {
    const dir = workDir({ "state.json": state, "policy-config.json": packConfig([exceptionEntry({ expires: "2027-02-30" })]) });
    const { code, stderr } = runCli(["scan", "state.json", "--config", "policy-config.json", ...NOW], dir);
    expect(code).toBe(2);
    expect(stderr).toBe(
      "error: policy-config.json: m365-advertisement-requires-exception.exceptions[0] (ER365-2026-007), field expires: " +
        'must be a calendar date written YYYY-MM-DD, got "2027-02-30"\n',
    );
  });

  test("several problems: the first, and where to see them all", () => {
    const config = packConfig([exceptionEntry({ expires: "soon" }), exceptionEntry({ id: "ER365-2026-008", routeFilters: [] })]);
    const { code, stderr } = runCli(
      ["scan", "state.json", "--config", "policy-config.json"],
      workDir({ "state.json": state, "policy-config.json": config }),
    );
    expect(code).toBe(2);
    expect(oneLine(stderr, "policy-config.json")).toMatch(
      /field expires: .* \(and 1 more; `expressroute-m365-guard exceptions check policy-config\.json` lists them all\)$/,
    );
  });

  test.each([
    ["invalid JSON", "{ not json", /^error: policy-config\.json:1:3: is not valid JSON \(invalid symbol\)$/],
    [
      "an unknown policy",
      { "m365-advertisement-requires-exceptions": "mandatory" },
      /^error: policy-config\.json: m365-advertisement-requires-exceptions: not a policy of this pack/,
    ],
    [
      "a bad level",
      { "m365-advertisement-requires-exception": "block" },
      /^error: policy-config\.json: m365-advertisement-requires-exception: enforcement level must be one of/,
    ],
    [
      "an unknown option",
      { "m365-exception-expiring": { warningDays: 5 } },
      /^error: policy-config\.json: m365-exception-expiring, field warningDays: unknown option/,
    ],
  ])("%s", (_what, config, message) => {
    const { code, stderr } = runCli(
      ["scan", "state.json", "--config", "policy-config.json"],
      workDir({ "state.json": state, "policy-config.json": config }),
    );
    expect(code).toBe(2);
    expect(oneLine(stderr, "policy-config.json")).toMatch(message);
  });
});

describe("exit code 2: usage errors", () => {
  const dir = workDir({ "state.json": stackExport([m365Filter()]) });
  test.each([
    [["scan"], /^error: scan: missing required argument 'file' \(see --help\)$/],
    [
      ["scan", "state.json", "--format", "html"],
      /--format <format>' argument 'html' is invalid\. Allowed choices are text, json, sarif, junit, markdown, github \(see/,
    ],
    [
      ["scan", "state.json", "--now", "26/11/2026"],
      /--now <date>' argument '26\/11\/2026' is invalid\. It must be a calendar date written YYYY-MM-DD/,
    ],
    [["scan", "state.json", "--now", "2026-02-29"], /It must be a calendar date/],
    [["scan", "state.json", "--verbose"], /^error: scan: unknown option '--verbose' \(see --help\)$/],
    [["scan", "state.json", "--config"], /^error: scan: option '--config <file>' argument missing/],
    [["deploy"], /^error: unknown command 'deploy' \(commands: scan, exceptions, catalog, azure-policy\)/],
    [["exceptions", "list"], /^error: exceptions: unknown command 'list' \(commands: check, suggest\)/],
  ])("%j", (args, message) => {
    const { code, stderr } = runCli(args, dir);
    expect(code).toBe(2);
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(stderr.trimEnd()).toMatch(message);
  });

  test("no command at all prints the help to stderr", () => {
    const { code, stderr } = runCli([], dir);
    expect(code).toBe(2);
    expect(stderr).toContain("Usage:");
  });
});

describe("help", () => {
  test.each([
    [["--help"]],
    [["-h"]],
    [["scan", "--help"]],
    [["exceptions", "check", "--help"]],
    [["exceptions", "suggest", "--help"]],
    [["catalog", "diff", "--help"]],
  ])("%j", (args) => {
    const { code, stdout } = runCli(args, ROOT);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Usage/);
    expect(stdout).toMatch(/Exit codes.*:\n {2}0 /);
  });

  test.each([[["exceptions", "--help"]], [["catalog", "--help"]], [["catalog", "show", "--help"]]])("%j", (args) => {
    const { code, stdout } = runCli(args, ROOT);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: expressroute-m365-guard /);
  });

  test("--version prints the package version", () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    expect(runCli(["--version"], ROOT).stdout).toBe(`${version}\n`);
  });
});

test("the command loads no Pulumi package, so it runs without the Pulumi SDK and on older Node.js", () => {
  const script =
    `process.argv = [process.argv[0], "cli", "--help"]; require(${JSON.stringify(path.join(ROOT, "dist/src/cli/main.js"))}).run();` +
    "process.stderr.write(JSON.stringify(Object.keys(require.cache).filter((m) => m.includes('node_modules/@pulumi'))));";
  const result = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
  expect(result.status).toBe(0);
  expect(JSON.parse(result.stderr)).toEqual([]);
});

test("package.json declares the command and the shim reaches the compiled CLI", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  expect(pkg.bin).toEqual({ "expressroute-m365-guard": "bin/expressroute-m365-guard.js" });
  expect(fs.readFileSync(path.join(ROOT, pkg.bin["expressroute-m365-guard"]), "utf8")).toMatch(/^#!\/usr\/bin\/env node\n/);
  expect(fs.statSync(path.join(ROOT, pkg.bin["expressroute-m365-guard"])).mode & 0o111).not.toBe(0);
});
