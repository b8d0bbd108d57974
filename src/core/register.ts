/**
 * The exception register as the policies read it: its entries, validated, and the pack-wide settings
 * written with it under the main policy. Types only (settings.ts reads them), so every module can
 * name them without depending on how they are read.
 */
import type { AdditionalCommunity, CloudName, CommunityCatalog } from "./catalog";
import type { Community } from "./community";
import type { FilterIdentity } from "./identity";

/** The policy under whose config the register is written, by name, for messages and config keys. */
export const MAIN_POLICY = "m365-advertisement-requires-exception";

/** A mistake in the configuration: where it is (entry) and which field, in words a reviewer can act on. */
export interface ConfigProblem {
  readonly entry: string;
  readonly field: string;
  readonly message: string;
}

/**
 * How an entry of `routeFilters` names a filter: a Pulumi URN (exact, and only of a resource that
 * is the route filter itself: see identityOfFilter), a full ARM resource ID, or else the filter's
 * Azure name (both compared as Azure does, without regard to case). A Pulumi logical name is no
 * name of the filter: any filter could be given it.
 */
export type FilterName = { readonly kind: "urn" | "arm-id" | "azure-name"; readonly text: string };

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
  /** As written, for messages. */
  readonly routeFilters: readonly string[];
  readonly names: readonly FilterName[];
  readonly subscriptions?: readonly string[];
  readonly stacks?: readonly string[];
}

export interface PackSettings {
  /** The cloud set in config, for providers that do not declare their environment. */
  readonly cloud?: CloudName;
  readonly organization?: string;
  readonly additionalCommunities: readonly AdditionalCommunity[];
  /** Only the valid entries: an invalid one never grants anything. */
  readonly exceptions: readonly ExceptionEntry[];
  readonly problems: readonly ConfigProblem[];
  /** The entries whose routeFilters name this filter, through an index (no scan of the register). */
  exceptionsNaming(identity: FilterIdentity): readonly ExceptionEntry[];
  /** A cloud's catalog with the additional communities, built once per register rather than once per resource. */
  catalogOf(cloud: CloudName): CommunityCatalog;
}

/** What a policy that reads the register is given in an analysis: the register, or why it is not in force. */
export type Taken = { readonly settings: PackSettings } | { readonly missing: string };
