#!/usr/bin/env node
// The files made from the pack's list of policies (src/policies/index.ts, POLICIES), so that adding a policy
// is its file and one line in that list: the benchmark's no-op pack (the pack's shape, each policy doing
// nothing), the report schema's policy names, and the README's table of policies.
//
// `npm run generate` builds and runs this script, which writes them; test/core/policy-registry.test.ts
// fails while a committed file differs from what `generatedFiles` makes of the policies.
"use strict";
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const README_START = "<!-- policy table: generated from POLICIES by `npm run generate`, do not edit -->";
const README_END = "<!-- end of policy table -->";

/** What the policy judges, in the order the engine calls it. */
function judged(policy) {
  return [policy.judgeResource && "each resource it applies to, before its step", policy.judgeStack && "the stack"]
    .filter(Boolean)
    .join("; ");
}

/** Each option with its default, from the policy's config schema. */
function options(policy) {
  const entries = Object.entries(policy.configSchema.properties);
  if (entries.length === 0) return "none";
  return entries.map(([name, schema]) => `\`${name}\`${schema.default === undefined ? "" : ` (default ${schema.default})`}`).join(", ");
}

function readmeTable(policies) {
  const rows = policies.map((p) => {
    const level = `${p.enforcementLevel}, severity ${p.severity}${p.remediate ? "; remediates at level `remediate`" : ""}`;
    return `| \`${p.name}\` | ${level} | ${judged(p)} | ${p.description} | ${options(p)} |`;
  });
  return [
    README_START,
    "| policy | default level | judged | what it reports | options |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
    README_END,
  ].join("\n");
}

function noopPack(policies) {
  const hooks = (p) =>
    [
      p.judgeResource && "validateResource: nothing",
      p.judgeStack && "validateStack: nothing",
      p.remediate && "remediateResource: () => undefined",
    ].filter(Boolean);
  const lines = policies.map(
    (p) =>
      `  { ${[`name: ${JSON.stringify(p.name)}`, `enforcementLevel: ${JSON.stringify(p.enforcementLevel)}`, ...hooks(p)].join(", ")} },`,
  );
  return [
    "// Benchmark baseline, generated from POLICIES by `npm run generate` (do not edit): the real pack's shape",
    "// (which policies judge each resource, which the stack, which remediate) so the runtime does the same work",
    "// per call; the policies themselves do nothing. bench/pack-shape.ts compares the two shapes before every",
    "// `npm run bench` and in test/bench.",
    'const { PolicyPack } = require("@pulumi/policy");',
    "",
    "const nothing = () => {};",
    "const policies = [",
    ...lines,
    "];",
    "",
    'new PolicyPack("expressroute-m365-guard-noop", {',
    '  policies: policies.map((policy) => ({ description: "does nothing", ...policy })),',
    "});",
    "",
  ].join("\n");
}

/** The schema's list of policy names, written as the rest of the file is (one name a line). */
function reportSchema(policies, current) {
  const names = policies.map((p) => `        ${JSON.stringify(p.name)}`).join(",\n");
  const list = /("policy": \{\n\s*"enum": \[\n)[^\]]*(\n\s*\])/;
  if (!list.test(current)) throw new Error('schemas/report.schema.json: no "policy" enum under definitions to generate');
  return current.replace(list, (_, head, tail) => `${head}${names}${tail}`);
}

function replaceReadmeTable(policies, current) {
  const start = current.indexOf(README_START);
  const end = current.indexOf(README_END);
  if (start < 0 || end < start) throw new Error(`README.md: the policy table's markers are missing (${README_START} ... ${README_END})`);
  return current.slice(0, start) + readmeTable(policies) + current.slice(end + README_END.length);
}

/** Repository path -> the content it should have, given the policies and the files as they are. */
function generatedFiles(policies, read = (file) => fs.readFileSync(path.join(ROOT, file), "utf8")) {
  return {
    "bench/noop-pack/index.js": noopPack(policies),
    "schemas/report.schema.json": reportSchema(policies, read("schemas/report.schema.json")),
    "README.md": replaceReadmeTable(policies, read("README.md")),
  };
}

module.exports = { generatedFiles };

if (require.main === module) {
  const compiled = path.join(ROOT, "dist", "src", "policies", "index.js");
  if (!fs.existsSync(compiled)) throw new Error(`${compiled}: missing; run \`npm run build\` first (\`npm run generate\` does)`);
  const { POLICIES } = require(compiled);
  for (const [file, content] of Object.entries(generatedFiles(POLICIES))) {
    const full = path.join(ROOT, file);
    if (fs.readFileSync(full, "utf8") !== content) {
      fs.writeFileSync(full, content);
      console.log(`wrote ${file}`);
    }
  }
}
