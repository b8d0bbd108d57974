import * as fs from "fs";
import * as path from "path";

/**
 * This package's version, for `--version` and the SARIF tool record. Found by walking up from
 * this module, since it runs both compiled (dist/src/cli) and from source under the tests.
 */
export function packageVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "expressroute-m365-guard" && pkg.version) return pkg.version;
    }
    if (path.dirname(dir) === dir) return "unknown";
  }
}
