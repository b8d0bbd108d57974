/** The directory `pulumi policy publish` uploads must hold a working pack on its own. */
import { execFileSync } from "child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "fs";
import * as path from "path";
import { PolicyRuntime, REPO_ROOT } from "../../harness/policy-runtime";
import { POLICIES } from "../../src/policies";

test("the assembled pack loads in the real runtime and declares its runtime dependencies", async () => {
  // Inside the repository so that Node finds the installed dependencies, as `npm install` would provide them.
  const out = mkdtempSync(path.join(REPO_ROOT, "dist", "publish-test-"));
  execFileSync(process.execPath, [path.join(REPO_ROOT, "scripts", "assemble-policy-pack.js"), out]);
  const manifest = JSON.parse(readFileSync(path.join(out, "package.json"), "utf8"));
  expect(Object.keys(manifest.dependencies).sort()).toEqual(["@pulumi/policy", "@pulumi/pulumi", "ajv"]);
  expect(readdirSync(out).sort()).toEqual(["LICENSE", "PulumiPolicy.yaml", "README.md", "package.json", "policies", "src"]);
  // One version: the repository's package.json, which the pack reports (test/e2e/policy-publish.test.ts publishes it).
  expect(manifest.version).toBe(JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).version);
  const runtime = await PolicyRuntime.start(out);
  try {
    expect(runtime.policies.map((p) => p.name)).toEqual(POLICIES.map((p) => p.name));
  } finally {
    await runtime.close();
    rmSync(out, { recursive: true, force: true });
  }
});
