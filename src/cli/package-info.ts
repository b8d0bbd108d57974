import * as fs from "fs";
import * as path from "path";

export interface PackageInfo {
  readonly version: string;
  /** Where to read about the tool: package.json's homepage, else its repository as a web address. */
  readonly informationUri?: string;
}

/**
 * This package's own package.json, for `--version` and the tool record of every report. Found by
 * walking up from this module, since it runs both compiled (dist/src/cli) and from source under the tests.
 */
export function packageInfo(): PackageInfo {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string; homepage?: string; repository?: unknown };
      if (pkg.name === "expressroute-m365-guard" && pkg.version) {
        return { version: pkg.version, informationUri: pkg.homepage ?? webAddressOf(pkg.repository) };
      }
    }
    if (path.dirname(dir) === dir) return { version: "unknown" };
  }
}

export function packageVersion(): string {
  return packageInfo().version;
}

/** "git+https://host/org/repo.git" (or {url}) -> "https://host/org/repo"; undefined unless it is a web address. */
function webAddressOf(repository: unknown): string | undefined {
  const url = typeof repository === "string" ? repository : (repository as { url?: unknown } | undefined)?.url;
  if (typeof url !== "string") return undefined;
  const web = url.replace(/^git\+/, "").replace(/\.git$/, "");
  return /^https:\/\//.test(web) ? web : undefined;
}
