/**
 * The live estate, read from Azure's own JSON, for `scan --azure`: so that route filters no Pulumi
 * stack manages get the same verdicts. Reads
 * - `az graph query -q "resources | where type in~ ('microsoft.network/routefilters', ...)"` output
 *   (`{"data": [...]}`, or the bare list), in Resource Manager's shape (`properties` nested);
 * - `az network route-filter list` and `az network express-route list` output (a list, the Azure
 *   CLI's shape: `properties` flattened into the resource).
 * Each resource becomes the ResourceRecord azure-native would give for it (outputs flattened, the ARM
 * ID as in state), so the existing adapters judge it. All the files of one run are one estate: a
 * peering is linked to a filter listed in another of them.
 */
import { describeValue, isRecord } from "../core/json";
import { type ResourceRecord } from "../core/model";
import { MAX_DEPTH } from "../adapters/values";
import { fileError } from "./errors";
import { type ScanInput, type ScannedResource } from "./inputs";
import { displayName, type Json, nestsDeeperThan, readTextFile } from "./read";

/** Resource types (lower case) and the azure-native token whose shape they take. */
const TOKENS: Record<string, string> = {
  "microsoft.network/routefilters": "azure-native:network:RouteFilter",
  "microsoft.network/routefilters/routefilterrules": "azure-native:network:RouteFilterRule",
  "microsoft.network/expressroutecircuits": "azure-native:network:ExpressRouteCircuit",
  "microsoft.network/expressroutecircuits/peerings": "azure-native:network:ExpressRouteCircuitPeering",
};

// Arrays of sub-resources whose own `properties` Resource Graph keeps nested.
const NESTED = ["rules", "peerings"];

export const ESTATE_KIND = "Azure estate";

/** One resource in azure-native's output shape: `properties` flattened, its sub-resources' too. */
function flatten(resource: Json): Json {
  const { properties, ...rest } = resource;
  const flat: Json = isRecord(properties) ? { ...rest, ...properties } : { ...rest };
  for (const key of NESTED) {
    const list = flat[key];
    if (Array.isArray(list)) flat[key] = (list as unknown[]).map((item) => (isRecord(item) ? flatten(item) : item));
  }
  return flat;
}

function resourcesOf(file: string, doc: unknown): unknown[] {
  if (Array.isArray(doc)) return doc;
  if (isRecord(doc) && Array.isArray(doc.data)) return doc.data;
  throw fileError(
    file,
    `is not Azure's JSON that --azure reads: expected the output of \`az graph query\` ({"data": [...]}) or of \`az network route-filter list\` / \`az network express-route list\` (a list), got ${describeValue(doc)}`,
  );
}

function lineOf(text: string, id: string): number | undefined {
  const at = text.indexOf(JSON.stringify(id));
  return at < 0 ? undefined : text.slice(0, at).split("\n").length;
}

function readFile(given: string): { resources: ScannedResource[]; notes: string[] } {
  const file = displayName(given);
  const text = readTextFile(given);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw fileError(file, `is not valid JSON (${(e as Error).message}); is the file cut short?`);
  }
  if (nestsDeeperThan(doc, MAX_DEPTH)) throw fileError(file, `nests values more than ${MAX_DEPTH} levels deep; no Azure resource does`);
  const notes: string[] = [];
  // Resource Graph pages its results: a skip token means more resources than the file holds.
  if (isRecord(doc) && typeof (doc.skip_token ?? doc.$skipToken) === "string") {
    notes.push(
      `${file}: Azure Resource Graph returned one page of the results (skip_token): resources on the other pages are not judged; page through with --skip-token, or --first 1000`,
    );
  }
  const resources = resourcesOf(file, doc).map((item, i): ScannedResource => {
    if (!isRecord(item) || typeof item.id !== "string" || typeof item.type !== "string") {
      throw fileError(file, `[${i}] is not an Azure resource (it needs a string id and type), got ${describeValue(item)}`);
    }
    const id = item.id;
    const armType = item.type.toLowerCase();
    const token = TOKENS[armType] ?? item.type;
    const subscription = id.match(/^\/subscriptions\/([^/]+)/i)?.[1]?.toLowerCase() ?? "(no subscription)";
    const resourceGroupName = id.match(/\/resourceGroups\/([^/]+)/i)?.[1];
    const record: ResourceRecord = {
      urn: `urn:pulumi:azure::${subscription}::${token}::${id}`,
      type: token,
      // How a reviewer finds it in Azure.
      name: id,
      id,
      props: { ...flatten(item), ...(resourceGroupName ? { resourceGroupName } : {}) },
      propertyDependencies: {},
    };
    return { record, file, line: lineOf(text, id) };
  });
  return { resources, notes };
}

/** The files of one `scan --azure` run, as one estate. */
export function readAzureEstate(files: readonly string[]): ScanInput {
  const read = files.map(readFile);
  // The same resource listed twice (two overlapping queries) is judged once, as first listed.
  const seen = new Set<string>();
  const unique = read
    .flatMap((r) => r.resources)
    .filter((r) => {
      const key = r.record.id!.toLowerCase();
      return !seen.has(key) && seen.add(key) !== undefined;
    });
  if (unique.length === 0)
    throw fileError(files.map(displayName).join(", "), "lists no Azure resource: did the query or the list return anything?");
  return { file: files.map(displayName).join(", "), kind: ESTATE_KIND, resources: unique, notes: read.flatMap((r) => r.notes) };
}
