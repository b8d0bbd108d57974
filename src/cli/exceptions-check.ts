/**
 * `exceptions check`: the register's housekeeping between deployments. Which exceptions have
 * lapsed, which lapse soon, and which name no route filter that still exists.
 */
import { factsOf } from "../adapters";
import { daysUntil } from "../core/dates";
import { type EnforcementLevel, type Finding, levelOf, optionsOf, type PolicyConfigs } from "../core/evaluate";
import { type ExceptionEntry, MAIN_POLICY, type PackSettings } from "../core/register";
import { buildStack } from "../core/stack";
import { DEFAULT_EXPIRY_WARNING_DAYS, POLICIES, REGISTER_OWNER } from "../policies";
import { exceptionBroaderThanUsed } from "../policies/m365-exception-broader-than-used";
import { exceptionExpiring } from "../policies/m365-exception-expiring";
import { environmentsWarnings, type KeyAt, type LoadedConfig, type NativeException, nativeExceptionMessage } from "./config";
import { type ScanInput } from "./inputs";
import { plural, type ScanReport } from "./report";

export interface Dated {
  readonly entry: ExceptionEntry;
  /** Days from the decision date to the last day the exception holds; negative once lapsed. */
  readonly days: number;
}

export interface RegisterCheck {
  readonly date: string;
  readonly window: number;
  readonly entries: readonly ExceptionEntry[];
  readonly expired: readonly Dated[];
  readonly expiring: readonly Dated[];
  /** Undefined when no state was given to compare with. */
  readonly stale?: readonly ExceptionEntry[];
  /** Names that are no route filter's Azure name but a route filter's Pulumi logical name, which names nothing. */
  readonly logicalNames: readonly {
    readonly entry: ExceptionEntry;
    readonly name: string;
    /** Whether the resource so named is a route filter itself, rather than one that makes filters. */
    readonly ofFilter: boolean;
  }[];
  /** Engine exceptions of a version 2 file that would bypass the register. */
  readonly nativeExceptions: readonly NativeException[];
  /** The main policy set to a level at which an advertisement without an exception goes through. */
  readonly weakened?: WeakenedMainPolicy;
  /** Config the CLI would take from Pulumi ESC environments, which this check cannot see. */
  readonly warnings: readonly string[];
  readonly stateFiles: readonly string[];
}

/**
 * Advisory lets a route filter without an exception be deployed with a warning; disabled checks
 * nothing and takes the register out of force. Remediate is no weakening: it removes every
 * uncovered Microsoft 365 community before the step and blocks what it cannot edit.
 */
export const WEAKENING_LEVELS = ["advisory", "disabled"] as const satisfies readonly EnforcementLevel[];
export type WeakeningLevel = (typeof WEAKENING_LEVELS)[number];

export interface WeakenedMainPolicy extends KeyAt {
  readonly level: WeakeningLevel;
  /** Whether --allow-level names this level. */
  readonly allowed: boolean;
}

const MAIN = REGISTER_OWNER;

/** The main policy's level as the CLI works it out (its own, else "all"'s), when it weakens the guard. */
export function weakenedMainPolicy(config: LoadedConfig, allowLevel?: WeakeningLevel): WeakenedMainPolicy | undefined {
  const level = levelOf(config.policies, MAIN);
  if (!(WEAKENING_LEVELS as readonly string[]).includes(level)) return undefined;
  // levelOf's order: the policy's own level, else the one "all" sets.
  const at = config.levelKeys[MAIN_POLICY] ?? config.levelKeys.all;
  return { ...at, level: level as WeakeningLevel, allowed: allowLevel === level };
}

/** The window the pack itself warns in: the expiring policy's option, else its default. */
export function defaultWindow(config: PolicyConfigs): number {
  const days = optionsOf(config, exceptionExpiring.name).expiryWarningDays;
  return typeof days === "number" ? days : DEFAULT_EXPIRY_WARNING_DAYS;
}

export function checkRegister(
  settings: PackSettings,
  date: string,
  window: number,
  states: readonly ScanInput[],
  config: LoadedConfig,
  configFile: string,
  allowLevel?: WeakeningLevel,
): RegisterCheck {
  const dated = settings.exceptions.map((entry) => ({ entry, days: daysUntil(date, entry.expires) }));
  // Each state is its own stack: route filters are identified the way the pack matches them.
  const nodes = states.flatMap((s) => buildStack(s.resources.flatMap((r) => factsOf(r.record))).nodes);
  const named = new Set(nodes.flatMap((n) => (n.identity ? settings.exceptionsNaming(n.identity) : [])));
  const azureNames = new Set(nodes.flatMap((n) => n.identity?.azureName?.toLowerCase() ?? []));
  // A filter's logical name is its resource's: the filter's own, or that of the deployment or AzAPI resource that makes it.
  const logicalNames = new Map(
    nodes.flatMap((n) => (n.filter ? [[n.filter.resource.name, n.filter.property === undefined] as const] : [])),
  );
  return {
    date,
    window,
    entries: settings.exceptions,
    expired: dated.filter((d) => d.days < 0),
    expiring: dated.filter((d) => d.days >= 0 && d.days <= window),
    stale: states.length === 0 ? undefined : settings.exceptions.filter((e) => !named.has(e)),
    logicalNames: settings.exceptions.flatMap((entry) =>
      entry.routeFilters
        .filter((name, i) => entry.names[i].kind === "azure-name" && !azureNames.has(entry.names[i].text) && logicalNames.has(name))
        .map((name) => ({ entry, name, ofFilter: logicalNames.get(name)! })),
    ),
    nativeExceptions: config.nativeExceptions,
    weakened: weakenedMainPolicy(config, allowLevel),
    warnings: environmentsWarnings(config, configFile),
    stateFiles: states.map((s) => s.file),
  };
}

/**
 * Expired or stale entries, native exceptions and a weakened main policy need action before they
 * mislead a review; expiring ones are a reminder.
 */
export function needsAction(check: RegisterCheck): boolean {
  return (
    check.expired.length > 0 ||
    (check.stale?.length ?? 0) > 0 ||
    check.nativeExceptions.length > 0 ||
    (check.weakened !== undefined && !check.weakened.allowed)
  );
}

function weakenedMessage({ level, key, line }: WeakenedMainPolicy, configFile: string): string {
  const effect =
    level === "advisory"
      ? "a route filter that advertises Microsoft 365 prefixes without an exception only warns, and `pulumi preview` and `pulumi up` go ahead"
      : "no route filter is checked and the register is out of force";
  return (
    `${configFile}:${line}: ${key} sets ${MAIN_POLICY} to "${level}": ${effect}. Set it to "mandatory" (or "remediate"); ` +
    `if that level is intended and approved, say so with \`exceptions check --allow-level ${level}\``
  );
}

export function describeCheck(check: RegisterCheck, configFile: string): string {
  const lines = [`Register ${configFile}: ${plural(check.entries.length, "exception")}, checked as of ${check.date}.`];
  const section = (title: string, items: string[]) => {
    lines.push("", `${title}: ${items.length === 0 ? "none" : ""}`.trimEnd(), ...items.map((i) => `  - ${i}`));
  };
  const filters = (e: ExceptionEntry) => `route filters ${e.routeFilters.join(", ")}`;
  section(
    "Expired",
    check.expired.map(({ entry, days }) => `${entry.id} expired on ${entry.expires} (${plural(-days, "day")} ago); ${filters(entry)}`),
  );
  section(
    `Expiring within ${plural(check.window, "day")}`,
    check.expiring.map(({ entry, days }) => `${entry.id} expires on ${entry.expires} (in ${plural(days, "day")}); ${filters(entry)}`),
  );
  if (check.weakened && !check.weakened.allowed) section(`Level of ${MAIN_POLICY}`, [weakenedMessage(check.weakened, configFile)]);
  if (check.nativeExceptions.length > 0) {
    section(
      "Native policy exceptions that bypass the register",
      check.nativeExceptions.flatMap((e) => e.policies.map((p) => nativeExceptionMessage(e, p))),
    );
  }
  if (check.stale) {
    section(
      `Naming no route filter in ${check.stateFiles.join(", ")}`,
      check.stale.map((e) => `${e.id} names ${e.routeFilters.join(", ")}: remove it, or correct the names`),
    );
    if (check.logicalNames.length > 0) {
      section(
        "Names that are only a Pulumi logical name",
        check.logicalNames.map(({ entry, name, ofFilter }) =>
          ofFilter
            ? `${entry.id} names "${name}", the Pulumi logical name of a route filter, not its Azure name: a bare name means the ` +
              "Azure name, so it covers nothing; name the filter by its Azure name, resource ID or URN"
            : `${entry.id} names "${name}", the Pulumi logical name of a resource that makes route filters (a template deployment ` +
              "or AzAPI resource), not a filter's Azure name: a bare name means the Azure name, so it covers nothing; name each " +
              "filter it makes by its Azure name or resource ID (a URN covers only a route filter resource)",
        ),
      );
    }
  } else {
    lines.push("", "Stale entries: not checked (give --state <stack export> to compare the register with deployed route filters).");
  }
  if (check.weakened?.allowed) {
    const { level, key, line } = check.weakened;
    lines.push("", `${MAIN_POLICY} is "${level}" (${configFile}:${line}: ${key}), as --allow-level ${level} allows.`);
  }
  for (const warning of check.warnings) lines.push("", `warning: ${warning}`);
  lines.push("", needsAction(check) ? "Action needed: renew or remove the entries above." : "The register is in order.");
  return lines.join("\n") + "\n";
}

/**
 * The check as a report the scan's formats write (--format json|sarif): each item of the text as a finding of
 * the policy it concerns, about the register (so located at the config file). What needs action is mandatory,
 * as it makes the check exit 1; an entry expiring soon and a name that is only a logical name are advisory.
 */
export function checkReport(
  check: RegisterCheck,
  base: Omit<ScanReport, "findings" | "acceptedRisks">,
  nativeFindings: readonly Finding[],
): ScanReport {
  const finding = (policy: string, enforcementLevel: Finding["enforcementLevel"], message: string): Finding => ({
    policy: POLICIES.find((p) => p.name === policy)!,
    enforcementLevel,
    message,
  });
  const filters = (e: ExceptionEntry) => `route filters ${e.routeFilters.join(", ")}`;
  const configFile = base.configFile ?? "";
  return {
    ...base,
    findings: [
      ...check.expired.map(({ entry, days }) =>
        finding(
          exceptionExpiring.name,
          "mandatory",
          `${entry.id} expired on ${entry.expires} (${plural(-days, "day")} ago); ${filters(entry)}: renew or remove it`,
        ),
      ),
      ...check.expiring.map(({ entry, days }) =>
        finding(
          exceptionExpiring.name,
          "advisory",
          `${entry.id} expires on ${entry.expires} (in ${plural(days, "day")}); ${filters(entry)}`,
        ),
      ),
      ...(check.weakened && !check.weakened.allowed
        ? [finding(MAIN_POLICY, "mandatory", weakenedMessage(check.weakened, configFile))]
        : []),
      ...nativeFindings,
      ...(check.stale ?? []).map((e) =>
        finding(
          exceptionBroaderThanUsed.name,
          "mandatory",
          `${e.id} names ${e.routeFilters.join(", ")}, no route filter in ${check.stateFiles.join(", ")}: remove it, or correct the names`,
        ),
      ),
      ...check.logicalNames.map(({ entry, name }) =>
        finding(
          exceptionBroaderThanUsed.name,
          "advisory",
          `${entry.id} names "${name}", a Pulumi logical name, not an Azure name: it covers nothing`,
        ),
      ),
    ],
    acceptedRisks: [],
  };
}
