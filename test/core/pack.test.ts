/** The whole pack on hand-made facts: what each policy judges, per resource and per stack, and at which level. */
import { evaluatePack } from "../../src/core/evaluate";
import { type Fact } from "../../src/core/model";
import { POLICIES } from "../../src/policies";
import { armId, filterFact, peeringFact, ruleFact, SUB_A } from "../support/facts";
import { exception } from "../../harness/stack";

const MAIN = "m365-advertisement-requires-exception";
const TODAY = "2026-11-27";
const judge = (facts: Fact[], config: Record<string, unknown> = {}) =>
  evaluatePack(
    POLICIES,
    facts.map((f) => ({ resource: f.resource, facts: [f] })),
    config,
    TODAY,
  ).map((f) => ({
    policy: f.policy.name,
    level: f.enforcementLevel,
    urn: f.urn,
    message: f.message,
  }));

test("a filter with a Microsoft 365 community and no exception: one mandatory finding, on the filter", () => {
  const filter = filterFact("rf", ["12076:5010"]);
  expect(judge([filter])).toEqual([
    expect.objectContaining({
      policy: MAIN,
      level: "mandatory",
      urn: filter.resource.urn,
      message: expect.stringContaining("12076:5010 Exchange Online"),
    }),
  ]);
});

test("a covered filter passes; the hygiene policies judge the same register", () => {
  const filter = filterFact("rf", ["12076:5010"], { subscriptionId: SUB_A });
  const register = {
    [MAIN]: { exceptions: [exception({ routeFilters: [armId("rf")], communities: ["12076:5010", "12076:5020"], expires: "2026-12-01" })] },
  };
  expect(
    judge([filter], register)
      .map((f) => f.policy)
      .sort(),
  ).toEqual(["m365-exception-broader-than-used", "m365-exception-expiring"]);
});

test("with the main policy disabled the register is not in force: the policies that read it say so", () => {
  const found = judge([filterFact("rf", ["12076:5010"])], { [MAIN]: "disabled" });
  expect(found.map((f) => [f.policy, f.level])).toEqual([
    ["m365-exception-expiring", "advisory"],
    ["m365-exception-broader-than-used", "advisory"],
  ]);
  expect(found.every((f) => f.message.includes("The exception register is not in force"))).toBe(true);
});

test("a peering without a route filter is judged on its own; one whose filter is elsewhere by the stack", () => {
  const found = judge([peeringFact("bare", undefined), peeringFact("far", { value: armId("rf-elsewhere") })]);
  expect(found.map((f) => [f.policy, f.urn?.split("::").pop()])).toEqual([
    ["m365-route-filter-not-in-stack", "far"],
    ["m365-microsoft-peering-without-route-filter", "bare"],
  ]);
});

test("a misspelt option of a policy that judges resources only is said with each resource it judges", () => {
  const found = judge([peeringFact("bare", undefined)], { "m365-microsoft-peering-without-route-filter": { strict: true } });
  expect(found.filter((f) => f.message.includes("field strict: unknown option"))).toHaveLength(1);
});

test("a standalone rule through the main policy: judged as the filter it names", () => {
  const rule = ruleFact("r", { value: "rf" }, ["12076:5020"], { subscriptionId: SUB_A });
  const register = { [MAIN]: { exceptions: [exception({ routeFilters: ["rf"], communities: ["12076:5020"], expires: "2027-01-01" })] } };
  expect(judge([rule], register)).toEqual([]);
  expect(judge([rule]).map((f) => f.urn)).toEqual([rule.resource.urn]);
});

test("two resources that write one Azure filter are judged together: each covered by its own exception, no single one for both", () => {
  // A filter and, say, a template or AzAPI update writing the same subscription, group and name.
  const filter = filterFact("rf", ["12076:5010"], { subscriptionId: SUB_A });
  const rewrite = filterFact("rf-update", ["12076:5020"], { subscriptionId: SUB_A, azureName: "rf" });
  const entry = (id: string, communities: string[]) => exception({ id, routeFilters: [armId("rf")], communities, expires: "2027-01-01" });
  const apart = { [MAIN]: { exceptions: [entry("ER-A", ["12076:5010"]), entry("ER-B", ["12076:5020"])] } };
  const blocked = judge([filter, rewrite], apart).filter((f) => f.policy === MAIN && f.level === "mandatory");
  // The verdict lands on the part the closest exception (ER-A) leaves out.
  expect(blocked.map((f) => f.urn)).toEqual([rewrite.resource.urn]);
  expect(blocked[0].message).toContain("no single exception lists them all");
  // One exception for both: nothing of the main policy.
  const together = { [MAIN]: { exceptions: [entry("ER-AB", ["12076:5010", "12076:5020"])] } };
  expect(judge([filter, rewrite], together).filter((f) => f.policy === MAIN)).toEqual([]);
});
