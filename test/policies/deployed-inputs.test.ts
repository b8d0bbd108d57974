/**
 * Stack analysis of a deployed stack, through the real policy runtime: the engine shows it each resource's outputs,
 * which with azure-native hold no path parameters (`routeFilterName`, `resourceGroupName` are only in `__inputs`,
 * which the engine hides from policies). The pack takes them from the inputs the engine showed it when it analysed
 * the same resource earlier in the run, as `pulumi preview` and `pulumi policy analyze` both do (test/e2e/
 * deployed-inputs.test.ts runs them with the real CLI).
 */
import { PolicyRuntime, type StackResource } from "../../harness/policy-runtime";
import { exception, routeFilter, routeFilterRule } from "../../harness/stack";

const MAIN = "m365-advertisement-requires-exception";
const BROADER = "m365-exception-broader-than-used";

const PATH_PARAMETERS = ["routeFilterName", "ruleName", "resourceGroupName"];
/** What azure-native's outputs hold as the engine shows them to a policy: the body and its `name`, no path parameters, no `__inputs`. */
const asOutputs = (r: StackResource): StackResource => ({
  ...r,
  props: {
    ...Object.fromEntries(Object.entries(r.props).filter(([k]) => !PATH_PARAMETERS.includes(k))),
    name: r.props.ruleName ?? r.props.routeFilterName,
  },
});

const filter = routeFilter("rf-m365", ["12076:5010"]);
const rule = routeFilterRule("rule-spo", "rf-m365", ["12076:5020"]);
const perPart = { [MAIN]: { exceptions: [exception({ id: "ER365-A" }), exception({ id: "ER365-B", communities: ["12076:5020"] })] } };

let runtime: PolicyRuntime;
beforeAll(async () => (runtime = await PolicyRuntime.start()));
afterAll(() => runtime.close());

test("a standalone rule is linked to its filter in stack analysis by the inputs of its own analysis: no single exception for both blocks", async () => {
  await runtime.configure(perPart);
  const alone = [...(await runtime.analyze(filter)), ...(await runtime.analyze(rule))];
  expect(alone.filter((d) => d.enforcementLevel === "mandatory")).toEqual([]);
  const stack = await runtime.analyzeStack([filter, rule].map(asOutputs));
  expect(stack.filter((d) => d.policyName === MAIN).map((d) => [d.enforcementLevel, d.urn])).toEqual([["mandatory", rule.urn]]);
  expect(stack.filter((d) => d.policyName === BROADER)).toEqual([]);
});

test("one exception for both passes, and it is not reported broader than used", async () => {
  await runtime.configure({ [MAIN]: { exceptions: [exception({ communities: ["12076:5010", "12076:5020"] })] } });
  for (const r of [filter, rule]) await runtime.analyze(r);
  expect(await runtime.analyzeStack([filter, rule].map(asOutputs))).toEqual([]);
});
