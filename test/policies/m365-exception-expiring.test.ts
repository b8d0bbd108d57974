import { PolicyRuntime } from "../../harness/policy-runtime";
import { daysFromToday, exception, routeFilter } from "../../harness/stack";

const POLICY = "m365-exception-expiring";
const MAIN = "m365-advertisement-requires-exception";
let runtime: PolicyRuntime;
beforeAll(async () => (runtime = await PolicyRuntime.start()));
afterAll(() => runtime.close());

const filter = routeFilter("rf-m365", ["12076:5010"]);

test("reads the register written once under the main policy, and warns within 30 days by default", async () => {
  const [v] = await runtime.violationsOf(POLICY, [filter], { [MAIN]: { exceptions: [exception({ expires: daysFromToday(10) })] } });
  expect(v.enforcementLevel).toBe("advisory");
  expect(v.message).toContain(`expires on ${daysFromToday(10)}, in 10 day(s)`);
});

test("it is reported on the route filter the exception names, and only in stacks that have it", async () => {
  const config = { [MAIN]: { exceptions: [exception({ expires: daysFromToday(5) })] } };
  const [v] = await runtime.violationsOf(POLICY, [filter], config);
  expect(v.urn).toBe(filter.urn);
  expect(await runtime.violationsOf(POLICY, [routeFilter("rf-other", ["12076:51004"])], config)).toEqual([]);
});

test("nothing to say about an exception far from its expiry", async () => {
  expect(await runtime.violationsOf(POLICY, [filter], { [MAIN]: { exceptions: [exception({ expires: daysFromToday(31) })] } })).toEqual([]);
});

test("expiryWarningDays widens the window", async () => {
  const config = { [MAIN]: { exceptions: [exception({ expires: daysFromToday(31) })] }, [POLICY]: { expiryWarningDays: 45 } };
  expect(await runtime.violationsOf(POLICY, [filter], config)).toHaveLength(1);
});

test("an expired exception is reported too", async () => {
  const [v] = await runtime.violationsOf(POLICY, [filter], { [MAIN]: { exceptions: [exception({ expires: daysFromToday(-3) })] } });
  expect(v.message).toContain("expired on");
});

test("with the main policy disabled the register is not in force, and the policy says so instead of judging", async () => {
  const register = { exceptions: [exception({ expires: daysFromToday(1) })] };
  // The same process, configured first with the register in force, then with the main policy disabled:
  // what the main policy posted in the earlier analysis is never taken for a later one.
  expect(await runtime.violationsOf(POLICY, [filter], { [MAIN]: register })).toHaveLength(1);
  const [v, ...rest] = await runtime.violationsOf(POLICY, [filter], { [MAIN]: { enforcementLevel: "disabled", ...register } });
  expect(rest).toEqual([]);
  expect(v.message).toContain("The exception register is not in force in this analysis");
  expect(v.message).not.toContain("expires on");
});

test("a misspelt option is reported rather than ignored", async () => {
  const [v] = await runtime.violationsOf(POLICY, [filter], { [POLICY]: { expiryWarningDay: 10 } });
  expect(v.message).toContain("field expiryWarningDay: unknown option (known: expiryWarningDays)");
});
