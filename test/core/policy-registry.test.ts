/**
 * What every policy of the pack must carry, checked for each entry of POLICIES, and the files made
 * from that list (scripts/generate-from-policies.js) as they should be committed.
 */
import * as fs from "fs";
import * as path from "path";
import { optionsSchema, schemaProblems } from "../../src/core/config-schema";
import { MAIN_POLICY } from "../../src/core/register";
import { POLICIES, REGISTER_OWNER } from "../../src/policies";

const ROOT = path.resolve(__dirname, "..", "..");
const { generatedFiles } = require("../../scripts/generate-from-policies") as {
  generatedFiles(policies: typeof POLICIES): Record<string, string>;
};

describe.each(POLICIES.map((p) => [p.name, p] as const))("%s", (name, policy) => {
  test("name: kebab case, unique, and the name of its own module in src/policies", () => {
    expect(name).toMatch(/^m365-[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(POLICIES.filter((p) => p.name === name)).toHaveLength(1);
    expect(fs.existsSync(path.join(ROOT, "src", "policies", `${name}.ts`))).toBe(true);
  });

  test("levels: a default level Pulumi accepts, and hooks that match its register role", () => {
    expect(["mandatory", "advisory"]).toContain(policy.enforcementLevel);
    expect(["owns", "reads", "none"]).toContain(policy.register);
    expect(policy.judgeResource ?? policy.judgeStack).toBeDefined();
    // What cannot be remediated is reported by the same policy's resource judgement.
    if (policy.remediate) expect(policy.judgeResource).toBeDefined();
  });

  test("severity", () => {
    expect(["low", "medium", "high", "critical"]).toContain(policy.severity);
  });

  test("description, display name, remediation steps, tags and link: what Pulumi Cloud shows", () => {
    for (const text of [policy.description, policy.displayName, policy.remediationSteps]) expect(text.trim()).not.toBe("");
    expect(policy.description).toMatch(/^[A-Z].*\.$/);
    expect(policy.tags.length).toBeGreaterThan(0);
    expect(policy.url).toMatch(/^https:\/\//);
  });

  test("schema: compiles under ajv's strict mode, describes every option, and accepts no options at all", () => {
    expect(() => schemaProblems(policy, {})).not.toThrow();
    expect(schemaProblems(policy, {})).toEqual([]);
    for (const [option, schema] of Object.entries(policy.configSchema.properties)) {
      expect([option, typeof schema.description]).toEqual([option, "string"]);
    }
    expect(optionsSchema(policy).additionalProperties).toBe(false);
  });
});

test("exactly one policy owns the register: the main policy, first, so that it posts the register before the others read it", () => {
  expect(POLICIES.filter((p) => p.register === "owns")).toEqual([REGISTER_OWNER]);
  expect(REGISTER_OWNER.name).toBe(MAIN_POLICY);
  expect(POLICIES[0]).toBe(REGISTER_OWNER);
});

test.each(Object.entries(generatedFiles(POLICIES)))("%s is as `npm run generate` makes it from POLICIES", (file, content) => {
  expect(fs.readFileSync(path.join(ROOT, file), "utf8")).toBe(content);
});
