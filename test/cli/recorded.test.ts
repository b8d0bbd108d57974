/**
 * Files the real Pulumi engine wrote (see recorded/README.md): the command reads them, and reaches
 * the verdicts the pack reached inside the engine, as recorded in the preview streams' policy events.
 */
import * as fs from "fs";
import * as path from "path";
import { POLICIES } from "../../src/policies";
import { readInput } from "../../src/cli/inputs";
import { scan } from "../../src/cli/scan";

const RECORDED = path.join(__dirname, "recorded");
const file = (name: string) => path.join(RECORDED, name);
const findingsOf = (name: string) => scan({ files: [file(name)], date: "2026-11-26" }).report.findings;

interface PolicyEvent {
  policyName: string;
  enforcementLevel: string;
  resourceUrn: string;
  message: string;
}

/** What the pack reported inside `pulumi preview`. */
function engineVerdicts(name: string): PolicyEvent[] {
  return fs
    .readFileSync(file(name), "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line).policyEvent)
    .filter(Boolean);
}

const key = (policy: string, level: string, urn: string | undefined) => `${policy} ${level} ${urn}`;
const engineKeys = (name: string) =>
  engineVerdicts(name)
    .map((e) => key(e.policyName, e.enforcementLevel, e.resourceUrn))
    .sort();
const scanKeys = (name: string) =>
  findingsOf(name)
    .map((f) => key(f.policy.name, f.enforcementLevel, f.urn))
    .sort();
const URN = (type: string, name: string) => `urn:pulumi:dev::hub::azure-native:network:${type}::${name}`;

test("the recorded files are read as the kinds they are", () => {
  expect(readInput(file("preview-create.jsonl")).kind).toBe("preview stream");
  expect(readInput(file("state.json")).kind).toBe("stack export");
  // The default provider is an internal step: not in the stream, configured from the prelude's stack config.
  const filter = readInput(file("preview-create.jsonl")).resources.find((r) => r.record.name === "rf-m365")!;
  expect(filter.record.provider).toEqual({ type: "pulumi:providers:azure-native", props: { environment: "public" } });
});

test("after the deployment, the preview stream and the stack export give exactly the engine's verdicts", () => {
  const engine = engineKeys("preview-deployed.jsonl");
  expect(engine).toEqual([
    key("m365-advertisement-requires-exception", "mandatory", URN("RouteFilter", "rf-m365")),
    key("m365-advertisement-requires-exception", "mandatory", URN("RouteFilter", "rf-secret")),
  ]);
  expect(scanKeys("preview-deployed.jsonl")).toEqual(engine);
  expect(scanKeys("state.json")).toEqual(engine);
});

test("where the pack could read everything, the message is the engine's, word for word", () => {
  const [engine] = engineVerdicts("preview-deployed.jsonl").filter((e) => e.resourceUrn === URN("RouteFilter", "rf-m365"));
  const description = POLICIES.find((p) => p.name === engine.policyName)!.description;
  for (const recorded of ["preview-deployed.jsonl", "state.json"]) {
    const finding = findingsOf(recorded).find((f) => f.urn === URN("RouteFilter", "rf-m365"))!;
    expect(`${description}\n${finding.message}\n`).toBe(engine.message);
  }
});

test("a secret the engine decrypts for the pack is unreadable to the command: blocked either way", () => {
  const [engine] = engineVerdicts("preview-deployed.jsonl").filter((e) => e.resourceUrn === URN("RouteFilter", "rf-secret"));
  expect(engine.message).toContain("[secret] SharePoint Online");
  const finding = findingsOf("state.json").find((f) => f.urn === URN("RouteFilter", "rf-secret"))!;
  expect(finding.message).toContain("rules[0].communities[0] is an encrypted secret");
});

test("before the first deployment, the stream's missing property dependencies cost one advisory finding", () => {
  // The peering's routeFilter.id is unknown until rf-m365 exists; the engine links the two through the
  // property dependencies, which the event stream does not carry.
  const peering = key("m365-route-filter-not-in-stack", "advisory", URN("ExpressRouteCircuitPeering", "er-hub-microsoft"));
  expect(scanKeys("preview-create.jsonl")).toEqual([...engineKeys("preview-create.jsonl"), peering].sort());
});
