/**
 * The commands the documentation gives, read from it so that the tests run them as written and the two cannot
 * drift: each fenced block that follows a `<!-- run: NAME ... -->` comment in a Markdown file.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { REPO, type RunResult } from "../../harness/pulumi-cli";

/** The block marked `run: name` in `file` (relative to the repository); throws when there is none or two. */
export function documentedBlock(file: string, name: string): string {
  const text = fs.readFileSync(path.join(REPO, file), "utf8");
  const blocks = [...text.matchAll(/<!-- run: (\S+)[^>]*-->\n```[a-z]*\n([\s\S]*?)```/g)].filter((m) => m[1] === name);
  if (blocks.length !== 1) throw new Error(`${file}: ${blocks.length} blocks marked "run: ${name}"; expected one`);
  return blocks[0][2];
}

/** A shell block's commands: continuation lines joined, comments and blank lines dropped. */
export function commandsOf(block: string): string[] {
  return block
    .replace(/\\\n\s*/g, "")
    .split("\n")
    .map((line) => line.replace(/\s+#.*$/, "").trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}

/** Runs one documented command line with bash in `cwd`, in exactly `env` (its PATH included); never rejects. */
export function runDocumented(command: string, cwd: string, env: NodeJS.ProcessEnv): Promise<RunResult & { command: string }> {
  return new Promise((resolve) =>
    execFile("bash", ["-eo", "pipefail", "-c", command], { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ command, code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr }),
    ),
  );
}
