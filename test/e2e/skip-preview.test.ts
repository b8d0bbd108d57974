/**
 * Blocking before harm: `pulumi up --yes --skip-preview` with the pack, through the real CLI (see harness.ts for
 * what is real and what is a stand-in). The main check judges each route filter and standalone rule before its
 * step, so an offending one is never created, while the compliant resources of the same program are; a covered
 * one is created and the update passes.
 */
import * as fs from "fs";
import * as path from "path";
import {
  type Cli,
  PARALLEL_RUNS,
  type RunResult,
  Workspace,
  cliBanner,
  ensureCli,
  explain,
  packConfigOf,
  pool,
  scratchRoot,
} from "../../harness/pulumi-cli";

const MAIN = "m365-advertisement-requires-exception";

interface Outcome {
  readonly up: RunResult;
  /** Logical names of the resources in the stack afterwards. */
  readonly created: string[];
}

let cli: Cli;
let root: string;
const outcomes = new Map<string, Promise<Outcome>>();

/** The register entry that covers examples/standalone-rule's filter (rf-hub-weu) for Exchange Online. */
const RULE_REGISTER = {
  [MAIN]: {
    exceptions: [
      {
        id: "ER365-2026-031",
        microsoftAuthorization: "MSFT-ER365-AUTH-9001",
        justification: "Regulation mandates private connectivity for mail",
        approvedBy: ["network-architecture", "security-office"],
        expires: "2099-12-31",
        communities: ["12076:5010"],
        routeFilters: ["rf-hub-weu"],
      },
    ],
  },
};

const CASES: Record<string, { example: string; config?: () => string }> = {
  "filter without exception": { example: "m365-without-exception" },
  "filter with exception": { example: "m365-with-exception", config: () => packConfigOf("m365-with-exception")! },
  "standalone rule without exception": { example: "standalone-rule" },
  "standalone rule with exception": {
    example: "standalone-rule",
    config: () => {
      const file = path.join(root, "standalone-rule-register.json");
      fs.writeFileSync(file, JSON.stringify(RULE_REGISTER));
      return file;
    },
  },
};

beforeAll(async () => {
  cli = await ensureCli();
  console.log(cliBanner(cli));
  root = scratchRoot("skip-preview");
  const runs = pool<Outcome>(
    PARALLEL_RUNS,
    Object.entries(CASES).map(([label, { example, config }]) => async () => {
      const ws = await Workspace.create(cli, root, label.replace(/ /g, "-"), example);
      const packConfig = config?.();
      const up = await ws.pulumi([
        "up",
        "--yes",
        "--skip-preview",
        "--color",
        "never",
        "--policy-pack",
        path.join(__dirname, "..", "..", "policies"),
        ...(packConfig ? ["--policy-pack-config", packConfig] : []),
      ]);
      const exported = path.join(ws.dir, "..", `${label.replace(/ /g, "-")}-state.json`);
      const exportRun = await ws.exportStack(exported);
      if (exportRun.code !== 0) throw new Error(`pulumi stack export failed:\n${exportRun.stderr}`);
      const resources = (JSON.parse(fs.readFileSync(exported, "utf8")).deployment.resources ?? []) as { urn: string }[];
      return { up, created: resources.map((r) => r.urn.split("::").pop()!) };
    }),
  );
  Object.keys(CASES).forEach((label, i) => outcomes.set(label, runs[i]));
}, 20 * 60_000);

test("an offending route filter is blocked before it is created; a compliant resource before it is", async () => {
  const { up, created } = await outcomes.get("filter without exception")!;
  explain(up, () => {
    expect(up.code).not.toBe(0);
    expect(up.stdout).toContain(`[mandatory] [severity: critical]  ${MAIN}`);
  });
  // The filter waits for the resource group's name, so the group is always created first; the circuit runs in
  // parallel with the filter and may or may not be created before the engine stops at the failed step.
  expect(created).toContain("rg-hub");
  expect(created).not.toContain("rf-m365");
  // The peering waits for the filter's ID, so it is not created either.
  expect(created).not.toContain("er-hub-microsoft");
});

test("a covered route filter is created and the update passes", async () => {
  const { up, created } = await outcomes.get("filter with exception")!;
  explain(up, () => expect(up.code).toBe(0));
  expect(created).toEqual(expect.arrayContaining(["rg-hub", "er-hub", "rf-m365", "er-hub-microsoft"]));
});

test("an offending standalone rule is blocked before it is created; its filter, which allows no Microsoft 365 community, is", async () => {
  const { up, created } = await outcomes.get("standalone rule without exception")!;
  explain(up, () => {
    expect(up.code).not.toBe(0);
    expect(up.stdout).toContain("RouteFilterRule: rule-exo");
  });
  expect(created).toEqual(expect.arrayContaining(["rg-hub", "rf-hub"]));
  expect(created).not.toContain("rule-exo");
});

test("a covered standalone rule is created and the update passes", async () => {
  const { up, created } = await outcomes.get("standalone rule with exception")!;
  explain(up, () => expect(up.code).toBe(0));
  expect(created).toEqual(expect.arrayContaining(["rg-hub", "rf-hub", "rule-exo"]));
});
