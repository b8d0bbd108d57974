import { PolicyRuntime } from "../support/policy-runtime";
import { daysFromToday, exception, routeFilter } from "../support/stack";

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

test("with the main policy disabled no register is in force", async () => {
  // The engine configures an analyzer process once, so this needs a process of its own.
  const fresh = await PolicyRuntime.start();
  try {
    const config = { [MAIN]: { enforcementLevel: "disabled", exceptions: [exception({ expires: daysFromToday(1) })] } };
    expect(await fresh.violationsOf(POLICY, [filter], config)).toEqual([]);
  } finally {
    await fresh.close();
  }
});

test("a misspelt option is reported rather than ignored", async () => {
  const [v] = await runtime.violationsOf(POLICY, [filter], { [POLICY]: { expiryWarningDay: 10 } });
  expect(v.message).toContain('Unknown option "expiryWarningDay"');
});
