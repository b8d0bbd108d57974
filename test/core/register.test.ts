import { readSettings as readWith } from "../../src/core/settings";
import { advertisementRequiresException } from "../../src/policies/m365-advertisement-requires-exception";
import { exception, SUBSCRIPTION } from "../../harness/stack";

const readSettings = (options: Record<string, unknown>) => readWith(advertisementRequiresException, options);
const problemsOf = (config: Record<string, unknown>) => readSettings(config).problems.map((p) => `${p.entry} | ${p.field} | ${p.message}`);
const registerProblems = (entry: Record<string, unknown>) => problemsOf({ exceptions: [entry] });

describe("a valid register", () => {
  test("reads every field, normalising communities and subscriptions", () => {
    const settings = readSettings({
      exceptions: [exception({ communities: [" 12076:05010 "], subscriptions: [SUBSCRIPTION.toUpperCase()], stacks: ["hub/prod"] })],
    });
    expect(settings.problems).toEqual([]);
    expect(settings.exceptions).toEqual([
      expect.objectContaining({
        id: "ER365-2026-007",
        communities: ["12076:5010"],
        subscriptions: [SUBSCRIPTION],
        stacks: ["hub/prod"],
        index: 0,
      }),
    ]);
  });

  test("no register is no problem", () => {
    expect(readSettings({})).toMatchObject({ exceptions: [], problems: [] });
  });
});

describe("an invalid register fails closed, naming the entry and the field", () => {
  test.each([
    ["id", { id: undefined }, "exceptions[0] | id | is required"],
    [
      "microsoftAuthorization",
      { microsoftAuthorization: " " },
      "exceptions[0] (ER365-2026-007) | microsoftAuthorization | must be a non-empty string",
    ],
    ["justification", { justification: 7 }, "justification | must be a non-empty string, got number 7"],
    ["approvedBy missing", { approvedBy: undefined }, "approvedBy | is required (a non-empty list)"],
    ["approvedBy empty", { approvedBy: [] }, "approvedBy | must be a non-empty list"],
    ["approvedBy item", { approvedBy: ["net", ""] }, "approvedBy[1] | must be a non-empty string"],
    ["expires format", { expires: "30/06/2027" }, "expires | must be a calendar date written YYYY-MM-DD"],
    ["expires impossible day", { expires: "2027-02-30" }, "expires | must be a calendar date"],
    ["expires missing", { expires: undefined }, "exceptions[0] (ER365-2026-007) | expires | is required"],
    ["communities empty", { communities: [] }, "communities | must be a non-empty list"],
    [
      "community unparseable",
      { communities: ["12076-5010"] },
      'communities[0] | must be a BGP community written ASN:value, e.g. 12076:5010, got "12076-5010"',
    ],
    ["community half too large", { communities: ["12076:70000"] }, 'communities[0] | "12076:70000" has a part above 65535'],
    [
      "community not gated",
      { communities: ["12076:5060"] },
      "communities[0] | 12076:5060 is not a Microsoft 365 community that needs authorization",
    ],
    ["routeFilters missing", { routeFilters: undefined }, "routeFilters | is required"],
    [
      "subscriptions not GUIDs",
      { subscriptions: ["prod-sub"] },
      'subscriptions[0] | must be an Azure subscription id (a GUID), got "prod-sub"',
    ],
    ["subscriptions empty", { subscriptions: [] }, "subscriptions | must be a non-empty list"],
    ["stacks malformed", { stacks: ["a/b/c/d"] }, 'stacks[0] | must be a stack name, project/stack or org/project/stack, got "a/b/c/d"'],
    ["unknown field", { expiry: "2027-01-01" }, 'expiry | unknown field "expiry"'],
  ])("%s", (_name, overrides, expected) => {
    const problems = registerProblems(exception(overrides));
    expect(problems.join("\n")).toContain(expected);
  });

  test("an invalid entry grants nothing, valid ones still do", () => {
    const settings = readSettings({ exceptions: [exception({ expires: "never" }), exception({ id: "ER365-2026-008" })] });
    expect(settings.exceptions.map((e) => e.id)).toEqual(["ER365-2026-008"]);
  });

  test("duplicate ids", () => {
    expect(problemsOf({ exceptions: [exception(), exception()] })).toEqual([
      "exceptions[1] (ER365-2026-007) | id | duplicate id: exceptions[0] has the same id",
    ]);
  });

  test("an entry that is not an object", () => {
    expect(problemsOf({ exceptions: ["ER365-2026-007"] })).toEqual(['exceptions[0] |  | must be an object, got "ER365-2026-007"']);
  });

  test("exceptions that is not a list", () => {
    expect(problemsOf({ exceptions: { id: "x" } })[0]).toContain(
      "m365-advertisement-requires-exception | exceptions | must be a list, got an object",
    );
  });

  test("a US Government community is refused when the cloud is set to the public cloud", () => {
    expect(problemsOf({ cloud: "AzureCloud", exceptions: [exception({ communities: ["12076:5110"] })] })[0]).toContain(
      "not a Microsoft 365 community that needs authorization in AzureCloud",
    );
    expect(problemsOf({ exceptions: [exception({ communities: ["12076:5110"] })] })).toEqual([]);
  });
});

describe("other options", () => {
  test("cloud must be a known cloud", () => {
    expect(problemsOf({ cloud: "AzureGermany" })[0]).toContain("cloud | must be one of AzureCloud, AzureUSGovernment, AzureChinaCloud");
  });

  test("additional communities are checked field by field", () => {
    expect(
      problemsOf({
        additionalCommunities: [
          { community: "12076:5010", service: "x", requiresAuthorization: false },
          { community: "12076:5300", service: "", requiresAuthorization: true },
          { community: "12076:5301", service: "New", requiresAuthorization: "yes" },
          { community: "12076:5302", service: "New", requiresAuthorization: true, note: 1 },
        ],
      }),
    ).toEqual([
      "additionalCommunities[0] | community | 12076:5010 is already in the AzureCloud catalog and cannot be redefined",
      'additionalCommunities[1] | service | must be a non-empty string, got ""',
      'additionalCommunities[2] | requiresAuthorization | must be true or false, got "yes"',
      'additionalCommunities[3] | note | unknown field "note" (known: community, service, requiresAuthorization)',
    ]);
  });

  test("an added gated community can be excepted", () => {
    const settings = readSettings({
      additionalCommunities: [{ community: "12076:5300", service: "New Microsoft 365 service", requiresAuthorization: true }],
      exceptions: [exception({ communities: ["12076:5300"] })],
    });
    expect(settings.problems).toEqual([]);
  });
});
