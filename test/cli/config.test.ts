import * as path from "path";
import { loadPackConfig } from "../../src/cli/config";
import { levelOf } from "../../src/core/evaluate";
import { POLICIES } from "../../src/policies";
import { exceptionEntry, packConfig, workDir } from "./fixtures";

const load = (content: unknown) => {
  const dir = workDir({ "policy-config.json": content });
  return loadPackConfig(path.join(dir, "policy-config.json"));
};
/** Problems with the temporary directory taken off, as a user who gave a relative path would see them. */
const problemsOf = (content: unknown) => load(content).problems.map((p) => p.slice(p.indexOf("policy-config.json")));

describe("the policy pack config", () => {
  test("no file and an empty file are no config, as for the Pulumi CLI", () => {
    const none = { policies: {}, version: 1, nativeExceptions: [], levelKeys: {}, problems: [] };
    expect(loadPackConfig(undefined)).toEqual(none);
    expect(load("  \n")).toEqual(none);
  });

  test("a valid config passes through; 'all' given as an object sets the level of the others", () => {
    const content = {
      ...packConfig([exceptionEntry()], { "m365-exception-expiring": { enforcementLevel: "mandatory", expiryWarningDays: 14 } }),
      all: { enforcementLevel: "advisory" },
      "m365-route-filter-not-in-stack": "mandatory",
      environments: ["networking/prod"],
    };
    const { policies: config, problems } = load(content);
    expect(problems).toEqual([]);
    const levels = Object.fromEntries(POLICIES.map((p) => [p.name, levelOf(config, p)]));
    const own: Record<string, string> = { "m365-route-filter-not-in-stack": "mandatory", "m365-exception-expiring": "mandatory" };
    // Every policy not given a level of its own takes the one of "all".
    expect(levels).toEqual(Object.fromEntries(POLICIES.map((p) => [p.name, own[p.name] ?? "advisory"])));
    expect(Object.values(levels).filter((l) => l === "mandatory")).toHaveLength(2);
    expect(config["m365-exception-expiring"]).toEqual({ enforcementLevel: "mandatory", expiryWarningDays: 14 });
  });

  test("a register mistake names the file, the entry and the field", () => {
    expect(problemsOf(packConfig([exceptionEntry({ expires: "30/06/2027" })]))).toEqual([
      'policy-config.json: m365-advertisement-requires-exception.exceptions[0] (ER365-2026-007), field expires: must be a calendar date written YYYY-MM-DD (the last day the exception holds, UTC), got "30/06/2027"',
    ]);
  });

  test("a mistake in a top-level option of the main policy names the policy and the field", () => {
    expect(problemsOf({ "m365-advertisement-requires-exception": { cloud: "Mars" } })).toEqual([
      expect.stringMatching(/^policy-config\.json: m365-advertisement-requires-exception, field cloud: must be one of AzureCloud/),
    ]);
  });

  test.each([
    [
      { "m365-advertisment-requires-exception": "mandatory" },
      /^policy-config\.json: m365-advertisment-requires-exception: not a policy of this pack \(its policies: m365-advertisement-requires-exception, /,
    ],
    [
      { "m365-route-filter-not-in-stack": "blocking" },
      /^policy-config\.json: m365-route-filter-not-in-stack: enforcement level must be one of advisory, mandatory, remediate, disabled, got "blocking"$/,
    ],
    [
      { "m365-route-filter-not-in-stack": { enforcementLevel: 1 } },
      /^policy-config\.json: m365-route-filter-not-in-stack, field enforcementLevel: enforcement level must be one of .*, got number 1$/,
    ],
    [{ all: "strict" }, /^policy-config\.json: all: enforcement level must be one of/],
    [
      { all: { enforcementLevel: "advisory", expiryWarningDays: 3 } },
      /^policy-config\.json: all: takes only an enforcement level; options belong under a policy name \(expiryWarningDays\)$/,
    ],
    [
      { "m365-exception-expiring": { expiryWarningDay: 10 } },
      /^policy-config\.json: m365-exception-expiring, field expiryWarningDay: unknown option \(known: expiryWarningDays\)$/,
    ],
    [
      { "m365-exception-expiring": { expiryWarningDays: -1 } },
      /^policy-config\.json: m365-exception-expiring, field expiryWarningDays: must be at least 0, got number -1$/,
    ],
    [
      { "m365-exception-expiring": { expiryWarningDays: "30" } },
      /^policy-config\.json: m365-exception-expiring, field expiryWarningDays: must be a whole number, got "30"$/,
    ],
    [
      { "m365-advertisement-requires-exception": { exception: [] } },
      /^policy-config\.json: m365-advertisement-requires-exception, field exception: unknown option \(known: cloud, organization, additionalCommunities, exceptions\)$/,
    ],
    [
      { "m365-route-filter-not-in-stack": ["mandatory"] },
      /^policy-config\.json: m365-route-filter-not-in-stack: must be an enforcement level or an object of enforcementLevel and options, got a list$/,
    ],
    [{ environments: "prod" }, /^policy-config\.json: environments: must be a list of ESC environment names$/],
  ])("%j is refused with one line", (content, line) => {
    const problems = problemsOf(content);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(line);
  });

  test("every problem is listed, register problems after the others", () => {
    const problems = problemsOf(packConfig([exceptionEntry({ id: "" }), exceptionEntry({ communities: [] })], { all: "x" }));
    expect(problems).toEqual([
      expect.stringContaining("policy-config.json: all:"),
      expect.stringContaining("exceptions[0], field id: must be a non-empty string"),
      expect.stringContaining("exceptions[1] (ER365-2026-007), field communities: must be a non-empty list"),
    ]);
  });

  test.each([
    ["invalid JSON", '{"m365-advertisement-requires-exception": {', /policy-config\.json:1:\d+: is not valid JSON \(/],
    ["a list", [], /policy-config\.json: must be a JSON object of policy names to their config, got a list$/],
  ])("%s is refused outright", (_what, content, message) => {
    expect(() => load(content)).toThrow(message);
  });
});
