/** `exceptions check` as a user runs it: exit codes and what it lists. */
import { runCli } from "./run-cli";
import { exceptionEntry, filterId, packConfig, routeFilter, stackExport, urnOf, workDir } from "./fixtures";

const NOW = ["--now", "2026-11-26"];
const check = (config: unknown, args: string[] = [], files: Record<string, unknown> = {}) =>
  runCli(["exceptions", "check", "policy-config.json", ...NOW, ...args], workDir({ "policy-config.json": config, ...files }));

test("a valid register with nothing lapsing: exit 0", () => {
  const { code, stdout, stderr } = check(packConfig([exceptionEntry({ expires: "2027-06-30" })]));
  expect(code).toBe(0);
  expect(stderr).toBe("");
  expect(stdout).toBe(
    [
      "Register policy-config.json: 1 exception, checked as of 2026-11-26.",
      "",
      "Expired: none",
      "",
      "Expiring within 30 days: none",
      "",
      "Stale entries: not checked (give --state <stack export> to compare the register with deployed route filters).",
      "",
      "The register is in order.",
      "",
    ].join("\n"),
  );
});

test("an entry expiring within the window is a reminder, not a failure", () => {
  const { code, stdout } = check(packConfig([exceptionEntry({ expires: "2026-12-10" })]));
  expect(code).toBe(0);
  expect(stdout).toContain("Expiring within 30 days:\n  - ER365-2026-007 expires on 2026-12-10 (in 14 days); route filters rf-m365\n");
});

test("the window is the expiring policy's expiryWarningDays, unless --expiring-within says otherwise", () => {
  const config = packConfig([exceptionEntry({ expires: "2026-12-10" })], { "m365-exception-expiring": { expiryWarningDays: 7 } });
  expect(check(config).stdout).toContain("Expiring within 7 days: none");
  expect(check(config, ["--expiring-within", "14"]).stdout).toContain("Expiring within 14 days:\n  - ER365-2026-007");
});

test("an expired entry: exit 1", () => {
  const { code, stdout } = check(packConfig([exceptionEntry({ expires: "2026-11-25" }), exceptionEntry({ id: "ER365-2026-008" })]));
  expect(code).toBe(1);
  expect(stdout).toContain("Expired:\n  - ER365-2026-007 expired on 2026-11-25 (1 day ago); route filters rf-m365\n");
  expect(stdout).toContain("Action needed: renew or remove the entries above.");
});

describe("stale entries, against stack exports", () => {
  const state = { "state.json": stackExport([routeFilter("rf-m365", ["12076:5010"])]) };

  test("an entry naming a filter in no export: exit 1", () => {
    const config = packConfig([exceptionEntry(), exceptionEntry({ id: "ER365-2026-009", routeFilters: ["rf-decommissioned"] })]);
    const { code, stdout } = check(config, ["--state", "state.json"], state);
    expect(code).toBe(1);
    expect(stdout).toContain(
      "Naming no route filter in state.json:\n  - ER365-2026-009 names rf-decommissioned: remove it, or correct the names\n",
    );
    expect(stdout).not.toContain("ER365-2026-007 names");
  });

  test.each([
    ["its Azure name, in another case", "RF-M365"],
    ["its resource ID", filterId("rf-m365")],
    ["its URN", urnOf("azure-native:network:RouteFilter", "rf-m365")],
  ])("a filter named by %s is found", (_how, name) => {
    const { code, stdout } = check(packConfig([exceptionEntry({ routeFilters: [name] })]), ["--state", "state.json"], state);
    expect(code).toBe(0);
    expect(stdout).toContain("Naming no route filter in state.json: none");
  });

  test("a filter found in any of several exports is not stale", () => {
    const files = { ...state, "other.json": stackExport([routeFilter("rf-other", ["12076:51004"])]) };
    const config = packConfig([exceptionEntry({ routeFilters: ["rf-other"] })]);
    expect(check(config, ["--state", "state.json", "--state", "other.json"], files).code).toBe(0);
    expect(check(config, ["--state", "state.json"], files).code).toBe(1);
  });

  test("an unreadable export: exit 2, one line naming it", () => {
    const { code, stderr } = check(packConfig([exceptionEntry()]), ["--state", "state.json"], { "state.json": "" });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: state\.json: is empty/);
  });
});

test("an invalid register: exit 2, every problem on its own line naming entry and field", () => {
  const config = packConfig([exceptionEntry({ expires: "2027-13-01" }), exceptionEntry({ id: "ER365-2026-007", approvedBy: [] })]);
  const { code, stdout, stderr } = check(config);
  expect(code).toBe(2);
  expect(stdout).toBe("");
  expect(stderr.trimEnd().split("\n")).toEqual([
    'error: policy-config.json: m365-advertisement-requires-exception.exceptions[0] (ER365-2026-007), field expires: must be a calendar date written YYYY-MM-DD, got "2027-13-01"',
    "error: policy-config.json: m365-advertisement-requires-exception.exceptions[1] (ER365-2026-007), field approvedBy: must be a non-empty list, got an empty list",
    "error: policy-config.json: m365-advertisement-requires-exception.exceptions[1] (ER365-2026-007), field id: duplicate id: exceptions[0] has the same id",
  ]);
});

test.each([
  [["exceptions", "check"], /^error: exceptions check: missing required argument 'config' \(see --help\)$/],
  [["exceptions", "check", "a.json", "b.json"], /too many arguments for 'check'\. Expected 1 argument but got 2/],
  [
    ["exceptions", "check", "policy-config.json", "--expiring-within", "two weeks"],
    /--expiring-within <days>' argument 'two weeks' is invalid\. It must be a whole number of days/,
  ],
  [["exceptions", "check", "policy-config.json", "--now", "tomorrow"], /It must be a calendar date written YYYY-MM-DD/],
  [["exceptions", "check", "missing.json"], /^error: missing\.json: no such file$/],
])("usage and file errors: exit 2 (%j)", (args, message) => {
  const { code, stderr } = runCli(args, workDir({ "policy-config.json": packConfig([exceptionEntry()]) }));
  expect(code).toBe(2);
  expect(stderr.trimEnd()).toMatch(message);
});

describe("--format json|sarif: the scan's report formats over the check's items", () => {
  // Expired, expiring within the window, and (given a state) naming no route filter there.
  const register = packConfig([
    exceptionEntry({ id: "ER365-2025-001", expires: "2026-01-31" }),
    exceptionEntry({ id: "ER365-2026-002", expires: "2026-12-10" }),
    exceptionEntry({ id: "ER365-2026-003", expires: "2027-06-30", routeFilters: ["rf-gone"] }),
  ]);
  const files = { "state.json": stackExport([routeFilter("rf-m365", ["12076:5010"])]) };

  test("json: each item a finding about the config file; what needs action is mandatory, and exits 1", () => {
    const { code, stdout, stderr } = check(register, ["--state", "state.json", "--format", "json"], files);
    expect({ code, stderr }).toEqual({ code: 1, stderr: "" });
    const report = JSON.parse(stdout);
    expect(report.findings.map((f: any) => [f.policy, f.enforcementLevel, f.message.split(" ")[0], f.location])).toEqual([
      ["m365-exception-expiring", "mandatory", "ER365-2025-001", { file: "policy-config.json" }],
      ["m365-exception-expiring", "advisory", "ER365-2026-002", { file: "policy-config.json" }],
      ["m365-exception-broader-than-used", "mandatory", "ER365-2026-003", { file: "policy-config.json" }],
    ]);
    expect(report.summary).toMatchObject({ blocked: true, mandatory: 2, advisory: 1 });
    expect(report.inputs).toEqual([{ file: "state.json", kind: "stack export" }]);
  });

  test("sarif: one result per item, at the config file, from the SARIF writer scan uses", () => {
    const { code, stdout } = check(register, ["--format", "sarif"]);
    expect(code).toBe(1);
    const run = JSON.parse(stdout).runs[0];
    expect(run.results.map((r: any) => [r.ruleId, r.level, r.locations[0].physicalLocation.artifactLocation.uri])).toEqual([
      ["m365-exception-expiring", "error", "policy-config.json"],
      ["m365-exception-expiring", "warning", "policy-config.json"],
    ]);
  });

  test("a register in order: no findings, exit 0", () => {
    const { code, stdout } = check(packConfig([exceptionEntry({ expires: "2027-06-30" })]), ["--format", "json"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).findings).toEqual([]);
  });

  test("another format is a usage error", () => {
    const { code, stderr } = check(packConfig([]), ["--format", "junit"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: exceptions check: option '--format <format>' argument 'junit' is invalid/);
  });
});
