/**
 * The JSON report's shape is versioned and shipped: schemas/report.schema.json, listed in the
 * package's files. Real reports of the command (in this process) validate against it with ajv.
 */
import Ajv from "ajv";
import addFormats from "ajv-formats";
import * as fs from "fs";
import * as path from "path";
import { REPORT_SCHEMA_VERSION } from "../../src/cli/formats/json";
import { POLICIES } from "../../src/policies";
import {
  encrypted,
  exceptionEntry,
  filterId,
  packConfig,
  peering,
  previewStream,
  previewSummary,
  routeFilter,
  stackExport,
  workDir,
} from "./fixtures";
import { ROOT, runCli } from "./run-cli";

const SCHEMA_FILE = path.join(ROOT, "schemas", "report.schema.json");
const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8"));
const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv);
const validate = ajv.compile(schema);

function report(files: Record<string, unknown>, args: string[] = []): Record<string, any> {
  const { code, stdout, stderr } = runCli(
    [
      "scan",
      ...Object.keys(files)
        .filter((f) => f.endsWith(".json") || f.endsWith(".jsonl"))
        .filter((f) => f !== "policy-config.json"),
      "--format",
      "json",
      "--now",
      "2026-11-26",
      ...args,
    ],
    workDir(files),
  );
  expect(stderr).toBe("");
  expect([0, 1]).toContain(code);
  return JSON.parse(stdout);
}

const reports: [string, () => Record<string, any>][] = [
  [
    "findings of every level, an accepted risk, a config",
    () =>
      report(
        {
          "state.json": stackExport([
            routeFilter("rf-m365", ["12076:5010"]),
            routeFilter("rf-ok", ["12076:5020"]),
            peering("er-hub-microsoft", filterId("rf-elsewhere")),
          ]),
          "policy-config.json": packConfig([
            exceptionEntry({ routeFilters: ["rf-ok"], communities: ["12076:5020"], expires: "2026-12-10" }),
          ]),
        },
        ["--config", "policy-config.json"],
      ),
  ],
  ["nothing to report", () => report({ "state.json": stackExport([]) })],
  ["a secret that cannot be verified", () => report({ "state.json": stackExport([routeFilter("rf-secret", [encrypted()])]) })],
  [
    "a preview stream and an export together",
    () =>
      report({
        "preview.jsonl": previewStream([{ op: "create", state: routeFilter("rf-new", ["12076:5100"], { planned: true }) }]),
        "state.json": stackExport([]),
      }),
  ],
  [
    "a preview summary with program positions",
    () =>
      report({
        "Pulumi.yaml": "name: hub\nruntime: nodejs\n",
        "preview.json": previewSummary([
          { op: "create", state: routeFilter("rf-new", ["12076:5100"], { planned: true }), sourcePosition: "project:///index.ts#12,5" },
        ]),
      }),
  ],
  [
    "a finding about the config itself (a native exception of a version 2 file)",
    () =>
      report(
        {
          "state.json": stackExport([routeFilter("rf-m365", ["12076:5010"])]),
          "policy-config.json": {
            version: 2,
            policies: {},
            exceptions: {
              skip: { reason: "legacy", match: [{ policies: ["m365-advertisement-requires-exception"], targets: ["urn:x"] }] },
            },
          },
        },
        ["--config", "policy-config.json"],
      ),
  ],
];

test.each(reports)("a real report validates: %s", (_what, make) => {
  const doc = make();
  expect(validate(doc)).toBe(true);
  expect(validate.errors ?? []).toEqual([]);
});

test("the reports above cover what the schema allows as optional: accepted risks, a stack-wide finding, every input kind, a program location", () => {
  const docs = reports.map(([, make]) => make());
  expect(docs.some((d) => d.acceptedRisks.length > 0)).toBe(true);
  expect(docs.some((d) => d.findings.some((f: { urn: unknown }) => f.urn === null))).toBe(true);
  expect(new Set(docs.flatMap((d) => d.inputs.map((i: { kind: string }) => i.kind)))).toEqual(
    new Set(["stack export", "preview stream", "preview summary"]),
  );
  expect(docs.some((d) => d.findings.some((f: { programLocation: unknown }) => f.programLocation !== null))).toBe(true);
});

test("the schema states the version the command writes, and the pack's policies", () => {
  expect(schema.properties.schemaVersion).toEqual({ const: REPORT_SCHEMA_VERSION });
  expect(schema.definitions.policy.enum).toEqual(POLICIES.map((p) => p.name));
});

test.each([
  ["another schema version", (d: Record<string, any>) => ({ ...d, schemaVersion: "2.0" })],
  ["a field the schema does not know", (d: Record<string, any>) => ({ ...d, verdict: "blocked" })],
  ["a finding without its level", (d: Record<string, any>) => ({ ...d, findings: [{ ...d.findings[0], enforcementLevel: undefined }] })],
  [
    "an accepted risk without its exception's id",
    (d: Record<string, any>) => ({
      ...d,
      acceptedRisks: [{ ...d.acceptedRisks[0], exception: { ...d.acceptedRisks[0].exception, id: undefined } }],
    }),
  ],
  ["a count that is not a whole number", (d: Record<string, any>) => ({ ...d, summary: { ...d.summary, mandatory: 0.5 } })],
])("the schema refuses %s", (_what, change) => {
  const doc = JSON.parse(JSON.stringify(change(reports[0][1]())));
  expect(validate(doc)).toBe(false);
});

test("the schema is in the files the package ships", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  const shipped = (pkg.files as string[]).some(
    (entry) => entry === "schemas/" || entry === "schemas" || entry === "schemas/report.schema.json",
  );
  expect(shipped).toBe(true);
});
