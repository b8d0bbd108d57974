/**
 * The register enforced in Azure, as a Pulumi component: the same definition, assignments and
 * exemptions the `azure-policy` command writes (src/core/azure-policy.ts), as azure-native
 * `authorization` resources.
 *
 * @pulumi/azure-native is an optional peer dependency, loaded when the component is constructed: the
 * pack and the command never need it, and a program that uses the component already has its own
 * azure-native, whose version (and provider configuration) the resources then belong to.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as authorization from "@pulumi/azure-native/authorization";
import { azurePolicyDocuments, type AzurePolicyDocuments, type PolicyEffect } from "../core/azure-policy";
import { type CloudName } from "../core/catalog";
import { todayUtc } from "../core/dates";
import { optionsOf } from "../core/evaluate";
import { readSettings } from "../core/settings";
import { REGISTER_OWNER } from "../policies";
import { loadPackConfig } from "../cli/config";

export interface M365GuardAzurePolicyArgs {
  /** The subscription to assign the policy to (its filters get the exemptions). */
  readonly subscriptionId: string;
  /** A policy pack config file holding the register (v1 or v2), as given to `--policy-pack-config`... */
  readonly configFile?: string;
  /** ...or the main policy's options in code: `{ exceptions: [...] }`. */
  readonly options?: Record<string, unknown>;
  /** Default Deny. */
  readonly effect?: PolicyEffect;
  /** Default: the register's `cloud`, else AzureCloud. */
  readonly cloud?: CloudName;
  /** Also deny Microsoft peerings that have no route filter. Default false. */
  readonly peeringsWithoutFilter?: boolean;
  /** YYYY-MM-DD; entries expired before it are not carried. Default: today (UTC). */
  readonly today?: string;
}

export class M365GuardAzurePolicy extends pulumi.ComponentResource {
  readonly definition: pulumi.CustomResource;
  /** The register's pairs, then the waivers' (allows none; exempted per entry). */
  readonly assignments: readonly pulumi.CustomResource[];
  readonly exemptions: readonly pulumi.CustomResource[];
  /** Register entries Azure Policy cannot carry, and why. */
  readonly notes: readonly string[];

  constructor(name: string, args: M365GuardAzurePolicyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("expressroute-m365-guard:azure:AzurePolicy", name, {}, opts);
    const documents = documentsFor(args);
    const azure = loadAuthorization();
    const parent = { parent: this };
    const { name: definitionName, properties } = documents.definition;
    this.definition = new azure.PolicyDefinition(
      `${name}-definition`,
      { policyDefinitionName: definitionName, policyType: "Custom", ...properties },
      parent,
    );
    const scope = `/subscriptions/${documents.subscriptionId}`;
    this.assignments = documents.assignments.map(
      (a) =>
        new azure.PolicyAssignment(
          `${name}-${a.name}`,
          {
            policyAssignmentName: a.name,
            scope,
            policyDefinitionId: this.definition.id,
            ...a.properties,
            nonComplianceMessages: [...a.properties.nonComplianceMessages],
          },
          parent,
        ),
    );
    const waivers = this.assignments[1];
    this.exemptions = documents.exemptions.map(
      (e) =>
        new azure.PolicyExemption(
          `${name}-${e.name}`,
          { policyExemptionName: e.name, scope: e.scope, ...e.properties, policyAssignmentId: waivers.id },
          { parent: this, dependsOn: [waivers] },
        ),
    );
    this.notes = documents.notes;
    for (const note of documents.notes) void pulumi.log.warn(note, this);
    this.registerOutputs({ notes: this.notes });
  }
}

function documentsFor(args: M365GuardAzurePolicyArgs): AzurePolicyDocuments {
  if ((args.configFile === undefined) === (args.options === undefined))
    throw new Error("M365GuardAzurePolicy: give either configFile or options");
  let options = args.options;
  if (args.configFile !== undefined) {
    const loaded = loadPackConfig(args.configFile);
    if (loaded.problems.length > 0) throw new Error(`M365GuardAzurePolicy: ${loaded.problems.join("; ")}`);
    options = optionsOf(loaded.policies, REGISTER_OWNER.name);
  }
  const settings = readSettings(REGISTER_OWNER, options!);
  if (settings.problems.length > 0) {
    throw new Error(
      `M365GuardAzurePolicy: the register is invalid: ${settings.problems.map((p) => `${p.entry}${p.field ? `, field ${p.field}` : ""}: ${p.message}`).join("; ")}`,
    );
  }
  return azurePolicyDocuments({
    settings,
    cloud: args.cloud ?? settings.cloud ?? "AzureCloud",
    today: args.today ?? todayUtc(),
    subscriptionId: args.subscriptionId,
    effect: args.effect ?? "Deny",
    peeringsWithoutFilter: args.peeringsWithoutFilter ?? false,
  });
}

function loadAuthorization(): typeof authorization {
  try {
    // Loaded only when the component is made: the pack and the command never need azure-native.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("@pulumi/azure-native/authorization") as typeof authorization;
  } catch (e) {
    throw new Error(
      `M365GuardAzurePolicy needs @pulumi/azure-native (v3) in the program: npm install @pulumi/azure-native (${(e as Error).message})`,
      {
        cause: e,
      },
    );
  }
}
