import Ajv from "ajv";
import addFormats from "ajv-formats";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import * as path from "path";
import * as sources from "../../src/core/sources";
import { POLICIES } from "../../src/policies";
import { formatJson } from "../../src/cli/formats/json";
import { formatGithub } from "../../src/cli/formats/github";
import { formatJunit } from "../../src/cli/formats/junit";
import { formatMarkdown } from "../../src/cli/formats/markdown";
import { formatSarif } from "../../src/cli/formats/sarif";
import { formatText } from "../../src/cli/formats/text";
import { DEFAULT_RENDER, inputLocationOf, type ScanReport } from "../../src/cli/report";
import { scan } from "../../src/cli/scan";
import { exceptionEntry, filterId, packConfig, peering, routeFilter, stackExport, workDir } from "./fixtures";

/**
 * One stack with a finding of each kind: rf-m365 advertises Exchange Online with no exception
 * (mandatory), rf-ok is covered by an exception that expires in 14 days (advisory), and the
 * Microsoft peering uses a route filter of another stack (advisory).
 */
function scanSample(date = "2026-11-26"): ScanReport {
  const dir = workDir({
    "state.json": stackExport([
      routeFilter("rf-m365", ["12076:5010", "12076:51004"]),
      routeFilter("rf-ok", ["12076:5020"]),
      peering("er-hub-microsoft", filterId("rf-elsewhere")),
    ]),
    "policy-config.json": packConfig([exceptionEntry({ routeFilters: ["rf-ok"], communities: ["12076:5020"], expires: "2026-12-10" })]),
  });
  const cwd = process.cwd();
  process.chdir(dir); // as in CI: relative paths from the repository root
  try {
    return scan({ files: ["state.json"], configFile: "policy-config.json", date }).report;
  } finally {
    process.chdir(cwd);
  }
}

const report = scanSample();

test("the sample has one mandatory and two advisory findings", () => {
  expect(report.findings.map((f) => [f.policy.name, f.enforcementLevel])).toEqual([
    ["m365-advertisement-requires-exception", "mandatory"],
    ["m365-route-filter-not-in-stack", "advisory"],
    ["m365-exception-expiring", "advisory"],
  ]);
});

describe("text", () => {
  const text = formatText(report);

  test("lists findings as the policy section of `pulumi preview` does", () => {
    expect(text).toContain("Policies:\n    ❌ expressroute-m365-guard@v0.1.0 (stack export state.json; as of 2026-11-26)");
    expect(text).toContain(
      "        - [mandatory] [severity: critical]  m365-advertisement-requires-exception  (azure-native:network:RouteFilter: rf-m365)\n          at state.json:",
    );
    expect(text).toContain("            - 12076:5010 Exchange Online (rules[0].communities[0])\n");
    expect(text).toContain(
      "- [advisory] [severity: high]  m365-route-filter-not-in-stack  (azure-native:network:ExpressRouteCircuitPeering: er-hub-microsoft)",
    );
  });

  test("ends with the verdict and the counts", () => {
    expect(text.trimEnd().split("\n").pop()).toBe(
      "BLOCKED: 1 mandatory finding, 2 advisory findings; 3 ExpressRoute resources checked of 5 resources. 1 route filter passes under an exception.",
    );
  });

  test("quiet keeps only the findings and the verdict line", () => {
    const quiet = formatText(report, { ...DEFAULT_RENDER, quiet: true });
    expect(quiet).not.toContain("Policies:");
    expect(quiet).not.toContain("[accepted]");
    expect(quiet.split("\n")[0]).toBe(
      "        - [mandatory] [severity: critical]  m365-advertisement-requires-exception  (azure-native:network:RouteFilter: rf-m365)",
    );
    expect(quiet.trimEnd().split("\n").pop()).toMatch(/^BLOCKED: 1 mandatory finding/);
    expect(formatText({ ...report, findings: [] }, { ...DEFAULT_RENDER, quiet: true })).toMatch(
      /^passed: 0 mandatory findings, 0 advisory findings; [^\n]*\n$/,
    );
  });

  test("colour marks the levels and the verdict, and only when asked", () => {
    // util.styleText's codes: bold on/off around the colour on/off.
    const coloured = formatText(report, { ...DEFAULT_RENDER, color: true });
    expect(coloured).toContain(
      "- \u001b[1m\u001b[31m[mandatory]\u001b[39m\u001b[22m [severity: critical]  m365-advertisement-requires-exception",
    );
    expect(coloured).toContain("- \u001b[33m[advisory]\u001b[39m [severity: high]  m365-route-filter-not-in-stack");
    expect(coloured).toContain("\u001b[1m\u001b[31mBLOCKED\u001b[39m\u001b[22m: 1 mandatory finding");
    expect(formatText({ ...report, findings: [] }, { ...DEFAULT_RENDER, color: true })).toContain(
      "\u001b[1m\u001b[32mpassed\u001b[39m\u001b[22m: ",
    );
    expect(text).not.toContain("\u001b[");
  });
});

describe("json", () => {
  const doc = JSON.parse(formatJson(report));

  test("each finding carries its policy, level, severity and resource", () => {
    expect(doc.findings[0]).toEqual({
      policy: "m365-advertisement-requires-exception",
      enforcementLevel: "mandatory",
      severity: "critical",
      urn: "urn:pulumi:dev::hub::azure-native:network:RouteFilter::rf-m365",
      resourceType: "azure-native:network:RouteFilter",
      resourceName: "rf-m365",
      message: expect.stringContaining("Route filter rf-m365 allows Microsoft 365 communities"),
      location: { file: "state.json", line: expect.any(Number) },
      // A hand-written export: no program position recorded.
      sourcePosition: null,
      programLocation: null,
    });
  });

  test("carries its schema version, and the accepted risks with their exception", () => {
    expect(doc.schemaVersion).toBe("1.1");
    expect(doc.acceptedRisks).toEqual([
      {
        urn: "urn:pulumi:dev::hub::azure-native:network:RouteFilter::rf-ok",
        routeFilter: "rf-ok",
        communities: ["12076:5020"],
        exception: {
          id: "ER365-2026-007",
          microsoftAuthorization: "MSFT-ER365-AUTH-4411",
          approvedBy: ["network-architecture", "security-office"],
          expires: "2026-12-10",
        },
        location: { file: "state.json", line: expect.any(Number) },
        sourcePosition: null,
        programLocation: null,
      },
    ]);
    expect(doc.summary.acceptedRisks).toBe(1);
  });

  test("the summary counts what decides the exit code", () => {
    expect(doc.summary).toMatchObject({ blocked: true, findings: 3, mandatory: 1, advisory: 2, resources: 5, expressRouteResources: 3 });
    expect(doc.summary.policies["m365-exception-expiring"]).toEqual({ enforcementLevel: "advisory", findings: 1 });
  });
});

describe("sarif", () => {
  // The official SARIF 2.1.0 schema as Microsoft's @microsoft/jest-sarif ships it (sarif-2.1.0-rtm.5.json).
  // It is written for draft-04, and uses no keyword whose meaning differs in draft-07 (checked below), so
  // only its header is rewritten for Ajv's default draft-07: `id` becomes `$id`.
  const { $schema: draft, id, ...schema } = require("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
  // Its `language` pattern has a stray "]", legal in a regular expression only without the u flag.
  const ajv = new Ajv({ allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile({ ...schema, $id: id });
  const log = JSON.parse(formatSarif(report));

  test("the schema is the draft-04 SARIF 2.1.0 one, with no draft-04-only keyword", () => {
    expect(draft).toBe("http://json-schema.org/draft-04/schema#");
    expect(JSON.stringify(schema)).not.toMatch(/"exclusive(Minimum|Maximum)"\s*:\s*(true|false)/);
  });

  test("the log validates against the SARIF 2.1.0 schema", () => {
    expect(validate(log)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
  });

  test("the validator does reject a malformed log", () => {
    expect(validate({ ...log, runs: [{ ...log.runs[0], results: [{ ...log.runs[0].results[0], level: "fatal" }] }] })).toBe(false);
  });

  test("one rule per policy of the pack, with its descriptions, help, link and the catalog's sources", () => {
    const rules = log.runs[0].tool.driver.rules;
    expect(rules.map((r: { id: string }) => r.id)).toEqual(POLICIES.map((p) => p.name));
    expect(rules[0]).toMatchObject({
      name: POLICIES[0].displayName,
      shortDescription: { text: POLICIES[0].displayName },
      fullDescription: { text: POLICIES[0].description },
      help: {
        text: expect.stringContaining(`Remediation: ${POLICIES[0].remediationSteps}`),
        markdown: expect.stringContaining(`**Remediation:** ${POLICIES[0].remediationSteps}`),
      },
      helpUri: POLICIES[0].url,
      defaultConfiguration: { enabled: true, level: "error" },
      properties: { "security-severity": "9.5" },
    });
    for (const source of Object.values(sources)) {
      expect(rules[0].help.markdown).toContain(`[${source.document}](${source.url}), read ${source.read}`);
      expect(rules[0].properties.sources).toContainEqual(source);
    }
  });

  test("the driver says where to read about the tool", () => {
    expect(log.runs[0].tool.driver).toMatchObject({
      name: "expressroute-m365-guard",
      version: "0.1.0",
      informationUri: expect.stringMatching(/^https:\/\//),
    });
  });

  test("a route filter an exception covers is a result with an accepted external suppression naming the exception and the authorization", () => {
    const suppressed = log.runs[0].results.filter((r: { suppressions?: unknown }) => r.suppressions);
    expect(suppressed).toEqual([
      expect.objectContaining({
        ruleId: "m365-advertisement-requires-exception",
        level: "error",
        message: {
          text: expect.stringMatching(/^Route filter rf-ok allows Microsoft 365 communities 12076:5020 under exception ER365-2026-007/),
        },
        suppressions: [
          {
            kind: "external",
            status: "accepted",
            justification: expect.stringMatching(
              /^Exception ER365-2026-007 of the register, under Microsoft's authorization MSFT-ER365-AUTH-4411; /,
            ),
          },
        ],
      }),
    ]);
    expect(suppressed[0].locations[0].logicalLocations[0].name).toBe("rf-ok");
  });

  test("an accepted risk keeps the fingerprint its finding would have, so the alert reopens when the exception lapses", () => {
    const lapsed = scanSample("2026-12-11");
    const finding = JSON.parse(formatSarif(lapsed)).runs[0].results.find(
      (r: { ruleId: string; locations: { logicalLocations?: { name: string }[] }[] }) =>
        r.ruleId === "m365-advertisement-requires-exception" && r.locations[0].logicalLocations?.[0].name === "rf-ok",
    );
    const accepted = log.runs[0].results.find((r: { suppressions?: unknown }) => r.suppressions);
    expect(finding.suppressions).toBeUndefined();
    expect(finding.partialFingerprints).toEqual(accepted.partialFingerprints);
  });

  test("results are errors when mandatory and warnings when advisory, located by URN and by file line", () => {
    const [mandatory, advisory] = log.runs[0].results;
    expect(mandatory).toMatchObject({ ruleId: "m365-advertisement-requires-exception", ruleIndex: 0, level: "error" });
    expect(advisory).toMatchObject({ ruleId: "m365-route-filter-not-in-stack", level: "warning" });
    expect(mandatory.locations[0]).toEqual({
      physicalLocation: { artifactLocation: { uri: "state.json" }, region: { startLine: expect.any(Number) } },
      logicalLocations: [
        { fullyQualifiedName: "urn:pulumi:dev::hub::azure-native:network:RouteFilter::rf-m365", name: "rf-m365", kind: "resource" },
      ],
    });
    expect(mandatory.partialFingerprints["expressrouteM365Guard/v1"]).toMatch(/^[0-9a-f]{64}$/);
  });

  test("a disabled policy keeps its rule, marked not enabled", () => {
    const quiet = { ...report, policies: report.policies.map((p, i) => (i === 4 ? { ...p, level: "disabled" as const } : p)) };
    const rules = JSON.parse(formatSarif(quiet)).runs[0].tool.driver.rules;
    expect(rules[4].defaultConfiguration).toEqual({ enabled: false, level: "none" });
  });
});

describe("junit", () => {
  const xml = formatJunit(report);
  const parsed = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "",
    isArray: (name) => ["testsuite", "testcase"].includes(name),
  }).parse(xml);
  const suites: { name: string; tests: string; failures: string; skipped: string; testcase: Record<string, unknown>[] }[] =
    parsed.testsuites.testsuite;

  test("is well-formed XML", () => {
    expect(XMLValidator.validate(xml)).toBe(true);
  });

  test("a suite per policy, a test case per policy and resource plus one for the stack and its config", () => {
    expect(suites.map((s) => s.name)).toEqual(POLICIES.map((p) => p.name));
    for (const suite of suites) expect(suite.testcase).toHaveLength(1 + 3);
    expect(parsed.testsuites.tests).toBe(String(POLICIES.length * 4));
  });

  test("a mandatory finding fails its test case; the suites count it", () => {
    const main = suites[0];
    expect(main).toMatchObject({ failures: "1", skipped: "0" });
    const failed = main.testcase.find((c) => c.failure)!;
    expect(failed.name).toBe("urn:pulumi:dev::hub::azure-native:network:RouteFilter::rf-m365");
    expect(failed.failure).toMatchObject({ type: "mandatory", message: expect.stringContaining("Route filter rf-m365 allows") });
    expect((failed.failure as { "#text": string })["#text"]).toContain("12076:5010 Exchange Online");
  });

  test("an advisory finding is a skipped test case with its message, not a failure", () => {
    const notInStack = suites[1];
    expect(notInStack).toMatchObject({ failures: "0", skipped: "1" });
    const skipped = notInStack.testcase.find((c) => c.skipped)!;
    expect(skipped.skipped).toEqual({ message: expect.stringMatching(/^advisory: Cannot verify the IPv4 Microsoft peering/) });
    expect(skipped["system-out"]).toContain("rf-elsewhere");
    expect(parsed.testsuites.failures).toBe("1");
  });

  test("markup and line breaks in messages survive", () => {
    const finding = { ...report.findings[0], message: 'a <b> & "c"\nsecond line' };
    const again = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(
      formatJunit({ ...report, findings: [finding] }),
    );
    const failure = again.testsuites.testsuite[0].testcase.find((c: Record<string, unknown>) => c.failure).failure;
    expect(failure.message).toBe('a <b> & "c"');
    expect(failure["#text"]).toBe('a <b> & "c"\nsecond line');
  });
});

describe("markdown", () => {
  const md = formatMarkdown(report);

  test("says first whether the deployment is blocked", () => {
    expect(md.split("\n")[0]).toBe("### ❌ expressroute-m365-guard: deployment blocked");
    expect(md).toContain(
      "**1 mandatory finding**, 2 advisory findings in 3 ExpressRoute resources of `state.json`, judged as of 2026-11-26.",
    );
  });

  test("lists the accepted risks under the counts", () => {
    expect(md).toContain(
      "Accepted risk, under an exception of the register:\n\n- rf-ok (`state.json:73`) allows 12076:5020 under ER365-2026-007 (Microsoft authorization MSFT-ER365-AUTH-4411, expires 2026-12-10)\n",
    );
    expect(formatMarkdown({ ...report, acceptedRisks: [] })).not.toContain("Accepted risk");
  });

  test("a table row per finding, then the full messages folded away", () => {
    const rows = md.split("\n").filter((l) => /^\| (❌|⚠️)/.test(l));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(
      /^\| ❌ mandatory \| `m365-advertisement-requires-exception` \| rf-m365 \(azure-native:network:RouteFilter\) \| `state\.json:30` \| Route filter rf-m365 allows/,
    );
    expect(md).toContain("<details><summary>Full messages and remediation</summary>");
    expect(md).toContain(`Remediation: ${POLICIES[0].remediationSteps}`);
  });

  test("a pipe or markup in a message cannot break the table", () => {
    const finding = { ...report.findings[0], message: "a | b <script> `c`" };
    const row = formatMarkdown({ ...report, findings: [finding] })
      .split("\n")
      .find((l) => l.startsWith("| ❌"))!;
    expect(row.endsWith("| a \\| b \\<script\\> \\`c\\` |")).toBe(true);
  });

  test("with advisory findings only it passes with warnings; with none it says so", () => {
    const advisory = report.findings.filter((f) => f.enforcementLevel === "advisory");
    expect(formatMarkdown({ ...report, findings: advisory })).toMatch(/^### ⚠️ expressroute-m365-guard: passed with warnings/);
    expect(formatMarkdown({ ...report, findings: [] })).toMatch(/^### ✅ expressroute-m365-guard: no findings\n/);
  });
});

describe("github", () => {
  const lines = formatGithub(report).trimEnd().split("\n");
  // What the runner does with a workflow command's data and properties: the reverse of the escaping.
  const decode = (text: string) =>
    text.replace(/%2C/g, ",").replace(/%3A/g, ":").replace(/%0A/g, "\n").replace(/%0D/g, "\r").replace(/%25/g, "%");

  test("one ::error per mandatory finding and one ::warning per advisory one, on the resource's file and line, then the verdict", () => {
    expect(lines).toHaveLength(report.findings.length + 1);
    const [mandatory, notInStack] = lines;
    const line = inputLocationOf(report, report.findings[0]).line;
    expect(mandatory).toMatch(
      new RegExp(
        `^::error file=state\\.json,line=${line},title=m365-advertisement-requires-exception%3A rf-m365 \\(azure-native%3Anetwork%3ARouteFilter\\)::Route filter rf-m365 allows`,
      ),
    );
    expect(notInStack).toMatch(/^::warning file=state\.json,line=\d+,title=m365-route-filter-not-in-stack%3A er-hub-microsoft /);
    expect(lines[lines.length - 1]).toBe("expressroute-m365-guard: BLOCKED, 1 mandatory finding, 2 advisory findings");
  });

  test("each finding stays on one line, and its message comes back whole", () => {
    for (const [i, finding] of report.findings.entries()) {
      expect(decode(lines[i].slice(lines[i].indexOf("::", 2) + 2))).toBe(finding.message);
    }
  });

  test("%, line breaks, colons and commas are escaped as the runner reads them", () => {
    const odd = {
      ...report,
      inputs: [{ file: "odd,name:1.json", kind: "stack export" as const }],
      configFile: undefined,
      findings: [{ policy: POLICIES[0], enforcementLevel: "mandatory" as const, message: "100% sure\r\n::error::injected" }],
    };
    const [line] = formatGithub(odd).split("\n");
    expect(line).toBe(
      "::error file=odd%2Cname%3A1.json,title=m365-advertisement-requires-exception%3A the stack and its policy pack config::100%25 sure%0D%0A::error::injected",
    );
    expect(decode(line.split("::")[2])).toBe("100% sure\r\n");
  });
});

describe("a finding about the stack rather than a resource", () => {
  const stackWide = { policy: POLICIES[0], enforcementLevel: "mandatory" as const, message: "The exception register is invalid" };
  const withIt = { ...report, findings: [stackWide] };

  test("points at the config file in SARIF, with no logical location", () => {
    const result = JSON.parse(formatSarif(withIt)).runs[0].results[0];
    expect(result.locations).toEqual([{ physicalLocation: { artifactLocation: { uri: "policy-config.json" } } }]);
  });

  test("fails the stack test case in JUnit", () => {
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(formatJunit(withIt));
    const failed = parsed.testsuites.testsuite[0].testcase.find((c: Record<string, unknown>) => c.failure);
    expect(failed.name).toBe("the stack and its policy pack config");
  });

  test("has no resource in JSON", () => {
    expect(JSON.parse(formatJson(withIt)).findings[0]).toMatchObject({
      urn: null,
      resourceName: null,
      location: { file: "policy-config.json" },
    });
  });
});

test("paths outside the repository become file URLs in SARIF", () => {
  const elsewhere = {
    ...report,
    resources: report.resources.map((r) => ({ ...r, file: path.resolve("/", "tmp", "other", "state.json") })),
  };
  const uri = JSON.parse(formatSarif(elsewhere, { ...DEFAULT_RENDER, paths: { cwd: "/work", repoRoot: "/work", sourceRoot: "" } })).runs[0]
    .results[0].locations[0].physicalLocation.artifactLocation.uri;
  expect(uri).toBe("file:///tmp/other/state.json");
});
