import { readFileSync } from "fs";
import * as path from "path";
import { PolicyPack } from "@pulumi/policy";
import { PACK } from "../src/policies";
import { expressRouteM365Guard } from "./binding";

/**
 * The runtime makes the pack directory the working directory (policies/ here and in the installed
 * package, the assembled directory when published); Pulumi Cloud shows its README, and its
 * package.json (written by scripts/pack-manifest.js) carries the repository.
 */
function packFile(name: string): string {
  const file = path.join(process.cwd(), name);
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    throw new Error(
      `policy pack: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? String(e)}); the pack directory must hold it`,
      { cause: e },
    );
  }
}

const { repository } = JSON.parse(packFile("package.json")) as { repository?: string };
if (!repository)
  throw new Error(`${path.join(process.cwd(), "package.json")}: field repository: missing; scripts/pack-manifest.js writes it`);

new PolicyPack(PACK.name, {
  displayName: PACK.displayName,
  description: PACK.description,
  provider: PACK.provider,
  tags: [...PACK.tags],
  readme: packFile("README.md"),
  repository,
  policies: expressRouteM365Guard(),
});
