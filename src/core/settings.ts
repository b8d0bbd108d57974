import { AdditionalCommunity, builtInCommunities, CLOUDS, CloudName, CommunityCatalog } from "./catalog";
import { Community, describeValue, parseCommunity } from "./community";

/** One entry of the exception register, validated. */
export interface ExceptionEntry {
  readonly id: string;
  /** Position in the register, for messages. */
  readonly index: number;
  readonly microsoftAuthorization: string;
  readonly justification: string;
  readonly approvedBy: readonly string[];
  /** ISO date; the exception holds through that day (UTC). */
  readonly expires: string;
  readonly communities: readonly Community[];
  readonly routeFilters: readonly string[];
  readonly subscriptions?: readonly string[];
  readonly stacks?: readonly string[];
}

/** A mistake in the configuration: where it is (entry) and which field, in words a reviewer can act on. */
export interface ConfigProblem {
  readonly entry: string;
  readonly field: string;
  readonly message: string;
}

export interface PackSettings {
  /** The cloud set in config; when absent each resource's provider `environment` decides, else AzureCloud. */
  readonly cloud?: CloudName;
  readonly organization?: string;
  readonly additionalCommunities: readonly AdditionalCommunity[];
  /** Only the valid entries: an invalid one never grants anything. */
  readonly exceptions: readonly ExceptionEntry[];
  readonly problems: readonly ConfigProblem[];
}

export const MAIN_POLICY = "m365-advertisement-requires-exception";

const ENTRY_FIELDS = [
  "id",
  "microsoftAuthorization",
  "justification",
  "approvedBy",
  "expires",
  "communities",
  "routeFilters",
  "subscriptions",
  "stacks",
] as const;
const SUBSCRIPTION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STACK_REF = /^[^/\s]+(\/[^/\s]+){0,2}$/;

/**
 * Reads the main policy's config (the one place the register is written). Never throws:
 * every mistake becomes a problem that names the entry and the field. Unknown top-level
 * options are the caller's to report (see unknownOptionVerdicts).
 */
export function readSettings(config: Record<string, unknown>): PackSettings {
  const problems: ConfigProblem[] = [];
  const problem = (entry: string, field: string, message: string) => problems.push({ entry, field, message });

  let cloud: CloudName | undefined;
  if (config.cloud !== undefined) {
    if ((CLOUDS as readonly unknown[]).includes(config.cloud)) cloud = config.cloud as CloudName;
    else problem(MAIN_POLICY, "cloud", `must be one of ${CLOUDS.join(", ")}, got ${describeValue(config.cloud)}`);
  }

  let organization: string | undefined;
  if (config.organization !== undefined) {
    if (isText(config.organization)) organization = config.organization.trim();
    else problem(MAIN_POLICY, "organization", `must be a non-empty string, got ${describeValue(config.organization)}`);
  }

  const additionalCommunities = readAdditions(config.additionalCommunities, cloud ?? "AzureCloud", problem);
  const catalogs = (cloud ? [cloud] : [...CLOUDS]).map((c) => new CommunityCatalog(c, additionalCommunities));
  const exceptions = readRegister(config.exceptions, catalogs, problem);
  return { cloud, organization, additionalCommunities, exceptions, problems };
}

type Report = (entry: string, field: string, message: string) => void;

function readAdditions(raw: unknown, cloud: CloudName, problem: Report): AdditionalCommunity[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    problem(MAIN_POLICY, "additionalCommunities", `must be a list, got ${describeValue(raw)}`);
    return [];
  }
  const builtIn = new Set(builtInCommunities(cloud).map((e) => e.community));
  const out: AdditionalCommunity[] = [];
  raw.forEach((item, i) => {
    const entry = `additionalCommunities[${i}]`;
    if (!isRecord(item)) return problem(entry, "", `must be an object, got ${describeValue(item)}`);
    for (const key of Object.keys(item)) {
      if (!["community", "service", "requiresAuthorization"].includes(key)) problem(entry, key, `unknown field "${key}"`);
    }
    const parsed = parseCommunity(item.community);
    if (!parsed.ok) return problem(entry, "community", parsed.reason);
    if (builtIn.has(parsed.community)) {
      return problem(entry, "community", `${parsed.community} is already in the ${cloud} catalog and cannot be redefined`);
    }
    if (!isText(item.service)) return problem(entry, "service", `must be a non-empty string, got ${describeValue(item.service)}`);
    if (typeof item.requiresAuthorization !== "boolean") {
      return problem(entry, "requiresAuthorization", `must be true or false, got ${describeValue(item.requiresAuthorization)}`);
    }
    out.push({ community: parsed.community, service: item.service.trim(), requiresAuthorization: item.requiresAuthorization });
  });
  return out;
}

function readRegister(raw: unknown, catalogs: CommunityCatalog[], problem: Report): ExceptionEntry[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    problem(MAIN_POLICY, "exceptions", `must be a list, got ${describeValue(raw)}`);
    return [];
  }
  const firstIndexOf = new Map<string, number>();
  const out: ExceptionEntry[] = [];
  raw.forEach((item, index) => {
    const id = isRecord(item) && isText(item.id) ? item.id.trim() : undefined;
    const entry = `exceptions[${index}]${id ? ` (${id})` : ""}`;
    let valid = true;
    const entryProblem = (field: string, message: string) => {
      valid = false;
      problem(entry, field, message);
    };
    if (!isRecord(item)) return entryProblem("", `must be an object, got ${describeValue(item)}`);

    for (const key of Object.keys(item)) {
      if (!(ENTRY_FIELDS as readonly string[]).includes(key)) {
        entryProblem(key, `unknown field "${key}" (known: ${ENTRY_FIELDS.join(", ")})`);
      }
    }
    if (id === undefined) entryProblem("id", requiredText(item.id));
    else if (firstIndexOf.has(id)) entryProblem("id", `duplicate id: exceptions[${firstIndexOf.get(id)}] has the same id`);
    else firstIndexOf.set(id, index);

    for (const field of ["microsoftAuthorization", "justification"] as const) {
      if (!isText(item[field])) entryProblem(field, requiredText(item[field]));
    }
    const approvedBy = textList(item.approvedBy, "approvedBy", entryProblem);
    const routeFilters = textList(item.routeFilters, "routeFilters", entryProblem);
    const subscriptions = optional(item.subscriptions, () => textList(item.subscriptions, "subscriptions", entryProblem));
    subscriptions?.forEach((s, i) => {
      if (!SUBSCRIPTION_ID.test(s)) entryProblem(`subscriptions[${i}]`, `"${s}" is not an Azure subscription id (a GUID)`);
    });
    const stacks = optional(item.stacks, () => textList(item.stacks, "stacks", entryProblem));
    stacks?.forEach((s, i) => {
      if (!STACK_REF.test(s)) entryProblem(`stacks[${i}]`, `"${s}" is not a stack name, project/stack or org/project/stack`);
    });
    if (!isIsoDate(item.expires)) {
      entryProblem("expires", `must be a calendar date written YYYY-MM-DD, got ${describeValue(item.expires)}`);
    }

    const communities: Community[] = [];
    textList(item.communities, "communities", entryProblem)?.forEach((value, i) => {
      const parsed = parseCommunity(value);
      if (!parsed.ok) return entryProblem(`communities[${i}]`, parsed.reason);
      if (!catalogs.some((c) => c.isGated(parsed.community))) {
        const clouds = catalogs.map((c) => c.cloud).join(" or ");
        return entryProblem(
          `communities[${i}]`,
          `${parsed.community} is not a Microsoft 365 community that needs authorization in ${clouds}; an exception lists only those`,
        );
      }
      communities.push(parsed.community);
    });

    if (!valid) return;
    out.push({
      id: id as string,
      index,
      microsoftAuthorization: (item.microsoftAuthorization as string).trim(),
      justification: (item.justification as string).trim(),
      approvedBy: approvedBy as string[],
      expires: item.expires as string,
      communities,
      routeFilters: routeFilters as string[],
      subscriptions: subscriptions?.map((s) => s.toLowerCase()),
      stacks,
    });
  });
  return out;
}

function optional<T>(value: unknown, read: () => T): T | undefined {
  return value === undefined ? undefined : read();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isText(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}

function requiredText(value: unknown): string {
  return value === undefined ? "is required" : `must be a non-empty string, got ${describeValue(value)}`;
}

/** A required, non-empty list of non-empty strings (each trimmed). */
function textList(value: unknown, field: string, problem: (field: string, message: string) => void): string[] | undefined {
  if (value === undefined) return problem(field, "is required (a non-empty list)"), undefined;
  if (!Array.isArray(value) || value.length === 0) {
    return problem(field, `must be a non-empty list, got ${describeValue(value)}`), undefined;
  }
  const out: string[] = [];
  value.forEach((v, i) => {
    if (isText(v)) out.push(v.trim());
    else problem(`${field}[${i}]`, `must be a non-empty string, got ${describeValue(v)}`);
  });
  return out.length === value.length ? out : undefined;
}

/** YYYY-MM-DD naming a real calendar day (2027-02-30 is refused). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
