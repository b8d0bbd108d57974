import { applyRemediation } from "../../src/adapters/remediation";
import { planRemediation } from "../../src/core/remediation";
import { readSettings } from "../../src/core/settings";
import { advertisementRequiresException } from "../../src/policies/m365-advertisement-requires-exception";
import { filterFact, rule, ruleFact, unknown, wireSecret as secret } from "../support/facts";
import { exception } from "../../harness/stack";

const TODAY = "2026-11-27";
const settings = (options: Record<string, unknown> = {}) => readSettings(advertisementRequiresException, options);

describe("the core decides which communities go", () => {
  test("the uncovered Microsoft 365 communities, by where they are written", () => {
    const filter = filterFact("rf", [], { rules: [rule(["12076:5010", "12076:51004"]), rule(["12076:5020"], "Allow", "rules[1]")] });
    const plan = planRemediation(
      [filter],
      settings({ exceptions: [exception({ routeFilters: ["rf"], communities: ["12076:5020"], expires: "2027-01-01" })] }),
      TODAY,
    );
    // The closest exception lists 5020, so only 5010 goes.
    expect(plan).toEqual({ changed: true, remove: new Set(["rules[0].communities[0]"]), removed: ["12076:5010"] });
  });

  test("nothing when covered, unreadable, a standalone rule, or a filter inside another resource", () => {
    const covered = settings({ exceptions: [exception({ routeFilters: ["rf"], expires: "2027-01-01" })] });
    expect(planRemediation([filterFact("rf", ["12076:5010"])], covered, TODAY)).toMatchObject({
      changed: false,
      reason: "covered by ER365-2026-007",
    });
    expect(
      planRemediation([filterFact("rf", ["12076:5010"], { unreadable: [unknown("rules[0].communities[1]")] })], settings(), TODAY),
    ).toMatchObject({ changed: false });
    expect(planRemediation([ruleFact("r", { value: "rf" }, ["12076:5010"])], settings(), TODAY)).toMatchObject({ changed: false });
    expect(
      planRemediation([{ ...filterFact("rf", ["12076:5010"]), property: "properties.template.resources[0]" }], settings(), TODAY),
    ).toMatchObject({ changed: false });
  });
});

describe("the adapter applies it to the provider's shape", () => {
  const plan = { changed: true as const, remove: new Set(["rules[0].communities[0]", "rule.communities[0]"]), removed: [] };

  test("azure-native rules[]: keeps the rest, drops a rule left empty", () => {
    const props = {
      rules: [
        { name: "a", communities: ["12076:5010", "12076:51004"] },
        { name: "b", communities: ["12076:5060"] },
      ],
    };
    expect(applyRemediation(props, plan)).toEqual({
      changed: true,
      updates: {
        rules: [
          { name: "a", communities: ["12076:51004"] },
          { name: "b", communities: ["12076:5060"] },
        ],
      },
    });
    expect(applyRemediation({ rules: [{ name: "a", communities: ["12076:5010"] }] }, plan)).toEqual({
      changed: true,
      updates: { rules: [] },
    });
  });

  test("classic rule: one object", () => {
    expect(applyRemediation({ rule: { name: "a", communities: ["12076:5010", "12076:5060"] } }, plan)).toEqual({
      changed: true,
      updates: { rule: { name: "a", communities: ["12076:5060"] } },
    });
  });

  test("never turns a secret into a plain value: a secret list or rule is reported instead; a secret item stays secret", () => {
    expect(applyRemediation({ rules: [{ name: "a", communities: secret(["12076:5010"]) }] }, plan)).toMatchObject({ changed: false });
    expect(applyRemediation({ rules: secret([{ communities: ["12076:5010"] }]) }, plan)).toMatchObject({ changed: false });
    expect(applyRemediation({ rules: [secret({ communities: ["12076:5010"] })] }, plan)).toMatchObject({ changed: false });
    const kept = secret("12076:51004");
    expect(applyRemediation({ rules: [{ communities: ["12076:5010", kept] }] }, plan)).toEqual({
      changed: true,
      updates: { rules: [{ communities: [kept] }] },
    });
  });
});
