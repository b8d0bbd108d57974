import fc from "fast-check";
import { POLICIES } from "../../src/policies";
import { evaluatePack } from "../../src/core/evaluate";
import { analysed, asRuntimeSees } from "../support/runtime-view";
import { chaoticCase, type Case, GATED, normalise, readableCase, RUNS } from "./arbitraries";
import { packAndScanAgree } from "./agreement";

// 10,000 cases per property, one of them through gRPC: minutes, not the default 60 s.
jest.setTimeout(30 * 60_000);

const MAIN = "m365-advertisement-requires-exception";
const today = () => new Date().toISOString().slice(0, 10);
const configOf = (c: Case) => ({ [MAIN]: { exceptions: c.exceptions } });
const judge = (c: Case) =>
  evaluatePack(
    POLICIES,
    c.resources.map((r) => analysed(asRuntimeSees(r))),
    configOf(c),
    today(),
  );
// fast-check prints the seed and the shrunk counterexample when a property fails.
const settings = { numRuns: RUNS, verbose: 1 } as const;

test("the pack never throws, whatever the shapes and values", () => {
  fc.assert(
    fc.property(chaoticCase, (c) => {
      judge(c);
    }),
    settings,
  );
});

test("an unknown community in an allowing rule is a mandatory 'cannot verify' naming the property", () => {
  fc.assert(
    fc.property(readableCase, fc.nat(6), ({ resources, exceptions, access }, at) => {
      fc.pre(access === "Allow");
      // The communities sit on the standalone rule when there is one, else on the filter.
      const holder = resources.find((r) => r.type.endsWith("RouteFilterRule")) ?? resources[0];
      const list = communitiesOf(holder);
      const index = Math.min(at, list.length);
      list.splice(index, 0, "04da6b54-80e4-46f7-96ec-b56ff0331ba9");
      const found = judge({ resources, exceptions }).filter((f) => f.policy.name === MAIN && f.urn === holder.urn);
      return found.some((f) => f.enforcementLevel === "mandatory" && f.message.includes(`communities[${index}] is not known`));
    }),
    settings,
  );
});

test("any Microsoft 365 community no valid exception covers gives a mandatory finding; a covered filter gives none", () => {
  fc.assert(
    fc.property(readableCase, (c) => {
      const gated = new Set(c.access === "Deny" ? [] : c.communities.map(normalise).filter((v) => GATED.includes(v)));
      const day = today();
      const covered = c.exceptions.some(
        (e) =>
          (e.routeFilters as string[]).includes("rf") &&
          (e.expires as string) >= day &&
          [...gated].every((g) => (e.communities as string[]).includes(g)),
      );
      const main = judge(c).filter((f) => f.policy.name === MAIN);
      if (gated.size > 0 && !covered) {
        return (
          main.length > 0 &&
          main.every((f) => f.enforcementLevel === "mandatory") &&
          [...gated].every((g) => main.some((f) => f.message.includes(g)))
        );
      }
      return main.length === 0;
    }),
    settings,
  );
});

packAndScanAgree(
  "on every generated stack",
  fc.oneof(readableCase, chaoticCase).map((c) => ({ resources: c.resources, config: configOf(c) })),
  settings,
);

function communitiesOf(resource: { props: Record<string, unknown> }): unknown[] {
  const props = resource.props as { rules?: { communities: unknown[] }[]; rule?: { communities: unknown[] }; communities?: unknown[] };
  return props.rules?.[0].communities ?? props.rule?.communities ?? props.communities!;
}
