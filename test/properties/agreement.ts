/**
 * Properties several shape families share: the pack in the real policy runtime and the scan engine
 * agree on every generated stack, and a Microsoft 365 community written in a shape is seen, blocked,
 * and a regional one passes.
 */
import fc from "fast-check";
import { factsOf } from "../../src/adapters";
import { parseCommunity } from "../../src/core/community";
import { evaluatePack } from "../../src/core/evaluate";
import { POLICIES } from "../../src/policies";
import { type PackConfig, PolicyRuntime, type StackResource } from "../../harness/policy-runtime";
import { packAndScan } from "../support/agreement";
import { analysed, asRuntimeSees } from "../support/runtime-view";

type Settings = Pick<fc.Parameters, "numRuns" | "verbose" | "seed">;

const MAIN = "m365-advertisement-requires-exception";
const today = () => new Date().toISOString().slice(0, 10);

/** A stack to judge, with the pack's config. */
export interface Judged {
  readonly resources: readonly StackResource[];
  readonly config: PackConfig;
}

/** Declares the suite in which the pack in the real policy runtime and the scan engine give the same findings on every generated stack. */
export function packAndScanAgree(title: string, stacks: fc.Arbitrary<Judged>, settings: Settings): void {
  describe("the pack in the real policy runtime and the scan engine agree", () => {
    let runtime: PolicyRuntime;
    beforeAll(async () => (runtime = await PolicyRuntime.start()));
    afterAll(() => runtime.close());

    test(title, async () => {
      await fc.assert(
        fc.asyncProperty(stacks, async ({ resources, config }) => {
          const { byPack, byScan } = await packAndScan(runtime, resources, config);
          expect(byPack).toEqual(byScan);
        }),
        settings,
      );
    });
  });
}

/** One resource writing one community value in some shape, in a rule that allows or denies it. */
export interface CommunityCase {
  readonly value: string;
  readonly gated: boolean;
  readonly access: string;
  readonly resource: StackResource;
}

const normalised = (raw: unknown) => {
  const parsed = parseCommunity(raw);
  return parsed.ok ? parsed.community : undefined;
};

/** The wording of a family's three tests: where the community is written, what the pack blocks, what passes. */
export interface CommunityWording {
  readonly where: string;
  readonly blocked: string;
  readonly readable: string;
}

/** Declares the three community tests every shape family must pass: seen (or unreadable), blocked, and regional or Deny passing. */
export function communityProperties(cases: fc.Arbitrary<CommunityCase>, wording: CommunityWording, settings: Settings): void {
  test(`a Microsoft 365 community in ${wording.where} yields a gated community fact or an unreadable entry`, () => {
    fc.assert(
      fc.property(cases, (c) => {
        fc.pre(c.gated && c.access === "Allow");
        const facts = factsOf(asRuntimeSees(c.resource));
        const communities = facts.flatMap((f) =>
          f.kind === "route-filter" ? f.rules.flatMap((r) => r.communities) : f.kind === "route-filter-rule" ? f.rule.communities : [],
        );
        return communities.some((x) => normalised(x.raw) === c.value) || facts.some((f) => f.unreadable.length > 0);
      }),
      settings,
    );
  });

  test(`the pack blocks every such ${wording.blocked}: a mandatory finding naming the community or saying it cannot verify`, () => {
    fc.assert(
      fc.property(cases, (c) => {
        fc.pre(c.gated && c.access === "Allow");
        const main = evaluatePack(POLICIES, [analysed(asRuntimeSees(c.resource))], {}, today()).filter(
          (f) => f.policy.name === MAIN && f.urn === c.resource.urn,
        );
        return (
          main.length > 0 &&
          main.every((f) => f.enforcementLevel === "mandatory") &&
          main.some((f) => f.message.includes(c.value) || f.message.includes("Cannot verify"))
        );
      }),
      settings,
    );
  });

  test(`regional communities and Deny rules in ${wording.readable} pass`, () => {
    fc.assert(
      fc.property(cases, (c) => {
        fc.pre(!c.gated || c.access === "Deny");
        const facts = factsOf(asRuntimeSees(c.resource));
        fc.pre(facts.every((f) => f.unreadable.length === 0));
        return (
          evaluatePack(POLICIES, [analysed(asRuntimeSees(c.resource))], {}, today()).filter((f) => f.policy.name === MAIN).length === 0
        );
      }),
      settings,
    );
  });
}
