/**
 * Ways past the rule found after issue 17 was closed, through the real policy runtime beside
 * scan: request paths Azure may rewrite (`..`, percent-escapes, a slash in a generic resource's
 * name), `existing` outside languageVersion 2.0, and a resourceId on an AzAPI Resource (which
 * has no such input) naming an excepted filter. Each is a mandatory finding; pack and scan agree.
 */
import { packAndScan } from "../support/agreement";
import { type PackConfig, PolicyRuntime, type StackResource } from "../../harness/policy-runtime";
import { resource } from "../../harness/stack";

const MAIN = "m365-advertisement-requires-exception";
const SUB = "11111111-2222-3333-4444-555555555555";
const RG = `/subscriptions/${SUB}/resourceGroups/rg-api`;

let runtime: PolicyRuntime;
beforeAll(async () => (runtime = await PolicyRuntime.start()));
afterAll(() => runtime.close());

const rules = [{ name: "allow", properties: { access: "Allow", routeFilterRuleType: "Community", communities: ["12076:5010"] } }];
const generic = (name: string, props: Record<string, unknown>) =>
  resource("azure-native:resources:Resource", name, {
    resourceGroupName: "rg-gen",
    apiVersion: "2023-09-01",
    parentResourcePath: "",
    resourceProviderNamespace: "Microsoft.Network",
    ...props,
  });

const EXCEPTION: PackConfig = {
  [MAIN]: {
    exceptions: [
      {
        id: "ER365-1",
        microsoftAuthorization: "MSFT-1",
        justification: "regulator",
        approvedBy: ["network"],
        expires: "2099-12-31",
        communities: ["12076:5010"],
        routeFilters: ["rf-excepted"],
      },
    ],
  },
};

const CASES: [string, StackResource, string, PackConfig][] = [
  [
    "an AzAPI ResourceAction PUT whose URL goes up a level with ..",
    resource("azapi:index/resourceAction:ResourceAction", "act-dotdot", {
      type: "Microsoft.Network/routeFilters@2023-09-01",
      resourceId: `${RG}/providers/Microsoft.Network/routeFilters/x`,
      action: "../rf",
      method: "PUT",
      body: { properties: { rules } },
    }),
    "which Azure may rewrite before routing it",
    {},
  ],
  [
    "a generic resource whose resourceType is percent-escaped",
    generic("gen-escaped", { resourceType: "route%46ilters", resourceName: "rf", properties: { rules } }),
    "which Azure may rewrite before routing it",
    {},
  ],
  [
    "a generic route filter whose resourceName names a rule under it",
    generic("gen-slash", {
      resourceType: "routeFilters",
      resourceName: "rf/routeFilterRules/r",
      properties: { access: "Allow", communities: ["12076:5010"] },
    }),
    "which Azure may rewrite before routing it",
    {},
  ],
  [
    "a languageVersion 1.0 template whose filter says existing",
    resource("azure-native:resources:Deployment", "tpl-existing", {
      resourceGroupName: "rg-hub",
      properties: {
        mode: "Incremental",
        template: {
          resources: [
            { type: "Microsoft.Network/routeFilters", apiVersion: "2023-09-01", name: "rf-t", existing: true, properties: { rules } },
          ],
        },
      },
    }),
    "12076:5010 Exchange Online (properties.template.resources[0].properties.rules[0].properties.communities[0])",
    {},
  ],
  [
    "an AzAPI Resource that creates rf-evil with a resourceId naming the excepted rf-excepted",
    resource("azapi:index/resource:Resource", "api-spoof", {
      type: "Microsoft.Network/routeFilters@2023-09-01",
      name: "rf-evil",
      parentId: RG,
      resourceId: `${RG}/providers/Microsoft.Network/routeFilters/rf-excepted`,
      body: { properties: { rules } },
    }),
    "Route filter rf-evil allows Microsoft 365 communities",
    EXCEPTION,
  ],
];

test.each(CASES)("%s: a mandatory finding on the resource, and the pack and scan agree", async (_what, r, says, config) => {
  const found = await runtime.violationsOf(MAIN, [r], config);
  const onIt = found.filter((v) => v.urn === r.urn);
  expect(onIt.length).toBeGreaterThan(0);
  expect(onIt.every((v) => v.enforcementLevel === "mandatory")).toBe(true);
  expect(onIt.map((v) => v.message).join("\n")).toContain(says);
  const { byPack, byScan } = await packAndScan(runtime, [r], config);
  expect(byPack).toEqual(byScan);
});

test("the excepted filter itself, made by an AzAPI Resource, still passes", async () => {
  const r = resource("azapi:index/resource:Resource", "api-excepted", {
    type: "Microsoft.Network/routeFilters@2023-09-01",
    name: "rf-excepted",
    parentId: RG,
    body: { properties: { rules } },
  });
  expect(await runtime.violationsOf(MAIN, [r], EXCEPTION)).toEqual([]);
});
