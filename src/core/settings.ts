/**
 * The pack-wide settings, written once in the main policy's config: the cloud, the organisation,
 * additional communities and the exception register. Structure is the main policy's configSchema's
 * to check (config-schema.ts); here only what a schema cannot say: a real calendar day, unique ids,
 * communities the catalog knows.
 */
import { type AdditionalCommunity, builtInCommunities, CLOUDS, type CloudName, CommunityCatalog } from "./catalog";
import { type Community, parseCommunity } from "./community";
import { schemaProblems } from "./config-schema";
import { filterNameOf } from "./coverage";
import { isIsoDate } from "./dates";
import type { GuardPolicy } from "./guard-policy";
import type { ExceptionEntry, PackSettings } from "./register";
import { isPlaceholder } from "./suggested-entry";

interface RawEntry {
  id: string;
  microsoftAuthorization: string;
  justification: string;
  approvedBy: string[];
  expires: string;
  communities: string[];
  routeFilters: string[];
  subscriptions?: string[];
  stacks?: string[];
}

/** No register at all: for the policies that do not read it. */
export const NO_REGISTER: PackSettings = {
  additionalCommunities: [],
  exceptions: [],
  problems: [],
  exceptionsNaming: () => [],
  catalogOf: catalogsWith([]),
};

function catalogsWith(additions: readonly AdditionalCommunity[]): PackSettings["catalogOf"] {
  const built = new Map<CloudName, CommunityCatalog>();
  return (cloud) => {
    let catalog = built.get(cloud);
    if (!catalog) built.set(cloud, (catalog = new CommunityCatalog(cloud, additions)));
    return catalog;
  };
}

/** Reads the main policy's options. Never throws: every mistake is a problem naming the entry and the field. */
export function readSettings(mainPolicy: GuardPolicy, options: Record<string, unknown>): PackSettings {
  const problems = schemaProblems(mainPolicy, options);
  const broken = (entry: string) => problems.some((p) => p.entry === entry || p.entry.startsWith(`${entry} (`));
  const structureOk = (key: string) => !problems.some((p) => p.entry === mainPolicy.name && p.field === key);

  const cloud = structureOk("cloud") ? (options.cloud as CloudName | undefined) : undefined;
  const organization = structureOk("organization") ? (options.organization as string | undefined)?.trim() : undefined;

  const additionalCommunities: AdditionalCommunity[] = [];
  if (structureOk("additionalCommunities")) {
    ((options.additionalCommunities ?? []) as Record<string, unknown>[]).forEach((item, i) => {
      const entry = `additionalCommunities[${i}]`;
      if (broken(entry)) return;
      const parsed = parseCommunity(item.community);
      if (!parsed.ok) {
        problems.push({ entry, field: "community", message: parsed.reason });
        return;
      }
      // A value Microsoft lists in any cloud keeps the catalog's meaning: an addition cannot make it ungated.
      const builtIn = CLOUDS.find((c) => builtInCommunities(c).some((e) => e.community === parsed.community));
      if (builtIn) {
        problems.push({
          entry,
          field: "community",
          message: `${parsed.community} is already in the ${builtIn} catalog and cannot be redefined`,
        });
        return;
      }
      additionalCommunities.push({
        community: parsed.community,
        service: (item.service as string).trim(),
        requiresAuthorization: item.requiresAuthorization as boolean,
      });
    });
  }

  const catalogOf = catalogsWith(additionalCommunities);
  const catalogs = (cloud ? [cloud] : [...CLOUDS]).map(catalogOf);
  const exceptions: ExceptionEntry[] = [];
  if (structureOk("exceptions")) {
    const firstIndexOf = new Map<string, number>();
    ((options.exceptions ?? []) as RawEntry[]).forEach((item, index) => {
      const entry = `exceptions[${index}]`;
      const id = typeof item?.id === "string" ? item.id.trim() : "";
      const label = `${entry} (${id})`;
      let valid = !broken(entry);
      const problem = (field: string, message: string) => {
        valid = false;
        problems.push({ entry: label, field, message });
      };
      // Even an entry broken otherwise takes its id: a later entry with the same id is a duplicate.
      if (id && firstIndexOf.has(id)) problem("id", `duplicate id: exceptions[${firstIndexOf.get(id)}] has the same id`);
      else if (id) firstIndexOf.set(id, index);
      // A suggested entry's placeholders are no values: until a person fills them in, it grants nothing.
      for (const [field, value] of Object.entries(typeof item === "object" && item !== null ? item : {})) {
        const items: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [`${field}[${i}]`, v]) : [[field, value]];
        for (const [where, text] of items) {
          const reported = problems.some((p) => p.entry === label && p.field === where);
          if (isPlaceholder(text) && !reported)
            problem(where, `${JSON.stringify(text)} is a placeholder of a suggested entry; replace it with the real value`);
        }
      }
      if (broken(entry)) return;
      if (!isIsoDate(item.expires)) problem("expires", `must be a calendar date written YYYY-MM-DD, got ${JSON.stringify(item.expires)}`);
      const communities: Community[] = [];
      item.communities.forEach((value, i) => {
        const parsed = parseCommunity(value);
        if (!parsed.ok) problem(`communities[${i}]`, parsed.reason);
        else if (catalogs.some((c) => c.isGated(parsed.community))) communities.push(parsed.community);
        else {
          const clouds = catalogs.map((c) => c.cloud).join(" or ");
          problem(
            `communities[${i}]`,
            `${parsed.community} is not a Microsoft 365 community that needs authorization in ${clouds}; an exception lists only those`,
          );
        }
      });
      if (!valid) return;
      const routeFilters = item.routeFilters.map((r) => r.trim());
      exceptions.push({
        id,
        index,
        microsoftAuthorization: item.microsoftAuthorization.trim(),
        justification: item.justification.trim(),
        approvedBy: item.approvedBy.map((a) => a.trim()),
        expires: item.expires,
        communities,
        routeFilters,
        names: routeFilters.map(filterNameOf),
        subscriptions: item.subscriptions?.map((s) => s.trim().toLowerCase()),
        stacks: item.stacks?.map((s) => s.trim()),
      });
    });
  }
  // Entry by entry, as they stand in the file (a stable sort keeps each entry's own order).
  problems.sort((a, b) => a.entry.localeCompare(b.entry, "en", { numeric: true }));
  return { cloud, organization, additionalCommunities, exceptions, problems, exceptionsNaming: indexByName(exceptions), catalogOf };
}

/** Entries by each name they give, so matching a filter costs its own names, not the register's size. */
function indexByName(exceptions: readonly ExceptionEntry[]): PackSettings["exceptionsNaming"] {
  const index = new Map<string, ExceptionEntry[]>();
  for (const entry of exceptions) {
    for (const name of new Set(entry.names.map((n) => `${n.kind}:${n.text}`))) {
      const list = index.get(name);
      if (list) list.push(entry);
      else index.set(name, [entry]);
    }
  }
  return (identity) => {
    const keys = [
      identity.urn && `urn:${identity.urn}`,
      identity.armId && `arm-id:${identity.armId.toLowerCase()}`,
      identity.azureName && `azure-name:${identity.azureName.toLowerCase()}`,
    ];
    const found = new Set<ExceptionEntry>();
    for (const key of keys) for (const entry of (key && index.get(key)) || []) found.add(entry);
    return [...found].sort((a, b) => a.index - b.index);
  };
}
