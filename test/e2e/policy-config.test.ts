/**
 * The policy pack config through the real CLI: what its schema validation rejects before the preview runs,
 * what gets past it and is reported by the pack itself, and whole-pack enforcement overrides.
 * Programs: examples/m365-without-exception (blocked with no config) and examples/m365-with-exception.
 */
import * as fs from "fs";
import * as path from "path";
import {
  type Cli,
  EXAMPLES_DIR,
  PARALLEL_RUNS,
  type RunResult,
  Workspace,
  cliBanner,
  ensureCli,
  errorDiagnostics,
  jsonEvents,
  policyEvents,
  pool,
  scratchRoot,
  sortedKeys,
  textPolicyLines,
} from "../../harness/pulumi-cli";

const MAIN = "m365-advertisement-requires-exception";

interface Scenario {
  readonly example: string;
  readonly config: unknown;
}

const validException = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, "m365-with-exception", "policy-config.json"), "utf8"));
const withMisspeltEntryKey = (() => {
  const config = structuredClone(validException);
  const entry = config[MAIN].exceptions[0];
  entry.expirs = entry.expires;
  delete entry.expires;
  return config;
})();

const SCENARIOS = {
  unknownCloud: { example: "m365-without-exception", config: { [MAIN]: { cloud: "Mars" } } },
  negativeWarningDays: { example: "m365-without-exception", config: { "m365-exception-expiring": { expiryWarningDays: -1 } } },
  misspeltEntryKey: { example: "m365-with-exception", config: withMisspeltEntryKey },
  unknownOption: { example: "m365-with-exception", config: { [MAIN]: { ...validException[MAIN], clouds: "AzureCloud" } } },
  misspeltPolicyName: {
    example: "m365-without-exception",
    config: { "m365-advertisment-requires-exception": { enforcementLevel: "advisory" } },
  },
  allAdvisory: { example: "m365-without-exception", config: { all: "advisory" } },
} satisfies Record<string, Scenario>;
type Name = keyof typeof SCENARIOS;

interface Outcome {
  readonly text: RunResult;
  readonly json: RunResult;
}

let cli: Cli;
let root: string;
const outcomes = new Map<Name, Promise<Outcome>>();

beforeAll(async () => {
  cli = await ensureCli();
  console.log(cliBanner(cli));
  root = scratchRoot("policy-config");
  const names = Object.keys(SCENARIOS) as Name[];
  const runs = pool(
    PARALLEL_RUNS,
    names.map((name) => async () => {
      const { example, config } = SCENARIOS[name];
      const ws = await Workspace.create(cli, root, name, example);
      const file = path.join(ws.dir, "..", "policy-config.json");
      fs.writeFileSync(file, JSON.stringify(config, null, 2));
      return { text: await ws.previewText(file), json: await ws.previewJson(file) };
    }),
  );
  names.forEach((name, i) => outcomes.set(name, runs[i]));
}, 30 * 60_000);

afterAll(async () => {
  await Promise.allSettled(outcomes.values());
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

async function outcome(name: Name): Promise<Outcome> {
  return outcomes.get(name)!;
}

/** On failure, show what pulumi printed. */
async function explaining(name: Name, check: (o: Outcome) => void): Promise<void> {
  const o = await outcome(name);
  try {
    check(o);
  } catch (e) {
    (e as Error).message +=
      `\n--- text preview: exit ${o.text.code} ---\n${o.text.stdout}\n${o.text.stderr}` +
      `\n--- json preview: exit ${o.json.code} ---\n${o.json.stderr}`;
    throw e;
  }
}

/** The CLI validated the config against the pack's schema and stopped before any policy ran. */
function expectRejected({ text, json }: Outcome, ...messages: string[]): void {
  expect(text.code).not.toBe(0);
  expect(textPolicyLines(text.stdout)).toEqual([]);
  for (const message of messages) expect(text.stdout + text.stderr).toContain(message);
  const events = jsonEvents(json.stdout);
  expect(json.code).not.toBe(0);
  expect(policyEvents(events)).toEqual([]);
  expect(errorDiagnostics(events).join("\n")).toContain(messages[0]);
}

const TIMEOUT = 15 * 60_000;

test(
  "a cloud the schema does not know is rejected by the CLI",
  async () => {
    await explaining("unknownCloud", (o) =>
      expectRejected(
        o,
        `validating policy config: expressroute-m365-guard 0.1.0  ${MAIN}: cloud: cloud must be one of the following: "AzureCloud", "AzureUSGovernment", "AzureChinaCloud"`,
      ),
    );
  },
  TIMEOUT,
);

test(
  "a negative expiryWarningDays is rejected by the CLI",
  async () => {
    await explaining("negativeWarningDays", (o) =>
      expectRejected(o, "m365-exception-expiring: expiryWarningDays: Must be greater than or equal to 0"),
    );
  },
  TIMEOUT,
);

test(
  "a misspelt key inside an exception entry is rejected by the schema (additionalProperties: false)",
  async () => {
    await explaining("misspeltEntryKey", (o) =>
      expectRejected(o, `${MAIN}: exceptions.0: Additional property expirs is not allowed`, `${MAIN}: exceptions.0: expires is required`),
    );
  },
  TIMEOUT,
);

test(
  "an unknown option of a policy passes the CLI and is reported by the pack, blocking",
  async () => {
    await explaining("unknownOption", ({ text, json }) => {
      expect(text.code).not.toBe(0);
      const unknown = { policy: MAIN, enforcementLevel: "mandatory", resource: null };
      expect(sortedKeys(textPolicyLines(text.stdout))).toEqual([unknown]);
      const findings = policyEvents(jsonEvents(json.stdout));
      expect(json.code).not.toBe(0);
      expect(sortedKeys(findings)).toEqual([unknown]);
      expect(findings[0].message).toContain(
        `${MAIN}, field clouds: unknown option (known: cloud, organization, additionalCommunities, exceptions)`,
      );
    });
  },
  TIMEOUT,
);

// What really happens, not what one would wish: the CLI ignores config for a policy the pack does not have,
// and the pack never sees it, so the misspelt override has no effect and the preview stays blocked.
test(
  "config for a policy name the pack does not have is silently ignored",
  async () => {
    await explaining("misspeltPolicyName", ({ text, json }) => {
      const blocked = [{ policy: MAIN, enforcementLevel: "mandatory", resource: "rf-m365" }];
      expect(text.code).not.toBe(0);
      expect(sortedKeys(textPolicyLines(text.stdout))).toEqual(blocked);
      expect(text.stdout + text.stderr).not.toContain("m365-advertisment");
      expect(sortedKeys(policyEvents(jsonEvents(json.stdout)))).toEqual(blocked);
    });
  },
  TIMEOUT,
);

test(
  '{"all": "advisory"} turns the block into a warning: exit 0, still reported',
  async () => {
    await explaining("allAdvisory", ({ text, json }) => {
      const warned = [{ policy: MAIN, enforcementLevel: "advisory", resource: "rf-m365" }];
      expect(text.code).toBe(0);
      expect(sortedKeys(textPolicyLines(text.stdout))).toEqual(warned);
      expect(json.code).toBe(0);
      expect(sortedKeys(policyEvents(jsonEvents(json.stdout)))).toEqual(warned);
    });
  },
  TIMEOUT,
);
