/**
 * Property tests of issue 17, class 7: a route filter written in an ARM template or an AzAPI body
 * with every property name in random case (`Properties`, `RULES`, `cOmmunities`, the template's
 * `Variables` and `DefaultValue`, a variable named in another case) gets the verdict of the same
 * filter written as Azure documents it; a second spelling of a name with the same value changes
 * nothing; with a different value it is a mandatory "cannot verify" naming both spellings. The pack
 * in the real policy runtime and the scan engine agree on all of it. 10,000 runs each
 * (PROPERTY_RUNS to change); fast-check prints the seed and the shrunk counterexample of a failure.
 */
import fc from "fast-check";
import { POLICIES } from "../../src/policies";
import { evaluatePack } from "../../src/core/evaluate";
import { type StackResource } from "../../harness/policy-runtime";
import { analysed, asRuntimeSees } from "../support/runtime-view";
import { nativeProvider, resource } from "../../harness/stack";
import { anyCase, GATED, HARMLESS, RUNS } from "./arbitraries";
import { packAndScanAgree } from "./agreement";

jest.setTimeout(30 * 60_000);

const MAIN = "m365-advertisement-requires-exception";
const SUB = "11111111-2222-3333-4444-555555555555";
const settings = { numRuns: RUNS, verbose: 1 } as const;
const today = () => new Date().toISOString().slice(0, 10);

const NAMES = [
  "type",
  "name",
  "properties",
  "rules",
  "access",
  "communities",
  "variables",
  "parameters",
  "defaultValue",
  "resources",
  "services",
] as const;
type Name = (typeof NAMES)[number];
type Spelling = Record<Name, string>;
const DOCUMENTED = Object.fromEntries(NAMES.map((n) => [n, n])) as Spelling;

/** Where a second spelling of a name goes, and whether its value is the same. */
const TWIN_AT = ["properties", "rules", "access", "communities"] as const;
type Twin = { readonly at: (typeof TWIN_AT)[number]; readonly same: boolean } | undefined;

interface Case {
  readonly value: string;
  readonly access: "Allow" | "Deny";
  readonly via: "literal" | "variable" | "parameter";
  readonly kind: "template" | "azapi";
  readonly spelling: Spelling;
  readonly twin: Twin;
}

/** Another spelling of `written`, in case only. */
const otherSpelling = (written: string) => (written === written.toUpperCase() ? written.toLowerCase() : written.toUpperCase());

/** The filter the case describes, its names spelt as `s`. */
function resourceOf(c: Case, s: Spelling): StackResource {
  const communitiesValue = { literal: [c.value], variable: `[variables('${s.services}')]`, parameter: `[parameters('${s.services}')]` }[
    c.kind === "azapi" ? "literal" : c.via
  ];
  const ruleProps: Record<string, unknown> = { [s.access]: c.access, [s.communities]: communitiesValue };
  const filterProps: Record<string, unknown> = { [s.rules]: [{ [s.name]: "r", [s.properties]: ruleProps }] };
  // The ARM resource (template) or request body (AzAPI) that holds `properties`.
  const holder: Record<string, unknown> =
    c.kind === "azapi" ? { location: "westeurope" } : { [s.type]: "Microsoft.Network/routeFilters", [s.name]: "rf" };
  holder[s.properties] = filterProps;
  if (c.twin) {
    // The second spelling sits beside the first, in the object that holds it.
    const { at, same } = c.twin;
    const where = { properties: holder, rules: filterProps, access: ruleProps, communities: ruleProps }[at];
    const different = {
      properties: { [s.rules]: [] },
      rules: [],
      access: c.access === "Allow" ? "Deny" : "Allow",
      communities: [c.value === "12076:51004" ? "12076:52006" : "12076:51004"],
    }[at];
    where[otherSpelling(s[at])] = same ? structuredClone(where[s[at]]) : different;
  }
  const res = (type: string, props: Record<string, unknown>) =>
    resource(type, "dep", props, { provider: nativeProvider({ subscriptionId: SUB }) });
  if (c.kind === "azapi") {
    return res("azapi:index/resource:Resource", {
      type: "Microsoft.Network/routeFilters@2023-09-01",
      name: "rf",
      parentId: `/subscriptions/${SUB}/resourceGroups/rg-api`,
      body: holder,
    });
  }
  const template: Record<string, unknown> = {
    [s.resources]: [holder],
    [s.variables]: { services: [c.value] },
    [s.parameters]: { services: { [s.type]: "array", [s.defaultValue]: [c.value] } },
  };
  return res("azure-native:resources:Deployment", { resourceGroupName: "rg-hub", properties: { mode: "Incremental", template } });
}

const spelling: fc.Arbitrary<Spelling> = fc
  .tuple(...NAMES.map(anyCase))
  .map((spelt) => Object.fromEntries(NAMES.map((n, i) => [n, spelt[i]])) as Spelling);

const caseOf: fc.Arbitrary<Case> = fc.record({
  value: fc.constantFrom(...GATED, ...HARMLESS),
  access: fc.constantFrom<"Allow" | "Deny">("Allow", "Allow", "Deny"),
  via: fc.constantFrom<Case["via"]>("literal", "variable", "parameter"),
  kind: fc.constantFrom<Case["kind"]>("template", "template", "azapi"),
  spelling,
  twin: fc.option(fc.record({ at: fc.constantFrom(...TWIN_AT), same: fc.boolean() }), { nil: undefined }),
});

const findings = (r: StackResource) =>
  evaluatePack(POLICIES, [analysed(asRuntimeSees(r))], {}, today()).map((f) => `${f.policy.name}|${f.enforcementLevel}|${f.message}`);

test("names in any case give the verdict of the names as documented; a second spelling with the same value changes nothing", () => {
  fc.assert(
    fc.property(caseOf, (c) => {
      fc.pre(c.twin === undefined || c.twin.same);
      expect(findings(resourceOf(c, c.spelling))).toEqual(findings(resourceOf({ ...c, twin: undefined }, DOCUMENTED)));
    }),
    settings,
  );
});

test("two spellings of one name with different values are a mandatory 'cannot verify' naming both", () => {
  fc.assert(
    fc.property(caseOf, (c) => {
      fc.pre(c.twin !== undefined && !c.twin.same);
      const first = c.spelling[c.twin.at];
      const both = [first, otherSpelling(first)]
        .sort()
        .map((k) => JSON.stringify(k))
        .join(" and ");
      const main = findings(resourceOf(c, c.spelling)).filter((f) => f.startsWith(`${MAIN}|`));
      // Whatever else the filter shows (a community written plainly is still reported), it is blocked as unreadable.
      expect(main.every((f) => f.startsWith(`${MAIN}|mandatory|`))).toBe(true);
      expect(
        main.some(
          (f) => f.includes("|Cannot verify what route filter") && f.includes(`is written twice, as ${both}, with different values`),
        ),
      ).toBe(true);
    }),
    settings,
  );
});

packAndScanAgree(
  "on every generated spelling",
  caseOf.map((c) => ({ resources: [resourceOf(c, c.spelling)], config: {} })),
  settings,
);
