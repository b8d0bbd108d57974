/**
 * Reads what Pulumi writes about a stack into the pack's ResourceRecords: a `pulumi stack export`
 * file, or the event stream of `PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true pulumi preview --json`.
 * The kind is told from the content, never from the file name.
 */
import { MAX_DEPTH, plainValue, setOwn } from "../adapters/values";
import { ResourceRecord, Unreadable } from "../core/model";
import { describeValue } from "../core/community";
import { fileError } from "./errors";
import { asRecord, displayName, isRecord, Json, nestsDeeperThan, readTextFile } from "./read";

export type InputKind = "stack export" | "preview stream" | "Azure estate";

export interface ScannedResource {
  readonly record: ResourceRecord;
  readonly file: string;
  /** 1-based line where the resource is written, when it can be found. */
  readonly line?: number;
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

// What the engine's blinding decrypter puts in place of a secret config value in the prelude event.
const BLINDED_SECRET = "[secret]";

export function readInput(given: string): ScanInput {
  const text = readTextFile(given);
  const file = displayName(given);
  if (text.trim() === "") throw fileError(file, "is empty: expected a `pulumi stack export` file or a `pulumi preview --json` event stream");

  let whole: unknown;
  try {
    whole = JSON.parse(text);
  } catch (e) {
    // Not one JSON document: an event stream is one JSON object per line.
    const first = firstLineObject(text);
    if (first && isEngineEvent(first)) return readPreviewStream(file, text);
    throw fileError(file, `is not valid JSON (${(e as Error).message}); is the file cut short?`);
  }
  refuseDeepNesting(file, whole, "");
  if (isRecord(whole) && "deployment" in whole) return readStackExport(file, text, whole);
  if (isRecord(whole) && isEngineEvent(whole)) return readPreviewStream(file, text);
  if (isRecord(whole) && Array.isArray(whole.steps)) {
    throw fileError(
      file,
      "is the summary of `pulumi preview --json`; set PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true to get the event stream this tool reads",
    );
  }
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
      record: {
        ...identity(state),
        // Stack analysis sees a resource's outputs; inputs fill in what the provider does not echo.
        props: withInputs(state),
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
      throw fileError(file, `line ${line} is not valid JSON (${(e as Error).message}); is the stream cut short?`);
    }
    refuseDeepNesting(file, event, `line ${line} `);
    if (!isRecord(event)) throw fileError(file, `line ${line} is not an engine event`);
    if (isRecord(event.preludeEvent)) config = asRecord(event.preludeEvent.config);
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
      const props = before ? asRecord(state.inputs) : withInputs(state);
      states.set(String(step.urn), { state, props, line });
    }
  });

  if (!summary) {
    throw fileError(file, "ends before the preview's summary event: the preview was interrupted or the file is cut short");
  }
  if (summary.result === "canceled") throw fileError(file, "records a canceled preview: its resources are incomplete");
  if (states.size === 0) {
    throw fileError(file, "is a preview stream with no resources: did the preview run the program (and was the stream captured from stdout)?");
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
        // The stream does not carry them.
        propertyDependencies: {},
        provider: providerOf(state.provider, (urn) => states.get(urn)?.state.inputs ?? defaultProviderInputs(urn, config)),
      },
    })),
  };
}

/**
 * Outputs over inputs. azure-native keeps the inputs among the outputs as the secret `__inputs`,
 * which the policy runtime decrypts for analysis and an export shows encrypted: put the inputs
 * there in the clear, as the pack sees them (a deployment's template is only there).
 */
function withInputs(state: Json): Json {
  const outputs = asRecord(state.outputs);
  const props: Json = { ...asRecord(state.inputs), ...outputs };
  if (Object.prototype.hasOwnProperty.call(outputs, "__inputs")) setOwn(props, "__inputs", asRecord(state.inputs));
  return props;
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

function identity(state: Json): Pick<ResourceRecord, "urn" | "type" | "name" | "id"> {
  const urn = state.urn as string;
  // An ID not yet known at preview is a sentinel string, not an ID.
  const id = typeof state.id === "string" && state.id !== "" && typeof plainValue(state.id) === "string" ? state.id : undefined;
  return { urn, type: state.type as string, name: nameOfUrn(urn), id };
}

/** The name part of a URN (urn:pulumi:stack::project::type::name); as in the engine, it may itself contain "::". */
function nameOfUrn(urn: string): string {
  return urn.split("::").slice(3).join("::") || urn;
}

function typeOfUrn(urn: string): string {
  const qualified = urn.split("::")[2] ?? "";
  // A child's type is qualified by its parents' types: parent$child.
  return qualified.slice(qualified.lastIndexOf("$") + 1);
}

/** A provider reference is "<provider URN>::<provider ID>"; the analyzer is given the provider's inputs. */
function providerOf(reference: unknown, inputsOf: (urn: string) => unknown): ResourceRecord["provider"] {
  if (typeof reference !== "string" || !reference.includes("::")) return undefined;
  const urn = reference.slice(0, reference.lastIndexOf("::"));
  return { type: typeOfUrn(urn), props: asRecord(inputsOf(urn)) };
}

/**
 * Default providers are internal steps the stream leaves out; the engine configures them from the
 * stack config of their package (`azure-native:environment`...), which the prelude event lists.
 */
function defaultProviderInputs(urn: string, config: Json): Json {
  if (!nameOfUrn(urn).startsWith("default")) return {};
  const prefix = `${typeOfUrn(urn).replace(/^pulumi:providers:/, "")}:`;
  const inputs: Json = {};
  for (const [key, value] of Object.entries(config)) {
    if (key.startsWith(prefix)) setOwn(inputs, key.slice(prefix.length), value === BLINDED_SECRET ? new Unreadable("secret") : value);
  }
  return inputs;
}

function dependenciesOf(value: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, urns] of Object.entries(asRecord(value))) {
    if (Array.isArray(urns)) setOwn(out, key, urns.filter((u): u is string => typeof u === "string"));
  }
  return out;
}

/** The line of each resource's `"urn": ...` entry, found in one pass over the export's text. */
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
