#!/usr/bin/env node
// Builds a self-contained copy of the pack for `pulumi policy publish`, which uploads the
// directory it runs in (npm pack): policies/ itself points at ../dist and relies on the
// package's node_modules, so it cannot be published as it is.
// Usage: node scripts/assemble-policy-pack.js [outDir]   (after `npm ci`, which compiles dist/)
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
