/**
 * A URN in an exception names one route filter: the resource that IS the filter. A template deployment or
 * an AzAPI resource (a fact with a `property` inside it) may make any number of filters, in any
 * subscription, under one URN; a standalone rule is not its filter. (Hand-made facts.)
 */
import { acceptedRisks } from "../../src/core/accepted-risk";
import { type Community } from "../../src/core/community";
import { coverage } from "../../src/core/coverage";
import { identityOfFilter, identityOfRuleTarget } from "../../src/core/identity";
import { type RouteFilterFact } from "../../src/core/model";
import { readSettings } from "../../src/core/settings";
import { buildStack } from "../../src/core/stack";
import { advertisementRequiresException } from "../../src/policies/m365-advertisement-requires-exception";
import { filterFact, ruleFact, SUB_A, SUB_B } from "../support/facts";
import { exception } from "../../harness/stack";

const TODAY = "2026-11-27";
const M365: Community[] = ["12076:5010" as Community];
const settingsWith = (...entries: Record<string, unknown>[]) =>
  readSettings(advertisementRequiresException, {
    exceptions: entries.map((e, i) => exception({ id: `ER-${i}`, expires: "2027-06-30", ...e })),
  });

/** A filter made inside another resource: same URN for each, its place given by `property`. */
const inside = (type: string, name: string, azureName: string, property: string, subscriptionId = SUB_A): RouteFilterFact => {
  const made = filterFact(name, ["12076:5010"], { azureName, subscriptionId });
  return {
    ...made,
    resource: { ...made.resource, type, urn: made.resource.urn.replace("azure-native:network:RouteFilter", type) },
    property,
  };
};
const DEPLOYMENT = "azure-native:resources:Deployment";

describe("the URN of a resource that makes filters covers none of them", () => {
  test.each([
    ["a template deployment", DEPLOYMENT, "properties.template.resources[0]"],
    [
      "a classic template deployment",
      "azure:core/resourceGroupTemplateDeployment:ResourceGroupTemplateDeployment",
      "templateContent.resources[0]",
    ],
    ["an AzAPI resource", "azapi:index/resource:Resource", "body"],
    ["a generic ARM resource", "azure-native:resources:Resource", "properties"],
    ["a deployment under a component (a $ type chain)", `my:net:Hub$${DEPLOYMENT}`, "properties.template.resources[0]"],
  ])("%s", (_name, type, property) => {
    const filter = inside(type, "dep", "rf-a", property);
    const cover = coverage(
      identityOfFilter(filter),
      filter.resource.urn,
      M365,
      settingsWith({ routeFilters: [filter.resource.urn] }),
      TODAY,
    );
    expect(cover.covered).toBe(false);
    // The message says why: the URN is not the filter's own resource's.
    expect(cover.covered === false && cover.notes).toEqual([
      expect.stringMatching(
        /^ER-0 names urn:pulumi:.*, the URN of a resource that is not itself this route filter .* a URN covers only the route filter resource it names/,
      ),
    ]);
  });

  test("nor in another case, nor with the filter's type appended to the deployment's", () => {
    const filter = inside(DEPLOYMENT, "dep", "rf-a", "properties.template.resources[0]");
    const urn = filter.resource.urn;
    for (const name of [
      urn.toUpperCase(),
      urn.replace("Deployment", "deployment"),
      urn.replace(`${DEPLOYMENT}::`, `${DEPLOYMENT}$azure-native:network:RouteFilter::`),
    ]) {
      expect(coverage(identityOfFilter(filter), urn, M365, settingsWith({ routeFilters: [name] }), TODAY).covered).toBe(false);
    }
  });

  test("two filters of one deployment in two subscriptions: the Azure name or ID of each covers it, the URN neither", () => {
    const a = inside(DEPLOYMENT, "dep", "rf-a", "properties.template.resources[0]", SUB_A);
    const b = inside(DEPLOYMENT, "dep", "rf-b", "properties.template.resources[1]", SUB_B);
    const view = buildStack([a, b]);
    expect(acceptedRisks(view, settingsWith({ routeFilters: [a.resource.urn] }), TODAY)).toEqual([]);
    // Every covered filter is listed, though both are made by one resource.
    const risks = acceptedRisks(view, settingsWith({ routeFilters: ["rf-a", "rf-b"] }), TODAY);
    expect(risks.map((r) => [r.urn, r.property, r.filter])).toEqual([
      [a.resource.urn, "properties.template.resources[0]", "rf-a"],
      [a.resource.urn, "properties.template.resources[1]", "rf-b"],
    ]);
  });
});

describe("the URN of a route filter resource covers that one filter", () => {
  test("a typed filter, exactly", () => {
    const filter = filterFact("rf", ["12076:5010"], { subscriptionId: SUB_A });
    const settings = settingsWith({ routeFilters: [filter.resource.urn] });
    expect(coverage(identityOfFilter(filter), filter.resource.urn, M365, settings, TODAY).covered).toBe(true);
    expect(acceptedRisks(buildStack([filter]), settings, TODAY).map((r) => [r.filter, r.property])).toEqual([["rf", undefined]]);
  });

  test("a standalone rule's URN does not name its filter, and the message says so", () => {
    const rule = ruleFact("rule-5010", { value: "rf" }, ["12076:5010"], { subscriptionId: SUB_A });
    const cover = coverage(identityOfRuleTarget(rule), rule.resource.urn, M365, settingsWith({ routeFilters: [rule.resource.urn] }), TODAY);
    expect(cover.covered).toBe(false);
    expect(cover.covered === false && cover.notes.join()).toContain("a URN covers only the route filter resource it names");
  });

  test("a peering's URN names no filter", () => {
    const filter = filterFact("rf", ["12076:5010"], { subscriptionId: SUB_A });
    const peeringUrn = "urn:pulumi:dev::hub::azure-native:network:ExpressRouteCircuitPeering::MicrosoftPeering";
    expect(coverage(identityOfFilter(filter), filter.resource.urn, M365, settingsWith({ routeFilters: [peeringUrn] }), TODAY).covered).toBe(
      false,
    );
  });
});
