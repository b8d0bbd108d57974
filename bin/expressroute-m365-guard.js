#!/usr/bin/env node
// The command's entry point: the compiled CLI in dist/, which `npm ci` builds (the prepare script).
"use strict";
let cli;
try {
  cli = require("../dist/src/cli/main.js");
} catch (e) {
  if (e && e.code === "MODULE_NOT_FOUND" && String(e.message).includes("dist/src/cli/main.js")) {
    process.stderr.write(
      "expressroute-m365-guard: dist/ is not built; run `npm ci` (or `npm run build`) in the expressroute-m365-guard checkout\n",
    );
    process.exit(2);
  }
  throw e;
}
cli.run();
