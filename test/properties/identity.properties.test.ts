/**
 * Property tests of identity and linking: spoofed identities, cross-subscription references and
 * names in any case. A route filter is its subscription, resource group and Azure name; an `id`
 * input, the Pulumi logical name, or a same-named filter in another subscription never earns the
 * exception of the one it imitates. The pack in the real policy runtime and the scan engine agree.
 * 10,000 runs each (PROPERTY_RUNS to change); fast-check prints the seed of a failure.
 */
import fc from "fast-check";
import { evaluatePack } from "../../src/core/evaluate";
import { POLICIES } from "../../src/policies";
import { type StackResource } from "../../harness/policy-runtime";
import { analysed, asRuntimeSees } from "../support/runtime-view";
import { exception, filterId, nativeProvider, peering, routeFilter, routeFilterRule } from "../../harness/stack";
import { RUNS } from "./arbitraries";
import { packAndScanAgree } from "./agreement";

jest.setTimeout(30 * 60_000);

const MAIN = "m365-advertisement-requires-exception";
const NOT_IN_STACK = "m365-route-filter-not-in-stack";
const SUBS = ["11111111-2222-3333-4444-555555555555", "99999999-2222-3333-4444-555555555555"];
const settings = { numRuns: RUNS, verbose: 1 } as const;
const today = () => new Date().toISOString().slice(0, 10);

const anyCase = (text: string) =>
  fc
    .array(fc.boolean(), { minLength: text.length, maxLength: text.length })
    .map((upper) => [...text].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join(""));

/** A provider that declares one of two subscriptions, or none (the ambient one). */
const subscription = fc.constantFrom<string | undefined>(undefined, ...SUBS);
const providerFor = (sub: string | undefined, name: string) => nativeProvider(sub ? { subscriptionId: sub } : {}, name);

/** How an exception names the excepted filter rf-m365 in rg-hub of SUBS[0]. */
const naming = fc.oneof(
  anyCase("rf-m365").map((n) => ({ name: n, kind: "azure-name" as const })),
  fc.constant({ name: filterId("rf-m365", SUBS[0]), kind: "arm-id" as const }),
  fc.constant({ name: "rf-logical", kind: "logical-name" as const }),
);

interface Case {
  readonly resources: StackResource[];
  readonly exceptions: Record<string, unknown>[];
  /** Whether the exception truly covers the resource that carries 12076:5010. */
  readonly covered: boolean;
  readonly holder: string;
}

/**
 * One resource carries 12076:5010: a filter (logical name rf-logical, Azure name in any case, maybe
 * a spoofed `id`) or a standalone rule on a filter of that name, each through a provider of some
 * subscription. The register excepts rf-m365 of SUBS[0] by Azure name, by ARM ID or by the logical name.
 */
const identityCase: fc.Arbitrary<Case> = fc
  .record({
    standalone: fc.boolean(),
    azureName: fc.oneof(anyCase("rf-m365"), fc.constant("rf-other")),
    sub: subscription,
    spoofId: fc.boolean(),
    group: anyCase("rg-hub"),
    naming,
  })
  .map(({ standalone, azureName, sub, spoofId, group, naming: { name, kind } }) => {
    const provider = providerFor(sub, "p");
    const spoof = spoofId ? { id: filterId("rf-m365", SUBS[0]) } : {};
    const sameName = azureName.toLowerCase() === "rf-m365";
    // Azure compares names and groups without regard to case.
    const covered = sameName && (kind === "azure-name" || (kind === "arm-id" && sub === SUBS[0]));
    if (standalone) {
      const rule = routeFilterRule("rule-exo", azureName, ["12076:5010"], { provider, props: { resourceGroupName: group, ...spoof } });
      return { resources: [rule], exceptions: [exception({ routeFilters: [name] })], covered, holder: rule.urn };
    }
    const filter = routeFilter("rf-logical", ["12076:5010"], {
      provider,
      props: { routeFilterName: azureName, resourceGroupName: group, ...spoof },
    });
    return { resources: [filter], exceptions: [exception({ routeFilters: [name] })], covered, holder: filter.urn };
  });

/** A filter in one subscription and a peering in another (or the same) that names a filter by ARM ID. */
const linkCase = fc
  .record({
    filterSub: fc.constantFrom(...SUBS),
    peeringSub: fc.constantFrom(...SUBS),
    idSub: fc.constantFrom(...SUBS),
    name: anyCase("rf-hub"),
  })
  .map(({ filterSub, peeringSub, idSub, name }) => {
    const filter = routeFilter("rf-hub", ["12076:51004"], { provider: providerFor(filterSub, "pf") });
    const ms = peering("ms", filterId(name, idSub), { provider: providerFor(peeringSub, "pp") });
    return { resources: [filter, ms], linked: filterSub === idSub };
  });

const judge = (resources: StackResource[], config: Record<string, unknown>) =>
  evaluatePack(
    POLICIES,
    resources.map((r) => analysed(asRuntimeSees(r))),
    config,
    today(),
  );

test("only what Azure will use earns an exception: never an id input, a logical name or another subscription", () => {
  fc.assert(
    fc.property(identityCase, (c) => {
      const blocked = judge(c.resources, { [MAIN]: { exceptions: c.exceptions } }).some(
        (f) => f.policy.name === MAIN && f.urn === c.holder && f.enforcementLevel === "mandatory",
      );
      return blocked === !c.covered;
    }),
    settings,
  );
});

test("a peering links to an in-stack filter only by the subscription, group and name in its ID", () => {
  fc.assert(
    fc.property(linkCase, ({ resources, linked }) => {
      const unlinked = judge(resources, {}).some((f) => f.policy.name === NOT_IN_STACK);
      return unlinked === !linked;
    }),
    settings,
  );
});

packAndScanAgree(
  "on spoofed identities and cross-subscription references",
  fc.oneof(
    identityCase.map((c) => ({ resources: c.resources, config: { [MAIN]: { exceptions: c.exceptions } } })),
    linkCase.map((c) => ({ resources: c.resources, config: { [MAIN]: { exceptions: [] } } })),
  ),
  settings,
);
