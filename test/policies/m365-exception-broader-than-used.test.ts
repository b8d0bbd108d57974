import { PolicyRuntime, UNKNOWN } from "../../harness/policy-runtime";
import { exception, routeFilter } from "../../harness/stack";

const POLICY = "m365-exception-broader-than-used";
const MAIN = "m365-advertisement-requires-exception";
let runtime: PolicyRuntime;
beforeAll(async () => (runtime = await PolicyRuntime.start()));
afterAll(() => runtime.close());

test("an exception listing more than the filter uses is an advisory on the filter", async () => {
  const filter = routeFilter("rf-m365", ["12076:5010"]);
  const config = { [MAIN]: { exceptions: [exception({ communities: ["12076:5010", "12076:5020"] })] } };
  const [v, ...rest] = await runtime.violationsOf(POLICY, [filter], config);
  expect(rest).toEqual([]);
  expect(v).toMatchObject({ urn: filter.urn, enforcementLevel: "advisory" });
  expect(v.message).toContain("lists 12076:5020, which route filter rf-m365 does not allow");
});

test("an exact exception is fine", async () => {
  const config = { [MAIN]: { exceptions: [exception()] } };
  expect(await runtime.violationsOf(POLICY, [routeFilter("rf-m365", ["12076:5010"])], config)).toEqual([]);
});

test("no judgement while the filter's communities cannot be read", async () => {
  const config = { [MAIN]: { exceptions: [exception({ communities: ["12076:5010", "12076:5020"] })] } };
  expect(await runtime.violationsOf(POLICY, [routeFilter("rf-m365", [UNKNOWN])], config)).toEqual([]);
});
