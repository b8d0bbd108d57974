/** `azure-policy`: writes the register as Azure Policy documents (ARM JSON and Bicep) to a directory. */
import * as fs from "fs";
import * as path from "path";
import { azurePolicyDocuments, type AzurePolicyDocuments, AzurePolicyLimitError, type PolicyEffect } from "../core/azure-policy";
import { type CloudName } from "../core/catalog";
import { todayUtc } from "../core/dates";
import { optionsOf } from "../core/evaluate";
import { filterNameOf } from "../core/coverage";
import { parseRouteFilterId } from "../core/identity";
import { type PackSettings } from "../core/register";
import { readSettings } from "../core/settings";
import { REGISTER_OWNER } from "../policies";
import { armTemplate, bicepFiles } from "./azure-policy-files";
import { loadPackConfig } from "./config";
import { CliError, usageError } from "./errors";
import { type Io } from "./io";
import { firstProblem } from "./scan";

export const ARM_TEMPLATE_FILE = "azure-policy.json";

export interface AzurePolicyOptions {
  readonly config: string;
  readonly out: string;
  readonly subscription?: string;
  readonly effect: PolicyEffect;
  readonly cloud?: CloudName;
  readonly peeringsWithoutFilter: boolean;
  readonly now?: string;
}

/** The one subscription the register's filter IDs are in, when the command is not told. */
function subscriptionOf(settings: PackSettings, given: string | undefined): string {
  if (given) return given;
  const found = new Set<string>();
  for (const entry of settings.exceptions) {
    for (const name of entry.routeFilters) if (filterNameOf(name).kind === "arm-id") found.add(parseRouteFilterId(name)!.subscriptionId);
  }
  if (found.size === 1) return [...found][0];
  throw usageError(
    found.size === 0
      ? "azure-policy: no register entry names a route filter by resource ID; give --subscription <id> for the subscription to assign the policy to"
      : `azure-policy: the register's route filters are in ${found.size} subscriptions (${[...found].sort().join(", ")}); give --subscription <id> (run once per subscription)`,
  );
}

export function runAzurePolicy(options: AzurePolicyOptions, io: Io): number {
  const loaded = loadPackConfig(options.config);
  if (loaded.problems.length > 0) throw new CliError(firstProblem(loaded.problems, options.config));
  const settings = readSettings(REGISTER_OWNER, optionsOf(loaded.policies, REGISTER_OWNER.name));
  let documents: AzurePolicyDocuments;
  try {
    documents = azurePolicyDocuments({
      settings,
      cloud: options.cloud ?? settings.cloud ?? "AzureCloud",
      today: options.now ?? todayUtc(),
      subscriptionId: subscriptionOf(settings, options.subscription),
      effect: options.effect,
      peeringsWithoutFilter: options.peeringsWithoutFilter,
    });
  } catch (e) {
    if (e instanceof AzurePolicyLimitError) throw new CliError(`azure-policy: ${options.config}: ${e.message}`);
    throw e;
  }
  const files: Record<string, string> = { [ARM_TEMPLATE_FILE]: armTemplate(documents), ...bicepFiles(documents) };
  try {
    fs.mkdirSync(options.out, { recursive: true });
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(options.out, name), text);
  } catch (e) {
    throw new CliError(`${options.out}: the files cannot be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  for (const note of documents.notes) io.err(`note: ${note}\n`);
  io.out(
    `Azure Policy for subscription ${documents.subscriptionId}: definition ${documents.definition.name}, ` +
      `assignments ${documents.assignments.map((a) => a.name).join(" and ")} (effect ${options.effect}), ` +
      `${documents.allowedPairs.length} allowed (filter, community) pair${documents.allowedPairs.length === 1 ? "" : "s"}, ` +
      `${documents.exemptions.length} exemption${documents.exemptions.length === 1 ? "" : "s"}.\n` +
      documents.exemptions.map((e) => `  ${e.name}: ${e.scope} until ${e.properties.expiresOn}\n`).join("") +
      `Written to ${options.out}: ${Object.keys(files).join(", ")}. Deploy with \`az deployment sub create --location <region> --template-file ${path.join(options.out, "main.bicep")}\`.\n`,
  );
  return 0;
}
