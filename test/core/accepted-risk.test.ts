/**
 * The core's coverage decisions as data: a route filter is an accepted risk exactly when it allows
 * Microsoft 365 communities and the main policy has no finding on it, and then names the exception.
 */
import { acceptedRisks, gatedFilters } from "../../src/core/accepted-risk";
import { evaluatePack } from "../../src/core/evaluate";
import { MAIN_POLICY } from "../../src/core/register";
import { readSettings } from "../../src/core/settings";
import { buildStack } from "../../src/core/stack";
import { POLICIES } from "../../src/policies";
import { analysed, asRuntimeSees } from "../support/runtime-view";
import { type StackResource } from "../../harness/policy-runtime";
import { exception, filterId, NATIVE, peering, routeFilter, routeFilterRule, urnOf } from "../../harness/stack";

const TODAY = "2026-11-26";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

function judge(resources: StackResource[], exceptions: Record<string, unknown>[]) {
  const analysedResources = resources.map((r) => analysed(asRuntimeSees(r)));
  const config = { [MAIN_POLICY]: { exceptions } };
  const settings = readSettings(POLICIES[0], config[MAIN_POLICY]);
  expect(settings.problems).toEqual([]);
  const view = buildStack(analysedResources.flatMap((r) => r.facts));
  const mainFindings = evaluatePack(POLICIES, analysedResources, config, TODAY).filter((f) => f.policy.name === MAIN_POLICY);
  return { accepted: acceptedRisks(view, settings, TODAY), gated: gatedFilters(view, settings, TODAY), mainFindings };
}

test("a covered filter is an accepted risk naming its exception; an uncovered one is a finding, not accepted", () => {
  const { accepted, mainFindings } = judge(
    [routeFilter("rf-m365", ["12076:5010"]), routeFilter("rf-other", ["12076:5020"]), routeFilter("rf-azure", ["12076:51004"])],
    [exception({ expires: "2027-06-30" })],
  );
  expect(accepted).toEqual([
    {
      urn: urnOf(NATIVE.routeFilter, "rf-m365"),
      filter: "rf-m365",
      communities: ["12076:5010"],
      exception: expect.objectContaining({ id: "ER365-2026-007" }),
    },
  ]);
  expect(mainFindings.map((f) => f.urn)).toEqual([urnOf(NATIVE.routeFilter, "rf-other")]);
});

test("an exception that has lapsed, or lists too little, accepts nothing", () => {
  expect(judge([routeFilter("rf-m365", ["12076:5010"])], [exception({ expires: "2026-11-25" })]).accepted).toEqual([]);
  expect(judge([routeFilter("rf-m365", ["12076:5010", "12076:5020"])], [exception({ expires: "2027-06-30" })]).accepted).toEqual([]);
});

test("a filter with standalone rules is accepted only when one exception lists what they allow together", () => {
  const resources = [
    routeFilter("rf-m365", ["12076:5010"]),
    routeFilterRule("allow-sharepoint", "rf-m365", ["12076:5020"], {
      propertyDependencies: { routeFilterName: [urnOf(NATIVE.routeFilter, "rf-m365")] },
    }),
  ];
  const narrow = judge(resources, [
    exception({ expires: "2027-06-30" }),
    exception({ id: "ER365-2026-008", communities: ["12076:5020"], expires: "2027-06-30" }),
  ]);
  expect(narrow.accepted).toEqual([]);
  expect(narrow.mainFindings).not.toEqual([]);
  const wide = judge(resources, [exception({ communities: ["12076:5010", "12076:5020"], expires: "2027-06-30" })]);
  expect(wide.accepted).toEqual([expect.objectContaining({ filter: "rf-m365", communities: ["12076:5010", "12076:5020"] })]);
  expect(wide.mainFindings).toEqual([]);
});

test("a filter whose communities cannot be read is no gated filter, so never accepted: it is blocked", () => {
  const { accepted, gated, mainFindings } = judge(
    [routeFilter("rf-m365", ["12076:5010", UNKNOWN])],
    [exception({ expires: "2027-06-30" })],
  );
  expect(gated).toEqual([]);
  expect(accepted).toEqual([]);
  expect(mainFindings[0].message).toMatch(/^Cannot verify what route filter rf-m365 advertises/);
});

test("over varied stacks, every gated filter is either accepted or has a finding of the main policy, never both", () => {
  const stacks: [StackResource[], Record<string, unknown>[]][] = [
    [[routeFilter("rf-m365", ["12076:5010"]), peering("p", filterId("rf-m365"))], [exception({ expires: "2027-06-30" })]],
    [
      [routeFilter("rf-m365", ["12076:5010"]), routeFilter("rf-b", ["12076:5100"])],
      [exception({ routeFilters: ["rf-m365", "rf-b"], communities: ["12076:5010"], expires: "2027-06-30" })],
    ],
    [
      [routeFilter("rf-m365", ["12076:5010"])],
      [exception({ subscriptions: ["99999999-2222-3333-4444-555555555555"], expires: "2027-06-30" })],
    ],
    [[routeFilter("rf-m365", ["12076:5010"])], [exception({ stacks: ["other-stack"], expires: "2027-06-30" })]],
    [
      [routeFilterRule("orphan", "rf-outside", ["12076:5030"])],
      [exception({ routeFilters: ["rf-outside"], communities: ["12076:5030"], expires: "2027-06-30" })],
    ],
  ];
  for (const [resources, exceptions] of stacks) {
    const { accepted, gated, mainFindings } = judge(resources, exceptions);
    const findingUrns = new Set(mainFindings.map((f) => f.urn));
    for (const filter of gated) {
      const isAccepted = accepted.some((a) => a.urn === filter.urn);
      const partUrns = [filter.node.filter?.resource.urn, ...filter.node.rules.map((r) => r.resource.urn)];
      const hasFinding = partUrns.some((urn) => findingUrns.has(urn));
      expect({ urn: filter.urn, accepted: isAccepted }).toEqual({ urn: filter.urn, accepted: !hasFinding });
    }
  }
});
