/**
 * Where the repository and the Pulumi project are, so that reports name program files as a
 * repository's CI tools do: relative to the repository root.
 */
import * as fs from "fs";
import * as path from "path";
import { type Paths } from "./report";

const PROJECT_FILES = ["Pulumi.yaml", "Pulumi.yml"];

/** The nearest directory from `start` upwards (up to `stop`, inclusive) holding one of `names`. */
function nearest(start: string, names: readonly string[], stop?: string): string | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (names.some((name) => fs.existsSync(path.join(dir, name)))) return dir;
    if (dir === stop || path.dirname(dir) === dir) return undefined;
  }
}

/**
 * The repository root is the nearest directory with a `.git` (a directory, or a worktree's file),
 * else the working directory. The source root, where Pulumi's `project:///` positions start, is
 * `sourceRoot` if given (relative to the working directory), else the nearest directory with a
 * Pulumi.yaml up to the repository root (the one Pulumi ran the program from), else the working
 * directory, with a note saying so.
 */
export function findPaths(cwd: string, sourceRoot?: string): { paths: Paths; note?: string } {
  const repoRoot = nearest(cwd, [".git"]) ?? cwd;
  const project = sourceRoot === undefined ? nearest(cwd, PROJECT_FILES, repoRoot) : path.resolve(cwd, sourceRoot);
  const relative = (dir: string) => path.relative(repoRoot, dir).split(path.sep).join("/");
  if (project !== undefined) return { paths: { cwd, repoRoot, sourceRoot: relative(project) } };
  return {
    paths: { cwd, repoRoot, sourceRoot: relative(cwd) },
    note:
      `no Pulumi.yaml in ${cwd} or above it in the repository: the program positions Pulumi recorded are ` +
      "read as relative to the working directory; give --source-root <the Pulumi project's directory>",
  };
}
