/** A pack of a team's own that includes this pack's policies, run in the real policy runtime. */
import * as path from "path";
import { POLICIES } from "../../src/policies";
import { PolicyRuntime } from "../../harness/policy-runtime";
import { routeFilter } from "../../harness/stack";

const MAIN = "m365-advertisement-requires-exception";
let runtime: PolicyRuntime;
beforeAll(async () => (runtime = await PolicyRuntime.start(path.join(__dirname, "composed-pack"))));
afterAll(() => runtime.close());

test("the pack's policies sit beside the team's own, under their own names and levels", () => {
  expect(runtime.policies.map((p) => [p.name, p.enforcementLevel])).toEqual([
    ["platform-tags-required", "advisory"],
    ...POLICIES.map((p) => [p.name, p.enforcementLevel]),
  ]);
  expect(runtime.policies.find((p) => p.name === MAIN)?.enforcementLevel).toBe("mandatory");
});

test("the register given in code decides; the pack config's register for the main policy does not", async () => {
  const covered = routeFilter("rf-covered", ["12076:5010"]);
  const blocked = routeFilter("rf-other", ["12076:5010"]);
  const found = await runtime.violationsOf(MAIN, [covered, blocked], { [MAIN]: { exceptions: [] } });
  expect(found.map((d) => [d.urn, d.enforcementLevel])).toEqual([[blocked.urn, "mandatory"]]);
  const own = (await runtime.analyzeAll([covered])).filter((d) => d.policyName === "platform-tags-required");
  expect(own).toHaveLength(1);
});
