/**
 * One verdict on a deployed stack whatever runs the pack: `pulumi preview`, `pulumi policy analyze --stack` and
 * `--file`, and `scan` of the export (see harness.ts for what is real and what is a stand-in). The stand-in
 * azure-native provider answers here in the real provider's shape (STAND_IN_OUTPUTS=api): outputs hold the API's
 * body, not the path parameters (`resourceGroupName`, `routeFilterName`), which are only in `__inputs`, and the
 * engine hides every key beginning `__` from policies. Stack analysis must still see which filter a standalone rule
 * adds to: the pack takes it from the inputs the engine showed it when it analysed that rule earlier in the run.
 *
 * The filter allows 12076:5010 inline and its standalone rule adds 12076:5020. One exception for each, none for
 * both, blocks everywhere (each part passes alone, the filter as a whole has no exception); one exception for
 * both passes everywhere, with nothing reported as broader than used.
 */
import * as fs from "fs";
import * as path from "path";
import { assertBuilt } from "../cli/run-cli";
import {
  type Cli,
  PACK_DIR,
  type RunResult,
  STACK,
  Workspace,
  cliBanner,
  ensureCli,
  explain,
  jsonEvents,
  policyAndErrorEvents,
  policyEvents,
  scanJson,
  scratchRoot,
} from "../../harness/pulumi-cli";

const MAIN = "m365-advertisement-requires-exception";
const API_SHAPE = { STAND_IN_OUTPUTS: "api" };

const PROGRAM = `
import * as network from "@pulumi/azure-native/network";

new network.RouteFilter("rf-hub", {
  routeFilterName: "rf-m365",
  resourceGroupName: "rg-hub",
  location: "westeurope",
  rules: [{ name: "allow-exo", access: "Allow", routeFilterRuleType: "Community", communities: ["12076:5010"] }],
});

// Named by a literal: no property dependency links it to the filter, only its routeFilterName input.
new network.RouteFilterRule("rule-spo", {
  ruleName: "allow-spo",
  routeFilterName: "rf-m365",
  resourceGroupName: "rg-hub",
  access: "Allow",
  routeFilterRuleType: "Community",
  communities: ["12076:5020"],
});
`;

const entry = (id: string, communities: string[]) => ({
  id,
  microsoftAuthorization: "MSFT-ER365-AUTH-4411",
  justification: "Regulation mandates private connectivity",
  approvedBy: ["network-architecture", "security-office"],
  expires: "2099-12-31",
  communities,
  routeFilters: ["rf-m365"],
});

const REGISTERS = {
  "one exception per part": [entry("ER365-A", ["12076:5010"]), entry("ER365-B", ["12076:5020"])],
  "one exception for both": [entry("ER365-AB", ["12076:5010", "12076:5020"])],
};
type Register = keyof typeof REGISTERS;

/** Each way of running the pack, with one register. */
interface Outcome {
  readonly preview: RunResult;
  readonly analyzeStack: RunResult;
  readonly analyzeFile: RunResult;
  readonly scan: RunResult;
}

let cli: Cli;
let root: string;
let ws: Workspace;
let exported: string;
const outcomes = new Map<Register, Outcome>();

beforeAll(async () => {
  assertBuilt();
  cli = await ensureCli();
  console.log(cliBanner(cli) + "\n     azure-native stand-in answering in the real provider's output shape (STAND_IN_OUTPUTS=api)");
  root = scratchRoot("deployed-inputs");
  const indexTs = path.join(root, "index.ts");
  fs.writeFileSync(indexTs, PROGRAM);
  ws = await Workspace.ofProgram(cli, root, "split", { projectYaml: "name: split-exceptions\nruntime: nodejs\n", indexTs });
  const up = await ws.pulumi(["up", "--yes", "--skip-preview", "--color", "never"], API_SHAPE);
  explain(up, () => expect(up.code).toBe(0));
  exported = path.join(root, "state.json");
  const exportRun = await ws.exportStack(exported);
  explain(exportRun, () => expect(exportRun.code).toBe(0));
  for (const [name, exceptions] of Object.entries(REGISTERS) as [Register, unknown[]][]) {
    const config = path.join(root, `${name.replace(/ /g, "-")}.json`);
    fs.writeFileSync(config, JSON.stringify({ [MAIN]: { exceptions } }));
    const pack = ["--policy-pack", PACK_DIR, "--policy-pack-config", config];
    outcomes.set(name, {
      preview: await ws.pulumi(["preview", "--json", ...pack], { ...API_SHAPE, PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true" }),
      analyzeStack: await ws.analyze({ stack: STACK }, config),
      analyzeFile: await ws.analyze({ file: exported }, config),
      scan: await scanJson(exported, config, ws.dir),
    });
  }
}, 20 * 60_000);

afterAll(() => root && fs.rmSync(root, { recursive: true, force: true }));

const sorted = (lines: string[]) => [...lines].sort();

/** Each run's findings as `policy level resource` lines, and whether it failed. */
function verdicts(outcome: Outcome): Record<string, { lines: string[]; blocked: boolean }> {
  const fromEngine = (run: RunResult, what: string) => {
    let lines: string[] = [];
    explain(
      run,
      () => {
        lines = policyEvents(jsonEvents(run.stdout)).map((f) => `${f.policy} ${f.enforcementLevel} ${f.resource}`);
      },
      policyAndErrorEvents,
      what,
    );
    return { lines: sorted(lines), blocked: run.code !== 0 };
  };
  let report: any;
  explain(
    outcome.scan,
    () => {
      expect([0, 1]).toContain(outcome.scan.code);
      report = JSON.parse(outcome.scan.stdout);
    },
    undefined,
    "expressroute-m365-guard scan",
  );
  const name = (urn: string | null) => (urn ? urn.split("::").pop() : null);
  return {
    preview: fromEngine(outcome.preview, "pulumi preview"),
    "policy analyze --stack": fromEngine(outcome.analyzeStack, "pulumi policy analyze --stack"),
    "policy analyze --file": fromEngine(outcome.analyzeFile, "pulumi policy analyze --file"),
    scan: {
      lines: sorted(report.findings.map((f: any) => `${f.policy} ${f.enforcementLevel} ${name(f.urn)}`)),
      blocked: outcome.scan.code === 1,
    },
  };
}

test("the stand-in answered in the real provider's shape: the rule's outputs do not name its filter", () => {
  const state = JSON.parse(fs.readFileSync(exported, "utf8"));
  const rule = state.deployment.resources.find((r: any) => r.type === "azure-native:network:RouteFilterRule");
  expect(rule.outputs.routeFilterName).toBeUndefined();
  expect(rule.outputs.__inputs.routeFilterName).toBe("rf-m365");
});

test("one exception per part, none for both: preview, policy analyze --stack/--file and scan all block the rule the closest exception leaves out", () => {
  const all = verdicts(outcomes.get("one exception per part")!);
  // Reported on the part the closest exception leaves out.
  const expected = { lines: [`${MAIN} mandatory rule-spo`], blocked: true };
  expect(all).toEqual({ preview: expected, "policy analyze --stack": expected, "policy analyze --file": expected, scan: expected });
});

test("one exception for both: every run passes, and neither exception is reported broader than used", () => {
  const all = verdicts(outcomes.get("one exception for both")!);
  for (const [run, got] of Object.entries(all)) expect({ run, ...got }).toEqual({ run, lines: [], blocked: false });
});
