/**
 * The bad-input matrix: every row is run through the real policy runtime, and docs/bad-inputs.md
 * must list exactly these rows with these outcomes, so the table users read cannot drift from
 * what the pack does.
 */
import { readFileSync } from "fs";
import * as path from "path";
import { type PackConfig, PolicyRuntime, type StackResource, UNKNOWN, secret } from "../../harness/policy-runtime";
import { classicRouteFilter, exception, nativeProvider, peering, routeFilter, routeFilterRule, urnOf } from "../../harness/stack";

const MAIN = "m365-advertisement-requires-exception";

interface Row {
  readonly input: string;
  readonly resources: StackResource[];
  readonly config?: PackConfig;
  readonly policy: string;
  readonly level: "mandatory" | "advisory";
  /** Whether the finding is on the resource (else on the stack: the register or options). */
  readonly onResource: boolean;
  readonly says: string;
}

const withProps = (r: StackResource, props: Record<string, unknown>): StackResource => ({ ...r, props: { ...r.props, ...props } });
const ruleOf = (communities: unknown, extra: Record<string, unknown> = {}) => ({
  rules: [{ name: "r", access: "Allow", routeFilterRuleType: "Community", communities, ...extra }],
});
const filter = routeFilter("rf", ["12076:51002"]);
const gatedFilter = routeFilter("rf-m365", ["12076:5010"]);
const register = (entry: Record<string, unknown>) => ({ [MAIN]: { exceptions: [entry] } });
const armFilter = (communities: unknown) => ({
  type: "Microsoft.Network/routeFilters",
  name: "rf",
  properties: { rules: [{ name: "r", properties: { access: "Allow", communities } }] },
});
const other = (type: string, name: string, props: Record<string, unknown>): StackResource => ({
  urn: urnOf(type, name),
  type,
  name,
  props,
  provider: nativeProvider(),
});
const deployment = (properties: Record<string, unknown>) =>
  other("azure-native:resources:Deployment", "tpl", { resourceGroupName: "rg", properties: { mode: "Incremental", ...properties } });
const classicDeployment = (props: Record<string, unknown>) =>
  other("azure:core/resourceGroupTemplateDeployment:ResourceGroupTemplateDeployment", "tpl", {
    name: "tpl",
    resourceGroupName: "rg",
    deploymentMode: "Incremental",
    ...props,
  });
const generic = (props: Record<string, unknown>) =>
  other("azure-native:resources:Resource", "gen", {
    resourceGroupName: "rg",
    apiVersion: "2023-09-01",
    resourceProviderNamespace: "Microsoft.Network",
    parentResourcePath: "",
    resourceType: "routeFilters",
    resourceName: "rf",
    properties: {},
    ...props,
  });
const action = (props: Record<string, unknown>) =>
  other("azapi:index/resourceAction:ResourceAction", "act", {
    type: "Microsoft.Network/routeFilters@2023-09-01",
    resourceId: "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/routeFilters/rf",
    method: "PUT",
    body: {},
    ...props,
  });
const stack = (properties: Record<string, unknown>) => ({
  type: "Microsoft.Resources/deploymentStacks",
  name: "s",
  properties: { denySettings: { mode: "none" }, ...properties },
});
const azapiFilter = (body: unknown) =>
  other("azapi:index/resource:Resource", "rf-api", {
    type: "Microsoft.Network/routeFilters@2023-09-01",
    name: "rf-api",
    parentId: "/subscriptions/x/resourceGroups/rg",
    body,
  });

/** Variables each twice the next: `d0` would be 2^(n-1) KB. */
const doubling = (n: number) => {
  const variables: Record<string, unknown> = { [`d${n - 1}`]: "x".repeat(1000) };
  for (let i = 0; i < n - 1; i++) variables[`d${i}`] = `[concat(variables('d${i + 1}'), variables('d${i + 1}'))]`;
  return variables;
};
/** Three variables that each compare a 100 KB text with itself 400 times. */
const costly = () => {
  const variables: Record<string, unknown> = { w: "x".repeat(100_000) };
  for (let i = 0; i < 3; i++) variables[`w${i}`] = `[and(${Array(400).fill("equals(variables('w'), variables('w'))").join(", ")})]`;
  return variables;
};

export const ROWS: Row[] = [
  {
    input: "a community computed from another resource's output (unknown at preview)",
    resources: [withProps(filter, ruleOf(["12076:51002", UNKNOWN]))],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: "rules[0].communities[1] is not known until the update runs",
  },
  {
    input: "the whole communities list unknown at preview",
    resources: [withProps(filter, ruleOf(UNKNOWN))],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: "rules[0].communities is not known until the update runs",
  },
  {
    input: "the rules list unknown at preview",
    resources: [withProps(filter, { rules: UNKNOWN })],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: "rules is not known until the update runs",
  },
  {
    input: "a rule's access unknown at preview",
    resources: [withProps(filter, ruleOf(["12076:51002"], { access: UNKNOWN }))],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: "rules[0].access is not known until the update runs",
  },
  {
    input: "a classic filter's rule unknown at preview",
    resources: [withProps(classicRouteFilter("rf", ["12076:51002"]), { rule: UNKNOWN })],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: "rule is not known until the update runs",
  },
  {
    input: "null where a community belongs",
    resources: [withProps(filter, ruleOf([null]))],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: 'rules[0].communities[0]: expected a string like "12076:5010", got null',
  },
  {
    input: "a number where a community belongs",
    resources: [withProps(filter, ruleOf([5010]))],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: 'rules[0].communities[0]: expected a string like "12076:5010", got number 5010',
  },
  {
    input: "an object (with a nested unknown) where a community belongs",
    resources: [withProps(filter, ruleOf([{ value: UNKNOWN }]))],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: "got an object",
  },
  {
    input: "a community not written ASN:value",
    resources: [withProps(filter, ruleOf(["12076-5010"]))],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: '"12076-5010" is not of the form ASN:value',
  },
  {
    input: "a community part above 65535",
    resources: [withProps(filter, ruleOf(["12076:70000"]))],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: "has a part above 65535",
  },
  {
    input: "a community Microsoft does not publish for the cloud",
    resources: [withProps(filter, ruleOf(["12076:5999"]))],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: "12076:5999 is not a community Microsoft publishes for AzureCloud",
  },
  {
    input: "a string where the communities list belongs",
    resources: [withProps(filter, ruleOf("12076:5010"))],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: 'rules[0].communities should be a list, but is "12076:5010"',
  },
  {
    input: "an object where the rules list belongs",
    resources: [withProps(filter, { rules: { communities: ["12076:5010"] } })],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: "rules should be a list, but is an object",
  },
  {
    input: "a string where a rule belongs",
    resources: [withProps(filter, { rules: ["12076:5010"] })],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: "rules[0] should be an object",
  },
  {
    input: "the provider's environment unknown at preview",
    resources: [routeFilter("rf", ["12076:51002"], { provider: nativeProvider({ environment: UNKNOWN }) })],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: "provider.environment is not known until the update runs",
  },
  {
    input: "a provider environment the catalog does not cover",
    resources: [routeFilter("rf", ["12076:51002"], { provider: nativeProvider({ environment: "german" }) })],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: 'environment "german" is not a cloud the community catalog covers',
  },
  {
    input: "a filter whose provider reported no properties",
    resources: [{ ...filter, props: {} }],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: "(all properties) are absent: the provider reported none",
  },
  {
    input: "a secret community (the runtime decrypts it for analysis)",
    resources: [withProps(filter, ruleOf([secret("12076:5010")]))],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: "12076:5010 Exchange Online",
  },
  {
    input: "a standalone rule whose filter cannot be told",
    resources: [routeFilterRule("rule", UNKNOWN, ["12076:5010"])],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: "Cannot verify which route filter rule adds 12076:5010 to: routeFilterName is not known yet",
  },
  {
    input: "a Microsoft peering whose route filter ID is computed from something else",
    resources: [peering("p", UNKNOWN)],
    policy: "m365-route-filter-not-in-stack",
    level: "advisory",
    onResource: true,
    says: "no route filter of this stack in the peering's subscription provides it",
  },
  {
    input: "an ARM template deployment whose template is linked (templateLink)",
    resources: [deployment({ templateLink: { uri: "https://example.org/t.json" } })],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: "properties.templateLink links the template from elsewhere, which the pack cannot read",
  },
  {
    input: "an ARM template deployment whose template is unknown at preview",
    resources: [deployment({ template: UNKNOWN })],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: "properties.template is not known until the update runs",
  },
  {
    input: "an ARM template expression the pack does not evaluate",
    resources: [deployment({ template: { resources: [armFilter(["[reference('x').c]"])] } })],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: "which the pack cannot evaluate: the function reference() is not one the pack evaluates",
  },
  {
    input: "a route filter a template deploys in a copy loop",
    resources: [deployment({ template: { resources: [{ ...armFilter(["12076:51002"]), copy: { name: "l", count: 2 } }] } })],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: "in a copy loop, which the pack does not expand",
  },
  {
    input: "a template parameter given as a Key Vault reference",
    resources: [
      deployment({
        parameters: { c: { reference: { keyVault: { id: "/kv" }, secretName: "s" } } },
        template: { parameters: { c: { type: "array" } }, resources: [armFilter("[parameters('c')]")] },
      }),
    ],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: "is a Key Vault reference, which the pack cannot read",
  },
  {
    input: "a classic template deployment whose templateContent is not JSON",
    resources: [classicDeployment({ templateContent: "{ not json" })],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: "templateContent is not valid JSON",
  },
  {
    input: "a classic template deployment of a template spec",
    resources: [
      classicDeployment({
        templateSpecVersionId: "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Resources/templateSpecs/t/versions/1",
      }),
    ],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: "templateSpecVersionId deploys a template spec, which the pack cannot read",
  },
  {
    input: "an AzAPI route filter whose body is unknown at preview",
    resources: [azapiFilter(UNKNOWN)],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: "body is not known until the update runs",
  },
  {
    input: "an AzAPI route filter whose body is not JSON",
    resources: [azapiFilter("{ not json")],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: "body is not valid JSON",
  },
  {
    input: "a register entry missing a required field",
    resources: [gatedFilter],
    config: register(exception({ microsoftAuthorization: undefined })),
    policy: MAIN,
    level: "mandatory",
    onResource: false,
    says: "exceptions[0] (ER365-2026-007), field microsoftAuthorization: is required",
  },
  {
    input: "a register entry with an impossible date",
    resources: [gatedFilter],
    config: register(exception({ expires: "2027-02-30" })),
    policy: MAIN,
    level: "mandatory",
    onResource: false,
    says: "field expires: must be a calendar date written YYYY-MM-DD",
  },
  {
    input: "two register entries with one id",
    resources: [gatedFilter],
    config: { [MAIN]: { exceptions: [exception(), exception()] } },
    policy: MAIN,
    level: "mandatory",
    onResource: false,
    says: "exceptions[1] (ER365-2026-007), field id: duplicate id",
  },
  {
    input: "a register entry listing a community that needs no authorization",
    resources: [gatedFilter],
    config: register(exception({ communities: ["12076:5060"] })),
    policy: MAIN,
    level: "mandatory",
    onResource: false,
    says: "12076:5060 is not a Microsoft 365 community that needs authorization",
  },
  {
    input: "a misspelt field in a register entry",
    resources: [gatedFilter],
    config: register(exception({ expiry: "2027-01-01" })),
    policy: MAIN,
    level: "mandatory",
    onResource: false,
    says: 'field expiry: unknown field "expiry"',
  },
  {
    input: "a misspelt option of the main policy",
    resources: [filter],
    config: { [MAIN]: { exeptions: [] } },
    policy: MAIN,
    level: "mandatory",
    onResource: false,
    says: "field exeptions: unknown option",
  },
  {
    input: "the register not written as a list",
    resources: [filter],
    config: { [MAIN]: { exceptions: { id: "ER365-2026-007" } } },
    policy: MAIN,
    level: "mandatory",
    onResource: false,
    says: "field exceptions: must be a list",
  },
  {
    input: "an azurerm resource about route filters that the pack does not read",
    resources: [
      other("azurerm:index/routeFilterRule:RouteFilterRule", "rule", { name: "exo", routeFilterName: "rf", communities: ["12076:51002"] }),
    ],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: "(all properties) are those of the azurerm resource RouteFilterRule, which may make or attach a route filter but which the pack does not read",
  },
  {
    input: "a generic azure-native resource whose namespace or type is unknown at preview",
    resources: [generic({ resourceType: UNKNOWN })],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: "resourceType is not known until the update runs",
  },
  {
    input: "a generic azure-native resource whose parent path and type name no resource type",
    resources: [generic({ parentResourcePath: "routeFilters" })],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: 'with parentResourcePath "routeFilters" names no resource type the pack can tell',
  },
  {
    input: "an AzAPI sensitiveBody that gives a key differently from body (azapi's merge is not guessed)",
    resources: [
      other("azapi:index/resource:Resource", "rf-api", {
        type: "Microsoft.Network/routeFilters@2023-09-01",
        name: "rf-api",
        parentId: "/subscriptions/x/resourceGroups/rg",
        body: { properties: { rules: [] } },
        sensitiveBody: { properties: { rules: [{ name: "r" }] } },
      }),
    ],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: "body+sensitiveBody.properties.rules is given differently in body and in sensitiveBody",
  },
  {
    input: "an AzAPI sensitiveBody unknown at preview",
    resources: [
      other("azapi:index/resource:Resource", "rf-api", {
        type: "Microsoft.Network/routeFilters@2023-09-01",
        name: "rf-api",
        parentId: "/subscriptions/x/resourceGroups/rg",
        body: {},
        sensitiveBody: UNKNOWN,
      }),
    ],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: "sensitiveBody is not known until the update runs",
  },
  {
    input: "an AzAPI ResourceAction PUT whose resourceId or action is unknown at preview",
    resources: [action({ action: UNKNOWN })],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: "action is not known until the update runs",
  },
  {
    input: "an AzAPI ResourceAction PUT to a URL that names no resource",
    resources: [action({ action: "routeFilterRules" })],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: "which names no ARM resource the pack can tell",
  },
  {
    input: "an AzAPI ResourceAction method azapi does not send",
    resources: [action({ method: "MERGE" })],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: "method should be one of POST, PATCH, PUT, DELETE, GET, HEAD",
  },
  {
    input: "a deployment stack in a template that reads differently in the declaring template and with its own parameters (assumed)",
    resources: [
      deployment({
        template: {
          parameters: { c: { type: "array", defaultValue: [] } },
          resources: [
            stack({
              parameters: { c: { value: ["12076:51002"] } },
              template: { parameters: { c: { type: "array" } }, resources: [armFilter("[parameters('c')]")] },
            }),
          ],
        },
      }),
    ],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: "deploys a deployment stack whose template reads differently in the declaring template and with the stack's own parameters; which ARM does is assumed, not documented",
  },
  {
    input: "a deployment stack inside a deployment stack's template",
    resources: [deployment({ template: { resources: [stack({ template: { resources: [stack({ template: { resources: [] } })] } })] } })],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: "deploys a deployment stack inside a deployment stack's template, which the pack does not read",
  },
  {
    input: "a template given as an object that lists its resources by symbolic name (languageVersion 2.0)",
    resources: [deployment({ template: { languageVersion: "2.0", resources: { __rf: armFilter(["12076:5010"]) } } })],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: 'properties.template.resources lists resources by symbolic name, and Pulumi hides every key beginning "__" from policies',
  },
  {
    input: "a template parameter or variable whose name begins __, in a template given as an object",
    resources: [deployment({ template: { variables: { __c: "12076:5010" }, resources: [armFilter(["[variables('__c')]"])] } })],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: 'variable "__c" begins "__": Pulumi hides every key beginning "__" from policies',
  },
  {
    input: "a template expression that reads a whole object (string(), equals()), in a template given as an object",
    resources: [
      deployment({
        template: {
          variables: { o: { __x: 1 } },
          resources: [armFilter(["[if(equals(variables('o'), createObject()), '12076:5060', '12076:5010')]"])],
        },
      }),
    ],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: 'it reads a whole object or list, and Pulumi hides every key beginning "__" from policies',
  },
  {
    input: "a template property written twice in different case with different values (rules and Rules)",
    resources: [
      deployment({
        template: {
          resources: [{ ...armFilter(["12076:51002"]), properties: { rules: [], Rules: armFilter(["12076:5010"]).properties.rules } }],
        },
      }),
    ],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: 'properties.template.resources[0].properties.rules is written twice, as "Rules" and "rules", with different values',
  },
  {
    input: "an AzAPI body with properties and Properties of different values",
    resources: [azapiFilter({ properties: { rules: [] }, Properties: armFilter(["12076:5010"]).properties })],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: 'body.properties is written twice, as "Properties" and "properties", with different values',
  },
  {
    input: "an ARM equals() or contains() that only the case of a text or name would decide",
    resources: [
      deployment({
        template: JSON.stringify({
          resources: [armFilter(["[if(equals(createObject('k', 'v'), createObject('K', 'v')), '12076:5010', '12076:51002')]"])],
        }),
      }),
    ],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: "whether ARM compares them with regard to case is not documented",
  },
  {
    input: "an ARM expression longer than 24,576 characters",
    resources: [deployment({ template: { resources: [armFilter([`[concat('12076:51002'${", ''".repeat(7000)})]`])] } })],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: "it is longer than 24576 characters, ARM's limit",
  },
  {
    input: "ARM template variables that build a value larger than 4 MB",
    resources: [deployment({ template: { variables: doubling(300), resources: [armFilter(["[variables('d0')]"])] } })],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: "is given values larger than 4 MB, ARM's limit for a whole template",
  },
  {
    input: "an ARM template that takes more work to evaluate than any deployable one",
    resources: [
      deployment({
        template: {
          variables: costly(),
          resources: [armFilter(["[if(and(variables('w0'), variables('w1'), variables('w2')), '12076:51002', '12076:5010')]"])],
        },
      }),
    ],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: "the template takes more than 100,000,000 steps to evaluate",
  },
  {
    input:
      "an AzAPI ResourceAction PUT or generic azure-native resource whose path has a .. or . segment, a percent-escape, a backslash, a query or a fragment (assumed: Azure may rewrite it)",
    resources: [action({ action: "../rf" })],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: "which Azure may rewrite before routing it: the pack cannot tell what it names",
  },
  {
    input: "a generic azure-native resource whose parent path holds providers/ (an extension resource)",
    resources: [
      generic({ resourceProviderNamespace: "Microsoft.Storage", parentResourcePath: "storageAccounts/st/providers/Microsoft.Network" }),
    ],
    policy: MAIN,
    level: "mandatory",
    onResource: true,
    says: "names an extension resource (a providers/ segment in parentResourcePath or resourceType), which the pack does not read",
  },
];

let runtime: PolicyRuntime;
beforeAll(async () => (runtime = await PolicyRuntime.start()));
afterAll(() => runtime.close());

test.each(ROWS.map((row) => [row.input, row] as const))("%s", async (_input, row) => {
  const found = await runtime.violationsOf(row.policy, row.resources, row.config ?? {});
  const matching = found.filter((v) => v.message.includes(row.says));
  expect(matching.length).toBeGreaterThan(0);
  for (const v of matching) {
    expect(v.enforcementLevel).toBe(row.level);
    expect(v.urn !== "").toBe(row.onResource);
  }
});

test("docs/bad-inputs.md lists exactly these rows and outcomes", () => {
  const doc = readFileSync(path.resolve(__dirname, "..", "..", "docs", "bad-inputs.md"), "utf8");
  const documented = doc
    .split("\n")
    .filter((line) => line.startsWith("| ") && !line.startsWith("| input") && !line.startsWith("| ---"))
    .map((line) => line.slice(2, -2).split(" | "));
  expect(documented).toEqual(ROWS.map((r) => [r.input, r.policy, r.level, `\`${r.says}\``]));
});
