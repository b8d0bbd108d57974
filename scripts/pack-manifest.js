#!/usr/bin/env node
// The policy pack's package.json, derived from the repository's own so that the package, the pack and the
// command carry one version. @pulumi/policy reads the pack's version from the package.json of the directory
// the pack runs in, so the pack directory needs one; it is written here rather than kept by hand.
//
// Run directly (the build does), it writes policies/package.json for the pack that runs from the repository
// or from an installed package (node_modules/expressroute-m365-guard/policies).
"use strict";
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
/** The pack's runtime dependencies: what the Node.js language host and the pack itself load. */
const RUNTIME_DEPENDENCIES = ["@pulumi/policy", "@pulumi/pulumi"];

function rootManifest() {
  return JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
}

/** `git+https://host/owner/name.git` -> `https://host/owner/name`: the address Pulumi Cloud links to. */
function repositoryUrl(repository) {
  const url = typeof repository === "string" ? repository : repository?.url;
  if (!url) throw new Error("package.json: field repository: missing; the pack's metadata links to it");
  return url.replace(/^git\+/, "").replace(/\.git$/, "");
}

/**
 * `main`: the pack's compiled entry, relative to the pack directory. With `dependencies`, the manifest
 * declares the runtime dependencies (for a directory that is installed on its own, as Pulumi Cloud does
 * with a published pack); without, they come from the package the directory is part of.
 */
function packManifest({ main, dependencies }) {
  const root = rootManifest();
  return {
    name: dependencies ? root.name : `${root.name}-pack`,
    version: root.version,
    description: root.description,
    license: root.license,
    repository: repositoryUrl(root.repository),
    ...(dependencies ? {} : { private: true }),
    main,
    ...(dependencies ? { dependencies: Object.fromEntries(RUNTIME_DEPENDENCIES.map((d) => [d, runtimeVersion(root, d)])) } : {}),
  };
}

function runtimeVersion(root, dependency) {
  const version = root.dependencies?.[dependency];
  if (!version) throw new Error(`package.json: field dependencies: ${dependency} is missing; the policy pack needs it at run time`);
  return version;
}

function writeManifest(dir, manifest) {
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
}

module.exports = { packManifest, writeManifest, RUNTIME_DEPENDENCIES };

if (require.main === module) {
  writeManifest(path.join(ROOT, "policies"), packManifest({ main: "../dist/policies/index.js" }));
}
