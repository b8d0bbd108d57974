#!/usr/bin/env node
// Builds a self-contained copy of the pack for `pulumi policy publish`, which uploads the
// directory it runs in (npm pack): policies/ itself points at ../dist and relies on the
// repository's node_modules, so it cannot be published as it is.
// Usage: node scripts/assemble-policy-pack.js [outDir]   (after `npm ci`, which compiles dist/)
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const out = path.resolve(process.argv[2] ?? path.join(root, "dist", "policy-pack"));
const compiled = path.join(root, "dist", "policies", "index.js");
if (!fs.existsSync(compiled)) {
  console.error(`assemble-policy-pack: ${compiled} is missing; run npm ci (or npm run build) first`);
  process.exit(2);
}

const repo = require(path.join(root, "package.json"));
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
for (const dir of ["policies", "src"]) {
  fs.cpSync(path.join(root, "dist", dir), path.join(out, dir), { recursive: true, filter: (f) => !f.endsWith(".map") });
}
fs.copyFileSync(path.join(root, "policies", "PulumiPolicy.yaml"), path.join(out, "PulumiPolicy.yaml"));
const runtimeDeps = ["@pulumi/policy", "@pulumi/pulumi"];
fs.writeFileSync(
  path.join(out, "package.json"),
  JSON.stringify(
    {
      name: repo.name,
      version: repo.version,
      description: repo.description,
      main: "policies/index.js",
      dependencies: Object.fromEntries(runtimeDeps.map((d) => [d, repo.dependencies[d]])),
    },
    null,
    2,
  ) + "\n",
);
console.log(out);
