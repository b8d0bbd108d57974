/** The policy pack config file in its version 2 form, and the engine's native exceptions it may carry. */
import { exceptionEntry, packConfig, routeFilter, stackExport, urnOf, workDir } from "./fixtures";
import { runCli } from "./run-cli";

const MAIN = "m365-advertisement-requires-exception";
const NOW = ["--now", "2026-11-26"];
const v2 = (v1: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ version: 2, policies: v1, ...extra });
const native = (policies: string[], targets = [urnOf("azure-native:network:RouteFilter", "rf-m365")]) => ({
  exceptions: { "EXC-1": { reason: "approved in the change board", match: [{ policies, targets }] } },
});
const m365Filter = () => routeFilter("rf-m365", ["12076:5010"]);

describe("version 1 and version 2 mean the same", () => {
  test.each([
    ["covered", packConfig([exceptionEntry()]), 0],
    ["no register", {}, 1],
    ["all advisory", { all: "advisory" }, 0],
  ])("scan with a %s config", (_name, config, code) => {
    for (const file of [config, v2(config)]) {
      const dir = workDir({ "cfg.json": file, "state.json": stackExport([m365Filter()]) });
      const result = runCli(["scan", "state.json", "--config", "cfg.json", "--format", "json", ...NOW], dir);
      expect([result.code, result.stderr]).toEqual([code, ""]);
    }
  });

  test("exceptions check reads the register of either", () => {
    for (const file of [
      packConfig([exceptionEntry({ expires: "2026-01-01" })]),
      v2(packConfig([exceptionEntry({ expires: "2026-01-01" })])),
    ]) {
      const result = runCli(["exceptions", "check", "cfg.json", ...NOW], workDir({ "cfg.json": file }));
      expect(result.code).toBe(1);
      expect(result.stdout).toContain("ER365-2026-007 expired on 2026-01-01");
    }
  });

  test("a mistake in a version 2 file names the key under policies", () => {
    const result = runCli(
      ["exceptions", "check", "cfg.json"],
      workDir({ "cfg.json": v2(packConfig([exceptionEntry({ expires: "soon" })])) }),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`cfg.json: policies.${MAIN}.exceptions[0] (ER365-2026-007), field expires: must be a calendar date`);
  });

  test.each([
    [3, "is a policy pack config of version 3; this tool, like the Pulumi CLI it matches, reads versions 1 and 2"],
    [1, '"version" must be 2 (or absent, for a version 1 file), got 1'],
  ])("version %s is refused, as the CLI refuses it", (version, says) => {
    const result = runCli(["exceptions", "check", "cfg.json"], workDir({ "cfg.json": { version, policies: {} } }));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`cfg.json: ${says}`);
  });

  test("a key a version 2 file does not have is refused", () => {
    const result = runCli(["exceptions", "check", "cfg.json"], workDir({ "cfg.json": { ...v2({}), [MAIN]: { exceptions: [] } } }));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`cfg.json: ${MAIN}: not a key of a version 2 config file`);
  });
});

describe("a native exception cannot replace the register", () => {
  test("exceptions check: a mandatory finding naming the exception, the policy, the targets and the entry to write", () => {
    const result = runCli(["exceptions", "check", "cfg.json", ...NOW], workDir({ "cfg.json": v2(packConfig([]), native([MAIN])) }));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("Native policy exceptions that bypass the register:");
    expect(result.stdout).toContain(
      `Native policy exception "EXC-1" of the config file names ${MAIN} for ${urnOf("azure-native:network:RouteFilter", "rf-m365")}`,
    );
    expect(result.stdout).toContain(`"routeFilters": ["${urnOf("azure-native:network:RouteFilter", "rf-m365")}"]`);
    expect(result.stdout).toContain("Action needed");
  });

  test("scan --config: the same finding blocks, even when the filter is covered by the register", () => {
    const config = v2(packConfig([exceptionEntry()]), native([MAIN, "m365-exception-expiring"]));
    const dir = workDir({ "cfg.json": config, "state.json": stackExport([m365Filter(), routeFilter("rf-ok", ["12076:51004"])]) });
    const result = runCli(["scan", "state.json", "--config", "cfg.json", "--format", "json", ...NOW], dir);
    expect(result.code).toBe(1);
    const findings = JSON.parse(result.stdout).findings as { policy: string; enforcementLevel: string; message: string }[];
    expect(findings.map((f) => [f.policy, f.enforcementLevel])).toEqual([
      [MAIN, "mandatory"],
      ["m365-exception-expiring", "mandatory"],
    ]);
    expect(findings[0].message).toContain('Native policy exception "EXC-1"');
  });

  test("one that names only other packs' policies is none of this pack's business", () => {
    const config = v2(packConfig([exceptionEntry()]), native(["aws-s3-no-public-read"]));
    expect(runCli(["exceptions", "check", "cfg.json", ...NOW], workDir({ "cfg.json": config })).code).toBe(0);
    const dir = workDir({ "cfg.json": config, "state.json": stackExport([m365Filter()]) });
    expect(runCli(["scan", "state.json", "--config", "cfg.json", ...NOW], dir).code).toBe(0);
  });

  test("a malformed exceptions block is an input error", () => {
    const result = runCli(["exceptions", "check", "cfg.json"], workDir({ "cfg.json": v2({}, { exceptions: [] }) }));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("cfg.json: exceptions: must be an object that maps exception ids to exceptions");
  });
});

test("exceptions check warns of a name that is only a Pulumi logical name", () => {
  // Azure name rf-azure, Pulumi logical name rf-logical.
  const azure = routeFilter("rf-azure", ["12076:5010"]);
  const filter = { ...azure, urn: urnOf("azure-native:network:RouteFilter", "rf-logical") };
  const dir = workDir({ "cfg.json": packConfig([exceptionEntry({ routeFilters: ["rf-logical"] })]), "state.json": stackExport([filter]) });
  const result = runCli(["exceptions", "check", "cfg.json", "--state", "state.json", ...NOW], dir);
  expect(result.code).toBe(1);
  expect(result.stdout).toContain('ER365-2026-007 names "rf-logical", the Pulumi logical name of a route filter, not its Azure name');
});
