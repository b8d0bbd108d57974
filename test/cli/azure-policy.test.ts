/** `azure-policy` through the real command in this process: the files it writes and its refusals. */
import * as fs from "fs";
import * as path from "path";
import { azurePolicyDocuments } from "../../src/core/azure-policy";
import { bicepString, bicepValue } from "../../src/cli/azure-policy-files";
import { readSettings } from "../../src/core/settings";
import { advertisementRequiresException } from "../../src/policies/m365-advertisement-requires-exception";
import { exceptionEntry, packConfig, workDir } from "./fixtures";
import { runCli } from "./run-cli";
import { evaluateRule } from "../support/azure-policy-evaluator";

const SUB = "11111111-2222-3333-4444-555555555555";
const FILTER = `/subscriptions/${SUB}/resourceGroups/rg-er/providers/Microsoft.Network/routeFilters/rf-m365`;
const entry = (overrides: Record<string, unknown> = {}) => exceptionEntry({ routeFilters: [FILTER], ...overrides });

function generate(config: Record<string, unknown>, args: string[] = []) {
  const dir = workDir({ "policy-config.json": config });
  const result = runCli(["azure-policy", "--config", "policy-config.json", "--out", "out", "--now", "2026-12-04", ...args], dir);
  const read = (name: string) => fs.readFileSync(path.join(dir, "out", name), "utf8");
  return { ...result, dir, read };
}

/** What ARM hands Azure Policy: a string escaped "[[" loses one bracket. */
function unescapeArm(value: unknown): unknown {
  if (typeof value === "string") return value.startsWith("[[") ? value.slice(1) : value;
  if (Array.isArray(value)) return value.map(unescapeArm);
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unescapeArm(v)]));
  return value;
}

test("writes the ARM template and the Bicep files, and says what it generated", () => {
  const { code, stdout, stderr, read } = generate(packConfig([entry()]));
  expect(stderr).toBe("");
  expect(code).toBe(0);
  expect(stdout).toContain(
    `Azure Policy for subscription ${SUB}: definition m365-advertisement-requires-exception, assignments m365-guard-register and m365-guard-waivers (effect Deny), 1 allowed (filter, community) pair, 1 exemption.`,
  );
  expect(stdout).toContain(`  m365-ER365-2026-007: ${FILTER} until 2027-06-30T23:59:59Z\n`);

  const template = JSON.parse(read("azure-policy.json"));
  expect(template.$schema).toContain("subscriptionDeploymentTemplate.json");
  const [definition, register, waivers, nested] = template.resources;
  // Azure Policy's own expressions reach Azure unevaluated: the rule is the core's, once ARM unescapes it.
  const settings = readSettings(advertisementRequiresException, { exceptions: [entry()] });
  const documents = azurePolicyDocuments({
    settings,
    cloud: "AzureCloud",
    today: "2026-12-04",
    subscriptionId: SUB,
    effect: "Deny",
    peeringsWithoutFilter: false,
  });
  expect(definition.properties.policyRule.then.effect).toBe("[[parameters('effect')]");
  expect(unescapeArm(definition.properties)).toEqual(documents.definition.properties);
  expect(register.properties.parameters.allowedPairs.value).toEqual([`${FILTER.toLowerCase()}|12076:5010`]);
  expect(waivers.properties.parameters.allowedPairs.value).toEqual([]);
  expect(nested).toMatchObject({ type: "Microsoft.Resources/deployments", resourceGroup: "rg-er" });
  expect(nested.properties.template.resources).toEqual([
    expect.objectContaining({
      type: "Microsoft.Authorization/policyExemptions",
      scope: "Microsoft.Network/routeFilters/rf-m365",
      properties: expect.objectContaining({ exemptionCategory: "Waiver", expiresOn: "2027-06-30T23:59:59Z" }),
    }),
  ]);

  const main = read("main.bicep");
  expect(main).toContain("targetScope = 'subscription'");
  expect(main).toContain("effect: '[parameters(\\'effect\\')]'");
  expect(main).toContain("policyDefinitionId: definition.id");
  expect(main).toContain("scope: resourceGroup('rg-er')");
  expect(read("route-filter-exemptions.bicep")).toContain("exemptionCategory: 'Waiver'");
});

test("the options reach the assignments: effect Audit, peerings without a filter", () => {
  const { code, read } = generate(packConfig([entry()]), ["--effect", "Audit", "--peerings-without-filter"]);
  expect(code).toBe(0);
  const [, register] = JSON.parse(read("azure-policy.json")).resources;
  expect(register.properties.parameters.effect.value).toBe("Audit");
  expect(register.properties.parameters.requireRouteFilterOnMicrosoftPeering.value).toBe(true);
});

test("entries it cannot carry are named on stderr; the files are still written", () => {
  const { code, stderr } = generate(packConfig([entry({ routeFilters: [FILTER, "rf-by-name"] })]));
  expect(code).toBe(0);
  expect(stderr).toBe(
    'note: ER365-2026-007: names "rf-by-name" by Azure name only; Azure Policy needs the filter\'s resource ID in routeFilters\n',
  );
});

test("without --subscription, filters in several subscriptions are a usage error naming them", () => {
  const other = FILTER.replace(SUB, "99999999-2222-3333-4444-555555555555");
  const { code, stderr } = generate(packConfig([entry({ routeFilters: [FILTER, other] })]));
  expect(code).toBe(2);
  expect(stderr).toContain(
    `the register's route filters are in 2 subscriptions (${SUB}, 99999999-2222-3333-4444-555555555555); give --subscription <id>`,
  );
});

test("an invalid register is refused, naming the entry and field", () => {
  const { code, stderr } = generate(packConfig([entry({ expires: "2027-02-30" })]));
  expect(code).toBe(2);
  expect(stderr).toContain("field expires: must be a calendar date written YYYY-MM-DD");
});

test("a register beyond Azure Policy's request size is refused, naming the limit", () => {
  const many = Array.from({ length: 9000 }, (_, i) => FILTER.replace("rf-m365", `rf-${"x".repeat(40)}-${i}`));
  const { code, stderr } = generate(packConfig([entry({ routeFilters: many, communities: ["12076:5010", "12076:5020"] })]));
  expect(code).toBe(2);
  expect(stderr).toMatch(/assignment m365-guard-register is \d+ bytes, above Azure Policy's 1,048,576-byte request limit/);
});

describe("Bicep literals", () => {
  test("escape quotes, backslashes and interpolation", () => {
    expect(bicepString("it's ${x} \\ done\n")).toBe("'it\\'s \\${x} \\\\ done\\n'");
  });
  test("objects quote only keys that are not identifiers", () => {
    expect(bicepValue({ a: 1, "b-c": [true, null], d: {} })).toBe("{\n  a: 1\n  'b-c': [\n    true\n    null\n  ]\n  d: {}\n}");
  });
});

describe("the worked example (examples/azure-policy)", () => {
  const EXAMPLE = path.join(__dirname, "..", "..", "examples", "azure-policy");

  test("its generated files are what the command writes from its register now", () => {
    const dir = workDir({});
    const { code } = runCli(
      ["azure-policy", "--config", path.join(EXAMPLE, "policy-config.json"), "--out", "out", "--now", "2026-12-04"],
      dir,
    );
    expect(code).toBe(0);
    for (const name of ["azure-policy.json", "main.bicep", "route-filter-exemptions.bicep"]) {
      expect([name, fs.readFileSync(path.join(dir, "out", name), "utf8")]).toEqual([
        name,
        fs.readFileSync(path.join(EXAMPLE, "generated", name), "utf8"),
      ]);
    }
  });

  test("the decisions its README lists are the stand-in evaluator's (not Azure's)", () => {
    const readme = fs.readFileSync(path.join(EXAMPLE, "README.md"), "utf8");
    const rows = readme
      .split("\n")
      .filter((l) => /^\| `(inline|child)/.test(l))
      .map((l) => l.split("|").map((c) => c.trim().replace(/`/g, "")));
    expect(rows.length).toBeGreaterThanOrEqual(6);
    const template = JSON.parse(fs.readFileSync(path.join(EXAMPLE, "generated", "azure-policy.json"), "utf8"));
    const [definition, register, waivers, nested] = unescapeArm(template.resources) as any[];
    const exemption = nested.properties.template.resources[0];
    const filterId = `/subscriptions/${SUB}/resourceGroups/rg-hub-network/providers/Microsoft.Network/routeFilters/`;
    for (const [, shape, filter, communities, when, expected] of rows) {
      const id = filterId + filter;
      const resource =
        shape === "inline"
          ? {
              id,
              type: "Microsoft.Network/routeFilters",
              properties: { rules: [{ name: "r", properties: { access: "Allow", communities: communities.split(", ") } }] },
            }
          : {
              id: `${id}/routeFilterRules/r`,
              type: "Microsoft.Network/routeFilters/routeFilterRules",
              properties: { access: "Allow", communities: communities.split(", ") },
            };
      const waived = filter === exemption.scope.split("/").pop() && Date.parse(when) < Date.parse(exemption.properties.expiresOn);
      const verdicts = [
        evaluateRule(definition, register.properties.parameters, resource),
        waived ? "exempt" : evaluateRule(definition, waivers.properties.parameters, resource),
      ];
      const decided = verdicts.includes("Deny") ? "denied" : "allowed";
      expect([shape, filter, communities, when, decided]).toEqual([shape, filter, communities, when, expected]);
    }
  });
});
