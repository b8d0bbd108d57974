/**
 * Generators for property-based tests: route filters, rules and peerings in every covered shape,
 * community lists that hide Microsoft 365 values behind spaces, leading zeros and duplicates,
 * registers, and the unknown, secret and ill-typed values a preview can carry.
 */
import fc from "fast-check";
import { type StackResource, UNKNOWN, secret } from "../../harness/policy-runtime";
import { classicRouteFilter, daysFromToday, exception, peering, routeFilter, routeFilterRule, urnOf, NATIVE } from "../../harness/stack";

export const GATED = ["12076:5010", "12076:5020", "12076:5030", "12076:5100"];
export const HARMLESS = ["12076:51004", "12076:52006", "12076:5060", "12076:5070", "12076:5220"];

/** Runs per property: 10,000 in CI, fewer locally with PROPERTY_RUNS. */
export const RUNS = Number(process.env.PROPERTY_RUNS ?? 10_000);

/** A text in random case: what ARM compares without regard to case (resource types, peering types, property names). */
export const anyCase = (text: string) =>
  fc
    .array(fc.boolean(), { minLength: text.length, maxLength: text.length })
    .map((upper) => [...text].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join(""));

/** A known community value, spelt as a person might: padded, zero-filled. */
export const spelt = (values: string[]) =>
  fc
    .tuple(fc.constantFrom(...values), fc.constantFrom("", " ", "  ", "\t"), fc.constantFrom("", " "), fc.nat(2))
    .map(([value, before, after, zeros]) => {
      const [asn, local] = value.split(":");
      return `${before}${"0".repeat(zeros)}${asn}:${"0".repeat(zeros)}${local}${after}`;
    });

export const normalise = (spelling: string) =>
  spelling
    .trim()
    .split(":")
    .map((p) => String(Number(p)))
    .join(":");

export const readableCommunities = fc.array(fc.oneof(spelt(GATED), spelt(HARMLESS)), { maxLength: 6 });

/** Anything a property may hold at preview or in a hand-edited program. */
export const chaos: fc.Arbitrary<unknown> = fc.oneof(
  spelt(GATED),
  spelt(HARMLESS),
  fc.constant(UNKNOWN),
  spelt(GATED).map(secret),
  fc.constant(null),
  fc.integer(),
  fc.boolean(),
  fc.string(),
  fc.constant({ nested: UNKNOWN }),
  fc.constant([UNKNOWN]),
);

export const access = fc.constantFrom("Allow", "Deny");

export interface Case {
  readonly resources: StackResource[];
  readonly exceptions: Record<string, unknown>[];
}

/** A route filter in one of the shapes the pack covers, holding `communities` in one rule. */
export const filterShape = fc.constantFrom("native", "versioned", "classic", "standalone-rule");

export function filterOf(shape: string, name: string, communities: unknown, ruleAccess: string): StackResource[] {
  switch (shape) {
    case "classic": {
      const f = classicRouteFilter(name, communities);
      return [{ ...f, props: { ...f.props, rule: { ...(f.props.rule as object), access: ruleAccess } } }];
    }
    case "standalone-rule": {
      const f = routeFilter(name, []);
      // Named as a literal: a rule whose filter is not known yet fails closed whatever the register says.
      const r = routeFilterRule(`${name}-rule`, name, communities);
      return [f, { ...r, props: { ...r.props, access: ruleAccess } }];
    }
    default:
      return [
        routeFilter(name, communities, {
          access: ruleAccess,
          type: shape === "versioned" ? "azure-native:network/v20240501:RouteFilter" : NATIVE.routeFilter,
        }),
      ];
  }
}

export const entryFor = (name: string) =>
  fc
    .record({
      names: fc.boolean(),
      expiresIn: fc.integer({ min: -30, max: 400 }),
      communities: fc.subarray(GATED, { minLength: 1 }),
    })
    .map(({ names, expiresIn, communities }) =>
      exception({
        id: `ER-${name}-${expiresIn}-${communities.join("")}`,
        routeFilters: [names ? name : "some-other-filter"],
        expires: daysFromToday(expiresIn),
        communities,
      }),
    );

/** A small stack: a filter of some shape, maybe attached to a Microsoft peering, with a register. */
export const readableCase: fc.Arbitrary<Case & { communities: string[]; access: string }> = fc
  .record({
    shape: filterShape,
    communities: readableCommunities,
    access,
    attached: fc.boolean(),
    entries: fc.array(entryFor("rf"), { maxLength: 3 }),
  })
  .map(({ shape, communities, access: ruleAccess, attached, entries }) => {
    const resources = filterOf(shape, "rf", communities, ruleAccess);
    if (attached) resources.push(peering("ms", UNKNOWN, { propertyDependencies: { routeFilter: [resources[0].urn] } }));
    const unique = new Map(entries.map((e) => [e.id as string, e]));
    return { resources, exceptions: [...unique.values()], communities, access: ruleAccess };
  });

/** Stacks with arbitrary values where communities, access, names and references belong. */
export const chaoticCase: fc.Arbitrary<Case> = fc
  .record({
    shape: filterShape,
    communities: fc.oneof(fc.array(chaos, { maxLength: 5 }), chaos),
    access: fc.oneof(access, chaos),
    peeringRef: fc.oneof(fc.constant(undefined), chaos),
    environment: fc.oneof(fc.constant(undefined), fc.constantFrom("public", "usgovernment", "china", "german"), chaos),
    register: fc.array(
      fc.oneof(entryFor("rf"), fc.dictionary<unknown>(fc.constantFrom("id", "expires", "communities", "routeFilters", "extra"), chaos)),
      { maxLength: 3 },
    ),
  })
  .map(({ shape, communities, access: ruleAccess, peeringRef, environment, register }) => {
    const resources = filterOf(shape, "rf", communities, ruleAccess as string).map((r) =>
      environment === undefined ? r : { ...r, provider: { ...r.provider!, props: { environment } } },
    );
    resources.push({ ...peering("ms", undefined), props: { ...peering("ms", undefined).props, routeFilter: { id: peeringRef } } });
    resources.push({
      urn: urnOf("azure-native:network:VirtualNetwork", "vnet"),
      type: "azure-native:network:VirtualNetwork",
      name: "vnet",
      props: { x: UNKNOWN },
    });
    return { resources, exceptions: register };
  });
