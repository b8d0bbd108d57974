/**
 * Reads what Pulumi writes about a stack into the pack's ResourceRecords: a `pulumi stack export`
 * file, or the event stream of `PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true pulumi preview --json`.
 * The kind is told from the content, never from the file name.
 */
import { MAX_DEPTH, plainValue, setOwn } from "../adapters/values";
import { asRecord, describeValue, isRecord } from "../core/json";
import { type ResourceRecord, Unreadable } from "../core/model";
import { parseUrn } from "../core/urn";
import { fileError, invalidJson } from "./errors";
import { displayName, type Json, nestsDeeperThan, readTextFile } from "./read";

export type InputKind = "stack export" | "preview stream" | "preview summary" | "Azure estate";

export interface ScannedResource {
  readonly record: ResourceRecord;
  readonly file: string;
  /** 1-based line where the resource is written, when it can be found. */
  readonly line?: number;
  /** Where the program declares the resource, as Pulumi records it: `project:///index.ts#12,5`. */
  readonly sourcePosition?: string;
}

export interface ScanInput {
  readonly file: string;
  readonly kind: InputKind;
  readonly resources: readonly ScannedResource[];
  /** Things the reader should know that do not stop the scan. */
  readonly notes: readonly string[];
}

// `pulumi stack export` writes version 3, or 4 when the state uses a newer feature (taint, hooks,
// views...); both carry the same resource shape (apitype.DeploymentV3 in the Pulumi engine).
const EXPORT_VERSIONS = [3, 4];

// Steps after which the resource is not in the stack any more.
const REMOVING_OPS = new Set(["delete", "discard"]);
// Steps about the replaced copy of a resource whose replacement has its own step under the same URN.
const REPLACED_COPY_OPS = new Set(["delete-replaced", "discard-replaced", "remove-pending-replace"]);

const STACK_TYPE = "pulumi:pulumi:Stack";

// What the engine's blinding decrypter puts in place of a secret config value in the prelude event.
const BLINDED_SECRET = "[secret]";

export function readInput(given: string): ScanInput {
  const text = readTextFile(given);
  const file = displayName(given);
  if (text.trim() === "")
    throw fileError(file, "is empty: expected a `pulumi stack export` file or a `pulumi preview --json` event stream");

  let whole: unknown;
  try {
    whole = JSON.parse(text);
  } catch (e) {
    // Not one JSON document: an event stream is one JSON object per line.
    const first = firstLineObject(text);
    if (first && isEngineEvent(first)) return readPreviewStream(file, text);
    throw invalidJson(file, text, e, "is the file cut short?");
  }
  refuseDeepNesting(file, whole, "");
  if (isRecord(whole) && "deployment" in whole) return readStackExport(file, text, whole);
  if (isRecord(whole) && isEngineEvent(whole)) return readPreviewStream(file, text);
  if (isRecord(whole) && Array.isArray(whole.steps)) return readPreviewSummary(file, text, whole);
  throw fileError(file, "is neither a `pulumi stack export` file nor a `pulumi preview --json` event stream");
}

function readStackExport(file: string, text: string, doc: Json): ScanInput {
  if (!EXPORT_VERSIONS.includes(doc.version as number)) {
    const version = typeof doc.version === "number" ? String(doc.version) : describeValue(doc.version ?? null);
    throw fileError(
      file,
      `is a stack export of deployment version ${version}; this tool reads versions ${EXPORT_VERSIONS.join(" and ")} (what \`pulumi stack export\` writes)`,
    );
  }
  const deployment = doc.deployment;
  const resources = isRecord(deployment) ? deployment.resources : undefined;
  if (!Array.isArray(resources) || resources.length === 0) {
    throw fileError(file, "is a stack export with no resources: was the stack ever deployed?");
  }
  const states = resources.map((r, i) => resourceState(file, r, `resources[${i}]`));
  // A resource marked delete is the old copy of a replaced one, pending deletion: not part of the stack.
  const live = states.filter((s) => s.delete !== true);
  const byUrn = new Map(live.map((s) => [s.urn as string, s]));
  const lines = urnLines(text);
  return {
    file,
    kind: "stack export",
    notes: [],
    resources: live.map((state) => ({
      file,
      line: lines.get(state.urn as string),
      ...sourcePositionOf(state),
      record: {
        ...identity(state),
        // Stack analysis sees a resource's outputs; inputs fill in what the provider does not echo.
        props: asRecord(state.outputs) ?? {},
        inputs: asRecord(state.inputs) ?? {},
        propertyDependencies: dependenciesOf(state.propertyDependencies),
        provider: providerOf(state.provider, (urn) => byUrn.get(urn)?.inputs),
      },
    })),
  };
}

function readPreviewStream(file: string, text: string): ScanInput {
  let config: Json = {};
  let summary: Json | undefined;
  const states = new Map<string, { state: Json; props: Json; line: number }>();
  text.split("\n").forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === "") return;
    let event: unknown;
    try {
      event = JSON.parse(raw);
    } catch (e) {
      throw invalidJson(file, raw, e, "is the stream cut short?", line);
    }
    refuseDeepNesting(file, event, `line ${line} `);
    if (!isRecord(event)) throw fileError(file, `line ${line} is not an engine event`);
    if (isRecord(event.preludeEvent)) config = asRecord(event.preludeEvent.config) ?? {};
    if (isRecord(event.summaryEvent)) summary = event.summaryEvent;
    const before = isRecord(event.resourcePreEvent) ? event.resourcePreEvent.metadata : undefined;
    const after = isRecord(event.resOutputsEvent) ? event.resOutputsEvent.metadata : undefined;
    const step = before ?? after;
    if (!isRecord(step)) return;
    const op = String(step.op);
    if (REMOVING_OPS.has(op)) states.delete(String(step.urn));
    else if (!REPLACED_COPY_OPS.has(op) && isRecord(step.new)) {
      const state = resourceState(file, step.new, `line ${line}`);
      // Before a step the engine sends its planned inputs; after it (in a preview too) the planned
      // outputs, which are what stack analysis sees.
      const props = before ? (asRecord(state.inputs) ?? {}) : (asRecord(state.outputs) ?? {});
      states.set(String(step.urn), { state, props, line });
    }
  });

  if (!summary) {
    throw fileError(file, "ends before the preview's summary event: the preview was interrupted or the file is cut short");
  }
  if (summary.result === "canceled") throw fileError(file, "records a canceled preview: its resources are incomplete");
  if (states.size === 0) {
    throw fileError(
      file,
      "is a preview stream with no resources: did the preview run the program (and was the stream captured from stdout)?",
    );
  }
  const notes =
    summary.result === "failed"
      ? [`${file}: the preview reports it failed (a mandatory policy or an error); the scan covers the resources it registered`]
      : [];
  return {
    file,
    kind: "preview stream",
    notes,
    resources: [...states.values()].map(({ state, props, line }) => ({
      file,
      line,
      record: {
        ...identity(state),
        props,
        inputs: asRecord(state.inputs) ?? {},
        // The stream does not carry them.
        propertyDependencies: {},
        provider: providerOf(state.provider, (urn) => states.get(urn)?.state.inputs ?? defaultProviderInputs(urn, config)),
      },
    })),
  };
}

/**
 * The document `pulumi preview --json` prints without streaming (display.PreviewDigest): one step per
 * resource, each with its planned state as the engine had it before the step, source position included
 * (which the event stream leaves out). Unchanged resources are listed only with --show-sames.
 */
function readPreviewSummary(file: string, text: string, doc: Json): ScanInput {
  const lines = urnLines(text);
  const config = asRecord(doc.config) ?? {};
  const states = new Map<string, { state: Json; props: Json }>();
  (doc.steps as unknown[]).forEach((value, i) => {
    const where = `steps[${i}]`;
    if (!isRecord(value) || typeof value.urn !== "string") throw fileError(file, `${where} is not a preview step (it needs a urn)`);
    const op = String(value.op);
    if (REMOVING_OPS.has(op)) states.delete(value.urn);
    else if (!REPLACED_COPY_OPS.has(op) && isRecord(value.newState)) {
      const state = resourceState(file, value.newState, `${where}.newState`);
      // Before a step its outputs are the old ones: the planned inputs are what will be deployed. An
      // unchanged resource keeps its outputs, which stack analysis sees.
      states.set(value.urn, { state, props: op === "same" ? (asRecord(state.outputs) ?? {}) : (asRecord(state.inputs) ?? {}) });
    }
  });
  const resources = [...states.values()].filter(({ state }) => state.type !== STACK_TYPE);
  if (resources.length === 0) {
    throw fileError(file, "is a `pulumi preview --json` summary with no resources: did the preview run the program?");
  }
  // The stack's own step is listed whatever the flag: only another unchanged resource shows it was given.
  const steps = doc.steps as Json[];
  const listsSames = steps.some((s) => s.op === "same" && !(isRecord(s.newState) && s.newState.type === STACK_TYPE));
  const notes =
    listsSames || !existedBefore(steps)
      ? []
      : [
          `${file}: the preview summary lists no unchanged resource; unless every resource changes, run \`pulumi preview --json --show-sames\` ` +
            "so that the scan sees the whole stack",
        ];
  return {
    file,
    kind: "preview summary",
    notes,
    resources: [...states.values()].map(({ state, props }) => ({
      file,
      line: lines.get(state.urn as string),
      ...sourcePositionOf(state),
      record: {
        ...identity(state),
        props,
        inputs: asRecord(state.inputs) ?? {},
        propertyDependencies: dependenciesOf(state.propertyDependencies),
        provider: providerOf(state.provider, (urn) => states.get(urn)?.state.inputs ?? defaultProviderInputs(urn, config)),
      },
    })),
  };
}

/** Whether the stack was deployed before: its own resource is then a step other than a create. */
function existedBefore(steps: readonly Json[]): boolean {
  return steps.some((s) => isRecord(s.newState) && s.newState.type === STACK_TYPE && s.op !== "create");
}

/** The pack reads no deeper than MAX_DEPTH; a file that does is refused, not half-read. */
function refuseDeepNesting(file: string, value: unknown, where: string): void {
  if (nestsDeeperThan(value, MAX_DEPTH)) {
    throw fileError(file, `${where}nests values more than ${MAX_DEPTH} levels deep; no Pulumi state or preview does`);
  }
}

function resourceState(file: string, value: unknown, where: string): Json {
  if (!isRecord(value) || typeof value.urn !== "string" || typeof value.type !== "string") {
    throw fileError(file, `${where} is not a resource (it needs a urn and a type)`);
  }
  return value;
}

/** The engine writes it in exports and preview summaries; the event stream does not carry it. */
export function sourcePositionOf(state: Json): { sourcePosition?: string } {
  return typeof state.sourcePosition === "string" && state.sourcePosition !== "" ? { sourcePosition: state.sourcePosition } : {};
}

function identity(state: Json): Pick<ResourceRecord, "urn" | "type" | "name" | "id"> {
  const urn = state.urn as string;
  // An ID not yet known at preview is a sentinel string, not an ID.
  const id = typeof state.id === "string" && state.id !== "" && typeof plainValue(state.id) === "string" ? state.id : undefined;
  return { urn, type: state.type as string, name: parseUrn(urn)?.name ?? urn, id };
}

/** A provider reference is "<provider URN>::<provider ID>"; the analyzer is given the provider's inputs. */
function providerOf(reference: unknown, inputsOf: (urn: string) => unknown): ResourceRecord["provider"] {
  if (typeof reference !== "string" || !reference.includes("::")) return undefined;
  const urn = reference.slice(0, reference.lastIndexOf("::"));
  return { type: parseUrn(urn)?.type ?? "", props: asRecord(inputsOf(urn)) ?? {} };
}

/**
 * Default providers are internal steps the stream leaves out; the engine configures them from the
 * stack config of their package (`azure-native:environment`...), which the prelude event lists.
 */
function defaultProviderInputs(urn: string, config: Json): Json {
  const parsed = parseUrn(urn);
  if (!parsed?.name.startsWith("default")) return {};
  const prefix = `${parsed.type.replace(/^pulumi:providers:/, "")}:`;
  const inputs: Json = {};
  for (const [key, value] of Object.entries(config)) {
    if (key.startsWith(prefix)) setOwn(inputs, key.slice(prefix.length), value === BLINDED_SECRET ? new Unreadable("secret") : value);
  }
  return inputs;
}

function dependenciesOf(value: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, urns] of Object.entries(asRecord(value) ?? {})) {
    if (Array.isArray(urns))
      setOwn(
        out,
        key,
        urns.filter((u): u is string => typeof u === "string"),
      );
  }
  return out;
}

/** The line of each resource's first `"urn": ...` entry, found in one pass over the export's (or summary's) text. */
function urnLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  const pattern = /"urn"\s*:\s*("(?:[^"\\]|\\.)*")/g;
  let line = 1;
  let scanned = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    for (; scanned < match.index; scanned++) if (text.charCodeAt(scanned) === 10) line++;
    const urn = JSON.parse(match[1]) as string;
    if (!lines.has(urn)) lines.set(urn, line);
  }
  return lines;
}

function firstLineObject(text: string): Json | undefined {
  const first = text.split("\n").find((l) => l.trim() !== "");
  try {
    const value: unknown = JSON.parse(first ?? "");
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** An engine event: a sequence number and one `...Event` payload (apitype.EngineEvent). */
function isEngineEvent(value: Json): boolean {
  return typeof value.sequence === "number" && Object.keys(value).some((k) => k.endsWith("Event"));
}
