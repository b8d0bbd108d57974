/**
 * The generated Azure Policy documents, and their rule judged on real ARM resource shapes (as
 * `az network route-filter show` and `az network route-filter rule show` return them) by the
 * hand-built stand-in evaluator of test/support/azure-policy-evaluator.ts: NOT Azure.
 */
import { type CloudName } from "../../src/core/catalog";
import { type Community } from "../../src/core/community";
import {
  ALIASES_USED,
  allowedPair,
  type AzurePolicyDocuments,
  azurePolicyDocuments,
  AzurePolicyLimitError,
  type PolicyEffect,
  WAIVER_ASSIGNMENT,
} from "../../src/core/azure-policy";
import { readSettings } from "../../src/core/settings";
import { advertisementRequiresException } from "../../src/policies/m365-advertisement-requires-exception";
import { ALIAS_PATHS, evaluateRule, type PolicyResource } from "../support/azure-policy-evaluator";
import { exception, SUBSCRIPTION } from "../../harness/stack";

const RG = "rg-er";
const filterId = (name: string, subscription = SUBSCRIPTION) =>
  `/subscriptions/${subscription}/resourceGroups/${RG}/providers/Microsoft.Network/routeFilters/${name}`;
const COVERED = filterId("rf-m365");
const TODAY = "2026-12-04";

function generate(
  entries: Record<string, unknown>[],
  options: { cloud?: CloudName; effect?: PolicyEffect; peerings?: boolean; today?: string } = {},
) {
  const settings = readSettings(advertisementRequiresException, { exceptions: entries });
  expect(settings.problems).toEqual([]);
  return azurePolicyDocuments({
    settings,
    cloud: options.cloud ?? "AzureCloud",
    today: options.today ?? TODAY,
    subscriptionId: SUBSCRIPTION,
    effect: options.effect ?? "Deny",
    peeringsWithoutFilter: options.peerings ?? false,
  });
}

/** A route filter as the REST API returns it, inline rules included. */
function filter(id: string, rules: { access?: string; communities: string[] }[]): PolicyResource {
  return {
    id,
    name: id.split("/").pop(),
    type: "Microsoft.Network/routeFilters",
    properties: {
      provisioningState: "Succeeded",
      peerings: [],
      rules: rules.map((r, i) => ({
        name: `rule${i}`,
        id: `${id}/routeFilterRules/rule${i}`,
        properties: {
          access: r.access ?? "Allow",
          routeFilterRuleType: "Community",
          communities: r.communities,
          provisioningState: "Succeeded",
        },
      })),
    },
  };
}

/** A rule as its own resource; its GET body has no type, which Azure Policy knows from the request. */
function childRule(parent: string, communities: string[], access = "Allow"): PolicyResource {
  return {
    id: `${parent}/routeFilterRules/allow-m365`,
    name: "allow-m365",
    type: "Microsoft.Network/routeFilters/routeFilterRules",
    properties: { access, routeFilterRuleType: "Community", communities, provisioningState: "Succeeded" },
  };
}

/**
 * What Azure decides for each assignment at a moment: an unexpired exemption at the resource's
 * scope (or a parent's) takes the resource out of that assignment; otherwise the rule decides.
 */
function decide(documents: AzurePolicyDocuments, resource: PolicyResource, at: string): Record<string, string> {
  const verdicts: Record<string, string> = {};
  for (const assignment of documents.assignments) {
    const exempt = documents.exemptions.some(
      (e) =>
        e.properties.policyAssignmentId.endsWith(`/${assignment.name}`) &&
        (resource.id.toLowerCase() === e.scope.toLowerCase() || resource.id.toLowerCase().startsWith(`${e.scope.toLowerCase()}/`)) &&
        Date.parse(at) < Date.parse(e.properties.expiresOn),
    );
    verdicts[assignment.name] = exempt ? "exempt" : evaluateRule(documents.definition, assignment.properties.parameters, resource);
  }
  return verdicts;
}

const denied = (verdicts: Record<string, string>) => Object.values(verdicts).some((v) => v !== "compliant" && v !== "exempt");
const WITHIN = "2027-01-15T12:00:00Z";
const AFTER = "2027-07-01T00:00:01Z";
const LAST_SECOND = "2027-06-30T23:59:58Z";
const covering = (overrides: Record<string, unknown> = {}) => exception({ expires: "2027-06-30", routeFilters: [COVERED], ...overrides });

describe("the generated documents", () => {
  const documents = generate([covering({ approvedBy: ["network-architecture", "security-office"] })]);

  test("one definition of mode All whose effect is a parameter, and two assignments of it", () => {
    expect(documents.definition.properties).toMatchObject({ mode: "All", policyRule: { then: { effect: "[parameters('effect')]" } } });
    expect(documents.definition.properties.parameters).toMatchObject({
      effect: { allowedValues: ["Deny", "Audit", "Disabled"], defaultValue: "Deny" },
    });
    expect(documents.assignments.map((a) => a.properties.parameters.allowedPairs.value)).toEqual([
      [`${COVERED.toLowerCase()}|12076:5010`],
      [],
    ]);
  });

  test("one Waiver exemption per entry and filter ID, expiring at the end of the entry's day, with its approvals", () => {
    expect(documents.exemptions).toEqual([
      expect.objectContaining({
        name: "m365-ER365-2026-007",
        scope: COVERED,
        properties: expect.objectContaining({
          exemptionCategory: "Waiver",
          expiresOn: "2027-06-30T23:59:59Z",
          policyAssignmentId: `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/policyAssignments/${WAIVER_ASSIGNMENT}`,
          metadata: expect.objectContaining({
            registerEntry: "ER365-2026-007",
            microsoftAuthorization: "MSFT-ER365-AUTH-4411",
            approvedBy: ["network-architecture", "security-office"],
          }),
        }),
      }),
    ]);
  });

  test("the communities that need no authorization come from the catalog of the cloud", () => {
    const free = (d: AzurePolicyDocuments) =>
      (d.definition.properties.parameters as Record<string, { defaultValue: unknown }>).communitiesWithoutAuthorization.defaultValue;
    expect(free(documents)).toEqual(["12076:5040", "12076:5050", "12076:5060", "12076:5070", "12076:5220", "12076:5250"]);
    expect(free(generate([], { cloud: "AzureUSGovernment" }))).toEqual(["12076:5140", "12076:5160"]);
  });

  test("entries Azure Policy cannot carry are named, with why", () => {
    const other = "99999999-2222-3333-4444-555555555555";
    const d = generate([
      covering({ id: "ER-NAME", routeFilters: ["rf-by-name"] }),
      covering({ id: "ER-OLD", expires: "2026-01-31" }),
      covering({ id: "ER-ELSEWHERE", routeFilters: [filterId("rf-far", other)] }),
    ]);
    expect(d.notes).toEqual([
      'ER-NAME: names "rf-by-name" by Azure name only; Azure Policy needs the filter\'s resource ID in routeFilters',
      "ER-OLD: expired on 2026-01-31; not carried",
      `ER-ELSEWHERE: ${filterId("rf-far", other)} is in subscription ${other}, not ${SUBSCRIPTION} the assignments go to: no exemption here`,
    ]);
    expect(d.exemptions).toEqual([]);
  });

  test("every alias the rule reads is one the evaluator resolves (from Azure's alias list)", () => {
    const used = new Set<string>();
    JSON.stringify(documents.definition.properties.policyRule, (key, value) => {
      if (key === "field" && typeof value === "string" && value.startsWith("Microsoft.")) used.add(value);
      return value;
    });
    expect([...used].sort()).toEqual([...ALIASES_USED].sort());
    for (const alias of ALIASES_USED) expect(ALIAS_PATHS[alias]).toBeDefined();
  });

  test("a register too large for an assignment's request body is refused, naming the limit", () => {
    const many = Array.from({ length: 9000 }, (_, i) => filterId(`rf-${"x".repeat(40)}-${i}`));
    expect(() => generate([covering({ routeFilters: many, communities: ["12076:5010", "12076:5020"] })])).toThrow(AzurePolicyLimitError);
    expect(() => generate([covering({ routeFilters: many, communities: ["12076:5010", "12076:5020"] })])).toThrow(
      /1,048,576-byte request limit/,
    );
  });
});

describe("the rule on real resource shapes (stand-in evaluator, not Azure)", () => {
  const documents = generate([covering()]);

  test.each([
    ["an inline rule", filter(COVERED, [{ communities: ["12076:5010"] }])],
    ["a rule as its own resource", childRule(COVERED, ["12076:5010"])],
  ])("%s allowing a covered community: passes within the waiver, denied once it expires", (_, resource) => {
    expect(decide(documents, resource, WITHIN)).toEqual({ "m365-guard-register": "compliant", "m365-guard-waivers": "exempt" });
    expect(denied(decide(documents, resource, LAST_SECOND))).toBe(false);
    expect(decide(documents, resource, AFTER)).toEqual({ "m365-guard-register": "compliant", "m365-guard-waivers": "Deny" });
  });

  test.each([
    ["inline", filter(COVERED, [{ communities: ["12076:5010", "12076:5020"] }])],
    ["child rule", childRule(COVERED, ["12076:5020"])],
  ])("a community the entry does not list is denied even while the waiver holds (%s)", (_, resource) => {
    expect(decide(documents, resource, WITHIN)).toEqual({ "m365-guard-register": "Deny", "m365-guard-waivers": "exempt" });
  });

  test("another filter with the same communities is denied: the pair is per filter ID", () => {
    expect(denied(decide(documents, filter(filterId("rf-other"), [{ communities: ["12076:5010"] }]), WITHIN))).toBe(true);
    expect(denied(decide(documents, childRule(filterId("rf-other"), ["12076:5010"]), WITHIN))).toBe(true);
  });

  test("the filter ID is compared without regard to case, as Azure compares resource IDs", () => {
    const shouted = COVERED.replace("resourceGroups/rg-er", "RESOURCEGROUPS/RG-ER").replace("routeFilters/", "ROUTEFILTERS/");
    expect(decide(documents, filter(shouted, [{ communities: ["12076:5010"] }]), AFTER)["m365-guard-register"]).toBe("compliant");
    expect(decide(documents, childRule(shouted, ["12076:5010"]), AFTER)["m365-guard-register"]).toBe("compliant");
  });

  test.each([
    ["only communities that need no authorization", ["12076:5060", "12076:5070"]],
    ["regional communities", ["12076:51004", "12076:52006", "12076:50010"]],
  ])("%s pass everywhere, without any exception", (_, communities) => {
    const none = generate([]);
    expect(decide(none, filter(filterId("rf-azure"), [{ communities }]), WITHIN)).toEqual({
      "m365-guard-register": "compliant",
      "m365-guard-waivers": "compliant",
    });
    expect(decide(none, childRule(filterId("rf-azure"), communities), WITHIN)).toEqual({
      "m365-guard-register": "compliant",
      "m365-guard-waivers": "compliant",
    });
  });

  test("a rule with access Deny advertises nothing", () => {
    const none = generate([]);
    expect(denied(decide(none, filter(filterId("rf-deny"), [{ access: "Deny", communities: ["12076:5010"] }]), WITHIN))).toBe(false);
    expect(denied(decide(none, childRule(filterId("rf-deny"), ["12076:5010"], "Deny"), WITHIN))).toBe(false);
  });

  test("fails closed on what Azure Policy can only compare as strings: unrecognised values, spaces, leading zeros", () => {
    for (const community of ["12076:5999", " 12076:5010", "12076:05010"]) {
      expect(denied(decide(documents, filter(COVERED, [{ communities: [community] }]), WITHIN))).toBe(true);
    }
  });

  test("the US Government values are gated in that cloud, and what is free there is the catalog's", () => {
    const gov = generate([covering({ communities: ["12076:5110"] })], { cloud: "AzureUSGovernment" });
    expect(decide(gov, filter(COVERED, [{ communities: ["12076:5110", "12076:5160"] }]), WITHIN)).toEqual({
      "m365-guard-register": "compliant",
      "m365-guard-waivers": "exempt",
    });
    expect(decide(gov, childRule(COVERED, ["12076:5120"]), WITHIN)["m365-guard-register"]).toBe("Deny");
    // A public-cloud Microsoft 365 value means nothing free in US Government: denied there too.
    expect(decide(gov, filter(filterId("rf-other"), [{ communities: ["12076:5010"] }]), WITHIN)["m365-guard-register"]).toBe("Deny");
  });

  test("the effect parameter decides what a finding does: Audit reports instead of denying", () => {
    const audit = generate([covering()], { effect: "Audit" });
    expect(decide(audit, filter(COVERED, [{ communities: ["12076:5020"] }]), WITHIN)["m365-guard-register"]).toBe("Audit");
  });

  test("an expired entry is not carried: its filter is denied by both assignments", () => {
    const late = generate([covering()], { today: "2027-07-01" });
    expect(decide(late, filter(COVERED, [{ communities: ["12076:5010"] }]), AFTER)).toEqual({
      "m365-guard-register": "Deny",
      "m365-guard-waivers": "Deny",
    });
  });

  describe("Microsoft peerings without a route filter (optional)", () => {
    const circuit = (peerings: Record<string, unknown>[]): PolicyResource => ({
      id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.Network/expressRouteCircuits/er-1`,
      type: "Microsoft.Network/expressRouteCircuits",
      properties: { peerings: peerings.map((properties, i) => ({ name: `p${i}`, properties })) },
    });
    const peering = (properties: Record<string, unknown>): PolicyResource => ({
      id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.Network/expressRouteCircuits/er-1/peerings/MicrosoftPeering`,
      type: "Microsoft.Network/expressRouteCircuits/peerings",
      properties,
    });

    test("are denied when the option is on, inline in a circuit or on their own", () => {
      const strict = generate([], { peerings: true });
      expect(denied(decide(strict, peering({ peeringType: "MicrosoftPeering" }), WITHIN))).toBe(true);
      expect(denied(decide(strict, circuit([{ peeringType: "AzurePrivatePeering" }, { peeringType: "MicrosoftPeering" }]), WITHIN))).toBe(
        true,
      );
    });

    test("pass with a route filter, or when the option is off", () => {
      const strict = generate([], { peerings: true });
      expect(denied(decide(strict, peering({ peeringType: "MicrosoftPeering", routeFilter: { id: COVERED } }), WITHIN))).toBe(false);
      expect(denied(decide(strict, circuit([{ peeringType: "MicrosoftPeering", routeFilter: { id: COVERED } }]), WITHIN))).toBe(false);
      expect(denied(decide(generate([]), peering({ peeringType: "MicrosoftPeering" }), WITHIN))).toBe(false);
    });
  });
});

test("allowedPair is the flat '<filter id lower>|<community>' string", () => {
  expect(allowedPair("/subscriptions/S/resourceGroups/RG/providers/Microsoft.Network/routeFilters/RF", "12076:5010" as Community)).toBe(
    "/subscriptions/s/resourcegroups/rg/providers/microsoft.network/routefilters/rf|12076:5010",
  );
});
