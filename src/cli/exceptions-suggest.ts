/**
 * `exceptions suggest`: skeleton register entries for the route filters the main policy blocks for
 * want of an exception, for a team adopting the pack on an estate that already advertises Microsoft
 * 365 routes. The skeleton is the core's (the one a finding's message shows); its placeholders are
 * refused by `exceptions check` and `scan` until a person fills them in, so it grants nothing by itself.
 */
import { factsOf } from "../adapters";
import { gatedFilters } from "../core/accepted-risk";
import { optionsOf } from "../core/evaluate";
import { FilterIdentity } from "../core/identity";
import { MAIN_POLICY, PackSettings } from "../core/settings";
import { buildStack } from "../core/stack";
import { suggestedEntry } from "../core/verdicts/advertisement";
import { LoadedConfig } from "./config";
import { ScanInput } from "./inputs";
import { isRecord } from "./read";

export type SuggestedEntry = ReturnType<typeof suggestedEntry>;

export interface Suggestions {
  readonly entries: readonly SuggestedEntry[];
  /** Filters an entry cannot be written for, and why. */
  readonly unnamed: readonly string[];
}

/** One skeleton per route filter that allows Microsoft 365 communities no exception covers. */
export function suggestEntries(inputs: readonly ScanInput[], settings: PackSettings, date: string): Suggestions {
  const entries = new Map<string, SuggestedEntry>();
  const unnamed: string[] = [];
  for (const input of inputs) {
    const view = buildStack(input.resources.flatMap((r) => factsOf(r.record)));
    for (const filter of gatedFilters(view, settings, date)) {
      if (filter.coverage.covered) continue;
      const name = nameOf(filter.identity);
      if (name === undefined) {
        unnamed.push(`${input.file}: ${filter.urn} allows ${filter.communities.join(", ")} in a route filter whose name is not known yet`);
        continue;
      }
      const key = JSON.stringify([name.toLowerCase(), [...filter.communities].sort()]);
      if (!entries.has(key)) entries.set(key, suggestedEntry(name, filter.communities));
    }
  }
  return { entries: [...entries.values()], unnamed };
}

/** How an entry names the filter, as the register matches it: Azure name, else resource ID, else URN. */
function nameOf(identity: FilterIdentity | undefined): string | undefined {
  return identity?.azureName ?? identity?.armId ?? identity?.urn;
}

// The skeleton's own placeholder values, and any value written wholly in angle brackets.
const SKELETON = suggestedEntry("", []);
const PLACEHOLDERS = new Set([SKELETON.id, SKELETON.microsoftAuthorization, SKELETON.justification, ...SKELETON.approvedBy, SKELETON.expires]);

export function isPlaceholder(value: unknown): boolean {
  if (typeof value !== "string") return false;
  const text = value.trim();
  return PLACEHOLDERS.has(text) || /^<[^]*>$/.test(text);
}

/**
 * The register's fields that still hold a placeholder, one line each in the form of the config's
 * own problems (file, entry, field); a field the config already reports a problem for is left to it.
 */
export function placeholderProblems(configFile: string, config: LoadedConfig, known: readonly string[]): string[] {
  const register = optionsOf(config.policies, MAIN_POLICY).exceptions;
  if (!Array.isArray(register)) return [];
  const prefix = config.version === 2 ? "policies." : "";
  const problems: string[] = [];
  register.forEach((entry, index) => {
    if (!isRecord(entry)) return;
    const label = `${configFile}: ${prefix}${MAIN_POLICY}.exceptions[${index}] (${typeof entry.id === "string" ? entry.id.trim() : ""})`;
    for (const [field, value] of Object.entries(entry)) {
      const items: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [`${field}[${i}]`, v]) : [[field, value]];
      for (const [where, item] of items) {
        const at = `${label}, field ${where}:`;
        if (isPlaceholder(item) && !known.some((line) => line.startsWith(at))) {
          problems.push(`${at} ${JSON.stringify(item)} is a placeholder of \`exceptions suggest\`; replace it with the real value`);
        }
      }
    }
  });
  return problems;
}

/** The config's problems and the placeholders together, entry by entry as they stand in the register. */
export function withPlaceholders(configFile: string, config: LoadedConfig): string[] {
  const all = [...config.problems, ...placeholderProblems(configFile, config, config.problems)];
  const entryIndex = (line: string) => Number(/\.exceptions\[(\d+)\]/.exec(line)?.[1] ?? -1);
  return all.map((line, i) => ({ line, i })).sort((a, b) => entryIndex(a.line) - entryIndex(b.line) || a.i - b.i).map((x) => x.line);
}
