/** `npm run demo` as a user runs it (scripts/demo.sh): blocked without the exception, passes with it. */
import { spawnSync } from "child_process";
import * as path from "path";
import { REPO } from "../../harness/pulumi-cli";

test(
  "the demo blocks the hub's route filter, then passes with the exception on record",
  () => {
    const env = { ...process.env, PATH: [path.join(REPO, "node_modules", ".bin"), process.env.PATH].join(path.delimiter) };
    const demo = spawnSync("bash", [path.join(REPO, "scripts", "demo.sh")], { cwd: REPO, env, encoding: "utf8", timeout: 10 * 60_000 });
    const output = `${demo.stdout}\n${demo.stderr}`;
    expect({ status: demo.status, output }).toEqual({
      status: 0,
      output: expect.stringContaining("=== 1/2: exit code 1: blocked, as expected"),
    });
    expect(output).toContain("=== 2/2: exit code 0: passes with exception ER365-2026-012 on record, as expected");
    expect(output).toMatch(/Node\.js language host REAL +pulumi-language-nodejs v3\.259\.0/);
    expect(output).toContain("+ 6 to create");
  },
  10 * 60_000,
);
