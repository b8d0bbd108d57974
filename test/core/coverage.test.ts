import { type Community } from "../../src/core/community";
import { coverage, filterNameOf } from "../../src/core/coverage";
import { identityOfFilter, identityOfRuleTarget } from "../../src/core/identity";
import { readSettings } from "../../src/core/settings";
import { advertisementRequiresException } from "../../src/policies/m365-advertisement-requires-exception";
import { armId, filterFact, ruleFact, SUB_A, SUB_B } from "../support/facts";
import { exception } from "../../harness/stack";

const TODAY = "2026-11-27";
const settingsWith = (...entries: Record<string, unknown>[]) =>
  readSettings(advertisementRequiresException, {
    exceptions: entries.map((e, i) => exception({ id: `ER-${i}`, expires: "2027-06-30", ...e })),
  });
const covered = (filter: ReturnType<typeof filterFact>, gated: string[], ...entries: Record<string, unknown>[]) =>
  coverage(identityOfFilter(filter), filter.resource.urn, gated as Community[], settingsWith(...entries), TODAY).covered;

describe("which names an exception may use", () => {
  test.each([
    ["urn:pulumi:dev::hub::azure-native:network:RouteFilter::rf", "urn"],
    [armId("rf"), "arm-id"],
    ["rf", "azure-name"],
  ])("%s is a %s", (text, kind) => expect(filterNameOf(text).kind).toBe(kind));
});

describe("an exception covers a filter only if it names it, applies, and lists every gated community", () => {
  const filter = filterFact("rf-m365", [], { subscriptionId: SUB_A });

  test("by Azure name, any case; by URN exactly; by the ARM ID that subscription, group and name compose", () => {
    expect(covered(filter, ["12076:5010"], { routeFilters: ["RF-M365"] })).toBe(true);
    expect(covered(filter, ["12076:5010"], { routeFilters: [filter.resource.urn] })).toBe(true);
    expect(covered(filter, ["12076:5010"], { routeFilters: [filter.resource.urn.toUpperCase()] })).toBe(false);
    expect(covered(filter, ["12076:5010"], { routeFilters: [armId("rf-m365").toLowerCase()] })).toBe(true);
  });

  test("not by the Pulumi logical name when the Azure name differs", () => {
    const renamed = filterFact("rf-m365", [], { azureName: "rf-prod" });
    expect(covered(renamed, ["12076:5010"], { routeFilters: ["rf-m365"] })).toBe(false);
  });

  test("not by an ARM ID of another subscription, nor without a declared subscription", () => {
    expect(covered(filter, ["12076:5010"], { routeFilters: [armId("rf-m365", SUB_B)] })).toBe(false);
    expect(covered(filterFact("rf-m365", []), ["12076:5010"], { routeFilters: [armId("rf-m365")] })).toBe(false);
  });

  test("every gated community must be listed by one entry", () => {
    expect(
      covered(
        filter,
        ["12076:5010", "12076:5020"],
        { routeFilters: ["rf-m365"] },
        { routeFilters: ["rf-m365"], communities: ["12076:5020"] },
      ),
    ).toBe(false);
    expect(covered(filter, ["12076:5010", "12076:5020"], { routeFilters: ["rf-m365"], communities: ["12076:5010", "12076:5020"] })).toBe(
      true,
    );
  });

  test("expired, or outside its subscriptions or stacks, it does not apply", () => {
    expect(covered(filter, ["12076:5010"], { routeFilters: ["rf-m365"], expires: "2026-11-26" })).toBe(false);
    expect(covered(filter, ["12076:5010"], { routeFilters: ["rf-m365"], expires: TODAY })).toBe(true);
    expect(covered(filter, ["12076:5010"], { routeFilters: ["rf-m365"], subscriptions: [SUB_B] })).toBe(false);
    expect(covered(filterFact("rf-m365", []), ["12076:5010"], { routeFilters: ["rf-m365"], subscriptions: [SUB_A] })).toBe(false);
    expect(covered(filter, ["12076:5010"], { routeFilters: ["rf-m365"], stacks: ["hub/prod"] })).toBe(false);
    expect(covered(filter, ["12076:5010"], { routeFilters: ["rf-m365"], stacks: ["hub/dev"] })).toBe(true);
  });

  test("a standalone rule is covered as the filter Azure adds it to: its own subscription and group", () => {
    const rule = ruleFact("r", { value: "rf-m365" }, [], { subscriptionId: SUB_B });
    const target = identityOfRuleTarget(rule)!;
    const settings = settingsWith({ routeFilters: [armId("rf-m365")] });
    expect(coverage(target, rule.resource.urn, ["12076:5010" as Community], settings, TODAY).covered).toBe(false);
    expect(target.armId).toBe(armId("rf-m365", SUB_B));
  });
});
