/**
 * The build compiles the config validators ahead (scripts/compile-config-schemas.js). The pack from the
 * build must judge a config exactly as the validators compiled from source do, without loading the
 * compiler; and a validator compiled from another schema than the policy's own is never used.
 */
import { spawnSync } from "child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import * as path from "path";
import { schemaProblems } from "../../src/core/config-schema";
import { POLICIES } from "../../src/policies";
import { REPO_ROOT } from "../../harness/policy-runtime";

// Besides these, every policy is given an option it does not have.
const BAD_OPTIONS: Record<string, Record<string, unknown>[]> = {
  "m365-advertisement-requires-exception": [
    { exceptions: [{ id: "x", routeFilters: [], communities: ["bad"], approvedBy: "me" }], bogus: 1 },
    { cloud: "Mars", additionalCommunities: [{ community: 5, service: "" }] },
    { exceptions: "none", organization: "" },
  ],
  "m365-exception-expiring": [{ expiryWarningDays: -1 }, { expiryWarningDays: "soon" }],
  "m365-route-filter-not-in-stack": [{ bogus: true }],
  "m365-microsoft-peering-without-route-filter": [{ exceptions: [] }],
  "m365-exception-broader-than-used": [{ enforcementLevel: "advisory", extra: {} }],
};

/** schemaProblems of the built core at `core`, in a fresh process: the problems, and whether ajv's compiler was loaded. */
function builtProblems(core: string): { problems: unknown; compilerLoaded: boolean } {
  const script = `
    const { schemaProblems } = require(${JSON.stringify(path.join(core, "config-schema.js"))});
    const { POLICIES } = require(${JSON.stringify(path.join(core, "..", "policies"))});
    const bad = ${JSON.stringify(BAD_OPTIONS)};
    const problems = POLICIES.map((p) => [{ bogus: 1 }, ...(bad[p.name] ?? [])].map((o) => schemaProblems(p, o)));
    const compilerLoaded = Object.keys(require.cache).some((f) => f.includes("/ajv/dist/ajv.js"));
    process.stdout.write(JSON.stringify({ problems, compilerLoaded }));`;
  const run = spawnSync(process.execPath, ["-e", script], { cwd: REPO_ROOT, encoding: "utf8" });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout);
}

const fromSource = () => POLICIES.map((p) => [{ bogus: 1 }, ...(BAD_OPTIONS[p.name] ?? [])].map((o) => schemaProblems(p, o)));

test("the built pack judges a config as the source does, without loading ajv's compiler", () => {
  const built = builtProblems(path.join(REPO_ROOT, "dist", "src", "core"));
  expect(built.compilerLoaded).toBe(false);
  expect(built.problems).toEqual(fromSource());
  expect(JSON.stringify(built.problems)).toContain("unknown option");
});

test("a validator compiled from another schema than the policy's own is not used", () => {
  // Inside the repository, so that the copy finds its dependencies in node_modules.
  const copy = mkdtempSync(path.join(REPO_ROOT, "dist", "stale-build-"));
  try {
    cpSync(path.join(REPO_ROOT, "dist", "src"), copy, { recursive: true });
    const file = path.join(copy, "core", "config-validators.js");
    // A stale build: the main policy's validator accepts anything and records an older schema.
    const stale = readFileSync(file, "utf8").replace(
      /\n\};\n$/,
      '\n  "m365-advertisement-requires-exception": { validate: () => true, schema: "{}" },\n};\n',
    );
    expect(stale).toContain("validate: () => true");
    writeFileSync(file, stale);
    const built = builtProblems(path.join(copy, "core"));
    expect(built.compilerLoaded).toBe(true);
    expect(built.problems).toEqual(fromSource());
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});
