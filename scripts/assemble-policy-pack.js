#!/usr/bin/env node
// Builds a self-contained copy of the pack for `pulumi policy publish`, which uploads the
// directory it runs in (npm pack): policies/ itself points at ../dist and relies on the
// package's node_modules, so it cannot be published as it is.
// The build runs it: dist/policy-pack ships in the npm package, so that an installed package can be
// published (`cd node_modules/expressroute-m365-guard/dist/policy-pack && pulumi policy publish <org>`)
// without a clone of this repository.
// Usage: node scripts/assemble-policy-pack.js [outDir]   (after tsc has compiled dist/)
const fs = require("fs");
const path = require("path");
const { packManifest, writeManifest } = require("./pack-manifest");

const root = path.resolve(__dirname, "..");
const out = path.resolve(process.argv[2] ?? path.join(root, "dist", "policy-pack"));
const compiled = path.join(root, "dist", "policies", "index.js");
if (!fs.existsSync(compiled)) {
  console.error(`assemble-policy-pack: ${compiled} is missing; run npm ci (or npm run build) first`);
  process.exit(2);
}

fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
for (const dir of ["policies", "src"]) {
  fs.cpSync(path.join(root, "dist", dir), path.join(out, dir), { recursive: true, filter: (f) => !f.endsWith(".map") });
}
// PulumiPolicy.yaml makes it a pack; README.md is what Pulumi Cloud shows on the pack's page.
for (const file of ["PulumiPolicy.yaml", "README.md"]) {
  fs.copyFileSync(path.join(root, "policies", file), path.join(out, file));
}
fs.copyFileSync(path.join(root, "LICENSE"), path.join(out, "LICENSE"));
writeManifest(out, packManifest({ main: "policies/index.js", dependencies: true }));
console.log(out);
