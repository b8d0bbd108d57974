/**
 * The engine analyses resources in parallel steps. The binding reads a resource's facts once and hands
 * them to the pack's other policies judging the same resource in the same turn; requests that the real
 * runtime takes in one turn must still each be judged on their own resource.
 */
import { type ResourceValidationArgs, type ResourceValidationPolicy } from "@pulumi/policy";
import { expressRouteM365Guard } from "../../policies/binding";
import { PolicyRuntime, type StackResource } from "../../harness/policy-runtime";
import { circuit, exception, peering, routeFilter } from "../../harness/stack";

let runtime: PolicyRuntime;
beforeAll(async () => (runtime = await PolicyRuntime.start()));
afterAll(() => runtime.close());

const MAIN = "m365-advertisement-requires-exception";

test("resources analysed at the same time get the same answers as one by one", async () => {
  const resources: StackResource[] = [];
  for (let i = 0; i < 30; i++) {
    resources.push(
      routeFilter(`rf-covered-${i}`, ["12076:5010"]),
      routeFilter(`rf-open-${i}`, ["12076:5010", "12076:5020"]),
      peering(`peering-open-${i}`, undefined),
      circuit(`er-${i}`, []),
    );
  }
  const routeFilters = resources.filter((r) => r.name.startsWith("rf-covered-")).map((r) => r.name);
  await runtime.configure({ [MAIN]: { exceptions: [exception({ routeFilters })] } });

  const answer = async (r: StackResource) => {
    const { diagnostics, notApplicable } = await runtime.analyzeResponse(r);
    return JSON.stringify([
      r.urn,
      diagnostics.map((d) => [d.policyName, d.urn, d.message]).sort(),
      notApplicable.map((n) => n.policyName).sort(),
    ]);
  };
  const oneByOne: string[] = [];
  for (const r of resources) oneByOne.push(await answer(r));
  const together = await Promise.all(resources.map(answer));

  expect(together).toEqual(oneByOne);
  // The answers differ between kinds of resource, so a mix-up would show.
  expect(new Set(oneByOne.map((a) => a.replace(/-\d+/g, ""))).size).toBe(4);
});

test("saying a policy does not apply takes no stack trace, and leaves the process's setting as it was", () => {
  const [main] = expressRouteM365Guard();
  const before = Error.stackTraceLimit;
  let thrown: Error | undefined;
  const args = {
    type: "azure-native:storage:StorageAccount",
    urn: "urn:pulumi:dev::hub::azure-native:storage:StorageAccount::sa",
    name: "sa",
    props: {},
    getConfig: () => ({}),
    notApplicable: (reason?: string): never => {
      throw (thrown = new Error(reason));
    },
  } as unknown as ResourceValidationArgs;
  expect(() =>
    ((main as ResourceValidationPolicy).validateResource as (a: ResourceValidationArgs, r: () => void) => void)(args, () => undefined),
  ).toThrow(/judges route filters/);
  expect(thrown!.stack!.split("\n")).toHaveLength(1);
  expect(Error.stackTraceLimit).toBe(before);
  expect(new Error("after").stack!.split("\n").length).toBeGreaterThan(1);
});
