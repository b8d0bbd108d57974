/**
 * Property tests of two envelopes whose reading is a rule, not a shape: AzAPI's
 * `sensitiveBody` merged into `body`, and a ResourceAction's URL (`resourceId` + "/" + `action`).
 * However a request is split between the two halves, the pack reads what the whole request
 * says, or says it cannot verify. 10,000 runs each (PROPERTY_RUNS to change); fast-check prints
 * the seed and the shrunk counterexample of a failure.
 */
import fc from "fast-check";
import { factsOf } from "../../src/adapters";
import { type Fact } from "../../src/core/model";
import { asRuntimeSees } from "../support/runtime-view";
import { nativeProvider, urnOf } from "../../harness/stack";
import { GATED, HARMLESS, RUNS } from "./arbitraries";

const settings = { numRuns: RUNS, verbose: 1 } as const;
const SUB = "11111111-2222-3333-4444-555555555555";
const RG = `/subscriptions/${SUB}/resourceGroups/rg-api`;
const community = fc.constantFrom(...GATED, ...HARMLESS);

const facts = (type: string, props: Record<string, unknown>) =>
  factsOf(asRuntimeSees({ urn: urnOf(type, "r"), type, name: "r", props, provider: nativeProvider({ subscriptionId: SUB }) }));
const communities = (found: Fact[]) =>
  found
    .flatMap((f) =>
      f.kind === "route-filter" ? f.rules.flatMap((r) => r.communities) : f.kind === "route-filter-rule" ? f.rule.communities : [],
    )
    .map((c) => c.raw);
const unreadable = (found: Fact[]) => found.some((f) => f.unreadable.length > 0);

/** A route filter body, and each top-level and `properties` key given to body, to sensitiveBody, or to both (the same or another value). */
const split = fc
  .record({
    values: fc.array(community, { minLength: 1, maxLength: 3 }),
    other: community,
    rules: fc.constantFrom("body", "sensitive", "both-same", "both-other"),
    location: fc.constantFrom("body", "sensitive", "both-same", "both-other"),
  })
  .map(({ values, other, rules, location }) => {
    const rulesOf = (c: string[]) => [{ name: "r", properties: { access: "Allow", routeFilterRuleType: "Community", communities: c } }];
    const body: Record<string, unknown> = { properties: {} };
    const sensitive: Record<string, unknown> = { properties: {} };
    const place = (where: string, set: (half: Record<string, unknown>, v: unknown) => void, value: unknown, otherValue: unknown) => {
      if (where !== "sensitive") set(body, value);
      if (where !== "body") set(sensitive, where === "both-other" ? otherValue : value);
    };
    place(rules, (h, v) => ((h.properties as Record<string, unknown>).rules = v), rulesOf(values), rulesOf([other]));
    place(location, (h, v) => (h.location = v), "westeurope", "northeurope");
    // Only what the pack reads can conflict: the rules (a location given twice is never read).
    const conflict = rules === "both-other" && !(values.length === 1 && values[0] === other);
    return { values, body, sensitive, conflict };
  });

test("sensitiveBody merged into body: the whole request's communities, or cannot verify where the halves differ", () => {
  fc.assert(
    fc.property(split, ({ values, body, sensitive, conflict }) => {
      const found = facts("azapi:index/resource:Resource", {
        type: "Microsoft.Network/routeFilters@2023-09-01",
        name: "rf",
        parentId: RG,
        body,
        sensitiveBody: sensitive,
      });
      if (conflict) return unreadable(found);
      return !unreadable(found) && JSON.stringify(communities(found)) === JSON.stringify(values);
    }),
    settings,
  );
});

/** A rule's or filter's full ID, cut at any type/name boundary into resourceId and action. */
const cut = fc
  .record({ rule: fc.boolean(), at: fc.nat(), value: community, method: fc.constantFrom("PUT", "put", "PATCH") })
  .map(({ rule, at, value, method }) => {
    const full = rule
      ? ["subscriptions", SUB, "resourceGroups", "rg-api", "providers", "Microsoft.Network", "routeFilters", "rf", "routeFilterRules", "r1"]
      : ["subscriptions", SUB, "resourceGroups", "rg-api", "providers", "Microsoft.Network", "routeFilters", "rf"];
    // resourceId is at least a subscription; the action (if any) is the rest.
    const boundary = 2 + 2 * (at % ((full.length - 2) / 2 + 1));
    const resourceId = `/${full.slice(0, boundary).join("/")}`;
    const action = full.slice(boundary).join("/");
    const properties = rule
      ? { access: "Allow", communities: [value] }
      : { rules: [{ name: "r", properties: { access: "Allow", communities: [value] } }] };
    return {
      rule,
      value,
      props: {
        type: "Microsoft.Resources/resourceGroups@2021-04-01",
        resourceId,
        ...(action ? { action } : {}),
        method,
        body: { properties },
      },
    };
  });

test("a ResourceAction PUT or PATCH is judged by resourceId/action, wherever the two are cut", () => {
  fc.assert(
    fc.property(cut, ({ rule, value, props }) => {
      const found = facts("azapi:index/resourceAction:ResourceAction", props);
      const kind = rule ? "route-filter-rule" : "route-filter";
      return (
        found.length === 1 && found[0].kind === kind && !unreadable(found) && JSON.stringify(communities(found)) === JSON.stringify([value])
      );
    }),
    settings,
  );
});
