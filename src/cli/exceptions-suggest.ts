/**
 * `exceptions suggest`: skeleton register entries for the route filters the main policy blocks for
 * want of an exception, for a team adopting the pack on an estate that already advertises Microsoft
 * 365 routes. The skeleton is the core's (the one a finding's message shows); its placeholders are
 * refused wherever the register is read (the pack, `exceptions check`, `scan`) until a person fills
 * them in, so it grants nothing by itself.
 */
import { factsOf } from "../adapters";
import { gatedFilters } from "../core/accepted-risk";
import { type FilterIdentity } from "../core/identity";
import { type PackSettings } from "../core/register";
import { buildStack } from "../core/stack";
import { type SuggestedEntry, suggestedEntry } from "../core/suggested-entry";
import { type ScanInput } from "./inputs";

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
