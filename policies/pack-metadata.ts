import { readFileSync } from "fs";
import * as path from "path";
import { PolicyPackArgs } from "@pulumi/policy";

/** The pack-level fields Pulumi Cloud shows on the pack's page. */
export type PackMetadata = Required<Pick<PolicyPackArgs, "displayName" | "readme" | "provider" | "tags" | "repository">>;

/**
 * `pulumi policy publish` sends these from the running pack (its GetAnalyzerInfo answer); PulumiPolicy.yaml
 * has no field for them. The README and the repository address are read from the pack directory, which
 * the policy runtime makes the working directory (@pulumi/policy reads the pack's version from there too):
 * policies/ in the repository and in the installed package, the assembled directory when published.
 */
export function packMetadata(packDir: string = process.cwd()): PackMetadata {
  const manifest = JSON.parse(readPackFile(packDir, "package.json")) as { repository?: unknown };
  if (typeof manifest.repository !== "string" || manifest.repository === "") {
    throw new Error(`${path.join(packDir, "package.json")}: field repository: missing; it is written by scripts/pack-manifest.js`);
  }
  return {
    displayName: "ExpressRoute Microsoft 365 guard",
    readme: readPackFile(packDir, "README.md"),
    provider: "azure",
    tags: ["azure", "expressroute", "microsoft-365", "bgp", "route-filter", "networking"],
    repository: manifest.repository,
  };
}

function readPackFile(packDir: string, name: string): string {
  const file = path.join(packDir, name);
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    throw new Error(`policy pack metadata: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? e}); the pack directory must hold it`);
  }
}
