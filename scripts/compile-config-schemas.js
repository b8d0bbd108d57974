#!/usr/bin/env node
// Compiles each policy's config schema ahead with ajv's standalone code, into the build beside
// dist/src/core/config-schema.js, which uses a validator only if it was compiled from the schema the
// policy states now. Run by `npm run build` after tsc: the compiled policies are its input.
"use strict";
const fs = require("fs");
const path = require("path");
const Ajv = require("ajv").default;
const standaloneCode = require("ajv/dist/standalone").default;

const CORE = path.resolve(__dirname, "..", "dist", "src", "core");
const { AJV_OPTIONS, PREBUILT_VALIDATORS, optionsSchema } = require(path.join(CORE, "config-schema.js"));
const { POLICIES } = require(path.resolve(CORE, "..", "policies"));

const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
const exportsByPolicy = {};
POLICIES.forEach((policy, i) => {
  ajv.addSchema({ ...optionsSchema(policy), $id: policy.name });
  exportsByPolicy[`policy${i}`] = policy.name;
});
const lines = [
  standaloneCode(ajv, exportsByPolicy),
  "exports.policies = {",
  ...POLICIES.map(
    (policy, i) =>
      `  ${JSON.stringify(policy.name)}: { validate: exports.policy${i}, schema: ${JSON.stringify(JSON.stringify(optionsSchema(policy)))} },`,
  ),
  "};",
  "",
];
fs.writeFileSync(path.join(CORE, PREBUILT_VALIDATORS), lines.join("\n"));
