/**
 * `catalog show` and `catalog diff`: the built-in community catalog, and how it compares with the
 * list Microsoft serves for a subscription (`az network route-filter rule list-service-communities`,
 * or the REST list of bgpServiceCommunities), so that a community Microsoft adds is noticed and
 * can be added to `additionalCommunities` without waiting for a release.
 */
import {
  type AdditionalCommunity,
  builtInCommunities,
  type CloudName,
  CommunityCatalog,
  REGIONAL_RANGES,
  type ServiceCommunity,
} from "../core/catalog";
import { type Community, parseCommunity } from "../core/community";
import { describeValue, isRecord } from "../core/json";
import { type Source } from "../core/sources";
import { fileError, invalidJson } from "./errors";
import { type Json, readTextFile } from "./read";

const MICROSOFT_ASN = "12076";
// Microsoft's own grouping of its service communities: this one is Microsoft 365. Whether a
// community `isAuthorizedToUse` depends on the caller's subscription, so it decides nothing here.
const MICROSOFT_365_GROUP = "o365";

export interface CatalogView {
  readonly cloud: CloudName;
  readonly communities: readonly ServiceCommunity[];
  readonly regionalRanges: readonly { readonly from: string; readonly to: string; readonly source: Source }[];
}

export function catalogOf(cloud: CloudName): CatalogView {
  return {
    cloud,
    communities: builtInCommunities(cloud),
    regionalRanges: REGIONAL_RANGES.map((r) => ({ from: `${MICROSOFT_ASN}:${r.from}`, to: `${MICROSOFT_ASN}:${r.to}`, source: r.source })),
  };
}

/** The catalog as a reviewer checks it against Microsoft's pages: each value with its source, numbered. */
export function describeCatalog(views: readonly CatalogView[]): string {
  const sources: Source[] = [];
  const ref = (source: Source) => {
    if (!sources.includes(source)) sources.push(source);
    return `[${sources.indexOf(source) + 1}]`;
  };
  const lines: string[] = [];
  for (const view of views) {
    lines.push(`${view.cloud}:`);
    if (view.communities.length === 0) lines.push("  no service community of Microsoft peering (none is Microsoft 365)");
    for (const entry of view.communities) {
      const gate = entry.requiresAuthorization ? "Microsoft 365, needs Microsoft's authorization" : "no authorization needed";
      const assumption = entry.assumption ? ` (${entry.assumption})` : "";
      lines.push(`  ${entry.community.padEnd(11)} ${entry.service}: ${gate}${assumption} ${ref(entry.source)}`);
    }
    for (const range of view.regionalRanges) {
      lines.push(`  ${range.from}-${range.to.split(":")[1]} regional Azure communities, never Microsoft 365 ${ref(range.source)}`);
    }
    lines.push("");
  }
  lines.push("Sources:", ...sources.map((s, i) => `  [${i + 1}] ${s.document}\n      ${s.url} (read ${s.read})`));
  return lines.join("\n") + "\n";
}

export function catalogJson(views: readonly CatalogView[]): string {
  const clouds = Object.fromEntries(
    views.map((v) => [
      v.cloud,
      {
        communities: v.communities.map((e) => ({
          community: e.community,
          service: e.service,
          requiresAuthorization: e.requiresAuthorization,
          ...(e.assumption ? { assumption: e.assumption } : {}),
          source: e.source,
        })),
        regionalRanges: v.regionalRanges,
      },
    ]),
  );
  return JSON.stringify({ clouds }, null, 2) + "\n";
}

/** One community of Microsoft's list, where it stands in the file. */
export interface ListedCommunity {
  readonly value: Community;
  readonly name: string;
  readonly serviceGroup: string;
  readonly entry: string;
}

export interface ServiceList {
  readonly file: string;
  /** Which of the two documented shapes the file has. */
  readonly shape: "az cli" | "REST";
  readonly communities: readonly ListedCommunity[];
}

/** Reads either shape; any entry that does not have it stops with the file, the entry and the field. */
export function readServiceList(file: string): ServiceList {
  const text = readTextFile(file);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw invalidJson(file, text, e);
  }
  let shape: ServiceList["shape"];
  let services: { entry: string; service: Json; communities: unknown; name: unknown }[];
  if (Array.isArray(doc)) {
    shape = "az cli";
    services = doc.map((item, i) => {
      const service = serviceRecord(file, item, `[${i}]`);
      return { entry: `[${i}]`, service, communities: service.bgpCommunities, name: service.serviceName ?? service.name };
    });
  } else if (isRecord(doc) && Array.isArray(doc.value)) {
    shape = "REST";
    services = doc.value.map((item, i) => {
      const service = serviceRecord(file, item, `value[${i}]`);
      const properties = serviceRecord(file, service.properties, `value[${i}].properties`);
      return {
        entry: `value[${i}].properties`,
        service: properties,
        communities: properties.bgpCommunities,
        name: properties.serviceName ?? service.name,
      };
    });
  } else {
    throw fileError(
      file,
      "is neither the output of `az network route-filter rule list-service-communities` (a JSON array of services) " +
        'nor the REST list of bgpServiceCommunities ({"value": [...]})',
    );
  }
  if (services.length === 0)
    throw fileError(file, "lists no service: was it taken with a subscription that can see Microsoft peering communities?");
  const communities = services.flatMap(({ entry, communities: list, name }) => {
    if (!Array.isArray(list)) throw fileError(file, `${entry}, field bgpCommunities: must be a list, got ${describeValue(list ?? null)}`);
    return list.map((item, j) => listedCommunity(file, item, `${entry}.bgpCommunities[${j}]`, typeof name === "string" ? name : undefined));
  });
  return { file, shape, communities };
}

function serviceRecord(file: string, value: unknown, entry: string): Json {
  if (!isRecord(value)) throw fileError(file, `${entry}: must be an object, got ${describeValue(value ?? null)}`);
  return value;
}

function listedCommunity(file: string, item: unknown, entry: string, service: string | undefined): ListedCommunity {
  const fail = (field: string, message: string) => fileError(file, `${entry}, field ${field}: ${message}`);
  if (!isRecord(item)) throw fileError(file, `${entry}: must be an object, got ${describeValue(item ?? null)}`);
  if (item.communityValue === undefined) throw fail("communityValue", 'missing: expected a string like "12076:5010"');
  const parsed = parseCommunity(item.communityValue);
  if (!parsed.ok) throw fail("communityValue", parsed.reason);
  if (typeof item.serviceGroup !== "string" || item.serviceGroup.trim() === "") {
    throw fail(
      "serviceGroup",
      `must be the name of Microsoft's service group (e.g. "O365"), got ${describeValue(item.serviceGroup ?? null)}`,
    );
  }
  for (const field of ["communityName", "serviceSupportedRegion"]) {
    if (item[field] !== undefined && typeof item[field] !== "string") throw fail(field, `must be text, got ${describeValue(item[field])}`);
  }
  if (item.isAuthorizedToUse !== undefined && typeof item.isAuthorizedToUse !== "boolean") {
    throw fail("isAuthorizedToUse", `must be true or false, got ${describeValue(item.isAuthorizedToUse)}`);
  }
  const prefixes = item.communityPrefixes;
  if (prefixes !== undefined && prefixes !== null && !(Array.isArray(prefixes) && prefixes.every((p) => typeof p === "string"))) {
    throw fail("communityPrefixes", `must be a list of prefixes (it may be empty), got ${describeValue(prefixes)}`);
  }
  const name =
    typeof item.communityName === "string" && item.communityName.trim() ? item.communityName.trim() : (service ?? parsed.community);
  return { value: parsed.community, name, serviceGroup: item.serviceGroup.trim(), entry };
}

export interface CatalogDiff {
  readonly cloud: CloudName;
  readonly list: ServiceList;
  /** Values Microsoft lists that the catalog does not know, with how Microsoft groups them. */
  readonly added: readonly {
    readonly value: Community;
    readonly name: string;
    readonly microsoft365: boolean;
    readonly serviceGroup: string;
  }[];
  /** Values both know, on different sides of the Microsoft 365 line. */
  readonly reclassified: readonly { readonly value: Community; readonly catalog: string; readonly microsoft: string }[];
  /** Catalog values the list does not have. */
  readonly missing: readonly { readonly value: Community; readonly service: string }[];
  readonly unchanged: number;
  readonly regional: number;
}

/**
 * Compares Microsoft's list with the catalog of one cloud, and the config's additionalCommunities
 * if given. IPv4 and IPv6 entries of a service share a value, so values are compared, not entries;
 * a value any entry puts in O365 counts as Microsoft 365 (the safe side).
 */
export function diffCatalog(list: ServiceList, cloud: CloudName, additions: readonly AdditionalCommunity[]): CatalogDiff {
  const catalog = new CommunityCatalog(cloud, additions);
  const byValue = new Map<Community, ListedCommunity[]>();
  for (const c of list.communities) byValue.set(c.value, [...(byValue.get(c.value) ?? []), c]);

  const added: CatalogDiff["added"][number][] = [];
  const reclassified: CatalogDiff["reclassified"][number][] = [];
  let unchanged = 0;
  let regional = 0;
  for (const [value, entries] of byValue) {
    const inO365 = entries.find((e) => e.serviceGroup.toLowerCase() === MICROSOFT_365_GROUP);
    const microsoft = inO365
      ? `serviceGroup ${inO365.serviceGroup} (Microsoft 365)`
      : `serviceGroup ${entries[0].serviceGroup} (not Microsoft 365)`;
    const known = catalog.classify(value);
    if (known.kind === "unrecognised") {
      added.push({
        value,
        name: (inO365 ?? entries[0]).name,
        microsoft365: inO365 !== undefined,
        serviceGroup: (inO365 ?? entries[0]).serviceGroup,
      });
    } else if (known.kind === "regional") {
      if (inO365) reclassified.push({ value, catalog: "a regional Azure community", microsoft });
      else regional++;
    } else if (known.entry.requiresAuthorization !== (inO365 !== undefined)) {
      const gate = known.entry.requiresAuthorization ? "Microsoft 365, needs authorization" : "no authorization needed";
      reclassified.push({ value, catalog: `${catalog.serviceOf(value)}: ${gate}`, microsoft });
    } else unchanged++;
  }
  const expected = [
    ...builtInCommunities(cloud).map((e) => ({ value: e.community, service: e.service })),
    ...additions.map((a) => ({ value: a.community, service: a.service })),
  ];
  const missing = expected.filter((e) => !byValue.has(e.value));
  return { cloud, list, added, reclassified, missing, unchanged, regional };
}

export function hasDifferences(diff: CatalogDiff): boolean {
  return diff.added.length + diff.reclassified.length + diff.missing.length > 0;
}

const SOURCE_OF_SHAPE: Record<ServiceList["shape"], string> = {
  "az cli": "az network route-filter rule list-service-communities",
  REST: "REST list of bgpServiceCommunities",
};

export function describeDiff(diff: CatalogDiff): string {
  const values = new Set(diff.list.communities.map((c) => c.value)).size;
  const lines = [
    `${diff.list.file}: ${values} community values (${SOURCE_OF_SHAPE[diff.list.shape]}) compared with the ${diff.cloud} catalog.`,
  ];
  const section = (title: string, items: string[]) => {
    if (items.length > 0) lines.push("", `${title}:`, ...items.map((i) => `  - ${i}`));
  };
  section(
    'New: Microsoft lists them, the catalog does not (the pack blocks a route filter that allows them as "cannot verify")',
    diff.added.map(
      (a) =>
        `${a.value} ${a.name}, serviceGroup ${a.serviceGroup}: ${a.microsoft365 ? "Microsoft 365, needs authorization" : "not Microsoft 365"}`,
    ),
  );
  section(
    "Classified differently",
    diff.reclassified.map((r) => `${r.value}: the catalog has ${r.catalog}; Microsoft's list has ${r.microsoft}`),
  );
  section(
    "Missing: in the catalog, not in Microsoft's list",
    diff.missing.map((m) => `${m.value} ${m.service}`),
  );
  lines.push("", `Unchanged: ${diff.unchanged} service values; ${diff.regional} regional values.`);
  if (!hasDifferences(diff)) lines.push("The catalog matches Microsoft's list.");
  else {
    if (diff.added.length > 0) lines.push("Add the new values to additionalCommunities (--write-config prints the entries).");
    if (diff.reclassified.length + diff.missing.length > 0) {
      lines.push(
        "A value classified differently or missing needs a new release of the catalog: additionalCommunities cannot redefine a built-in value.",
      );
    }
  }
  return lines.join("\n") + "\n";
}

/** The additionalCommunities entries for the new values, as the main policy's option takes them. */
export function additionsFor(diff: CatalogDiff): AdditionalCommunity[] {
  return diff.added.map((a) => ({ community: a.value, service: a.name, requiresAuthorization: a.microsoft365 }));
}
