/**
 * Issue 17, class 16 through the command's `main`: a template whose variables wrap one another
 * 100 deep, each in 20 nested concat()s, once made `scan` stop with a RangeError (exit 2).
 */
import { concatChain } from "../adapters/shapes";
import { runCli } from "./run-cli";
import { previewStream, provider, urnOf, workDir } from "./fixtures";

const armFilter = (communities: unknown) => ({
  type: "Microsoft.Network/routeFilters",
  apiVersion: "2023-09-01",
  name: "rf-chain",
  properties: { rules: [{ name: "allow", properties: { access: "Allow", routeFilterRuleType: "Community", communities } }] },
});

/** A new azure-native Deployment in a preview stream, its inline template as the program gives it. */
function plannedDeployment(template: Record<string, unknown>) {
  const inputs = { deploymentName: "chain", resourceGroupName: "rg-hub", properties: { mode: "Incremental", template } };
  const type = "azure-native:resources:Deployment";
  return {
    urn: urnOf(type, "chain"),
    custom: true,
    type,
    id: "",
    inputs,
    outputs: {},
    provider: `${provider().urn}::${provider().id}`,
    propertyDependencies: {},
  };
}

test.each([
  ["100 variables in 20 nested concat()s each", 100, 20],
  ["2,000 variables in 60 nested concat()s each", 2_000, 60],
])("scan gives the verdict on %s, not exit 2", (_what, length, depth) => {
  const template = { variables: concatChain(length, depth, "12076:5010"), resources: [armFilter(["[variables('v0')]"])] };
  const dir = workDir({ "preview.jsonl": previewStream([{ op: "create", state: plannedDeployment(template) }]) });
  const { code, stdout, stderr } = runCli(["scan", "preview.jsonl", "--format", "json", "--now", "2026-11-26"], dir);
  expect(stderr).toBe("");
  expect(code).toBe(1);
  const [finding, ...rest] = JSON.parse(stdout).findings;
  expect(rest).toEqual([]);
  expect(finding).toMatchObject({ policy: "m365-advertisement-requires-exception", enforcementLevel: "mandatory", resourceName: "chain" });
  expect(finding.message).toContain("Route filter rf-chain allows Microsoft 365 communities");
  expect(finding.message).toContain(
    "12076:5010 Exchange Online (properties.template.resources[0].properties.rules[0].properties.communities[0])",
  );
});
