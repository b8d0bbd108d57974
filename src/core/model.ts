/**
 * The one model every provider shape is turned into. Nothing here knows Pulumi's runtime:
 * a policy, the scan command and the tests all build these facts through the adapters.
 */

/** A value the pack could not read: unknown at preview, an encrypted secret, or not the expected shape. */
export class Unreadable {
  constructor(
    readonly reason: "unknown" | "secret" | "shape",
    readonly detail = "",
  ) {}

  describe(): string {
    switch (this.reason) {
      case "unknown":
        return "is not known until the update runs (computed from another resource's output)";
      case "secret":
        return "is an encrypted secret";
      case "shape":
        return this.detail;
    }
  }
}

/** A resource as both the policy runtime and a stack export/preview stream present it. */
export interface ResourceRecord {
  readonly urn: string;
  readonly type: string;
  /** Pulumi logical name. */
  readonly name: string;
  readonly props: Record<string, unknown>;
  /**
   * The inputs the program gave, where `props` are outputs (stack analysis sees outputs, which may
   * not repeat every input): `scan` takes them from the export, the pack from its analysis of the
   * same resource earlier in the run. Outputs win where both have a key.
   */
  readonly inputs?: Record<string, unknown>;
  /** The ARM resource ID, when the resource already exists in state. */
  readonly id?: string;
  /** Top-level input property name to the URNs it was computed from. */
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
  readonly provider?: { readonly type: string; readonly props: Record<string, unknown> };
}

export interface ResourceRef {
  readonly urn: string;
  readonly name: string;
  readonly type: string;
}

/** A property of a resource that could not be read, with its path (e.g. `rules[0].communities[1]`). */
export interface UnreadableProperty {
  readonly property: string;
  readonly why: Unreadable;
}

export interface CommunityFact {
  readonly property: string;
  readonly raw: unknown;
}

export interface RuleFact {
  readonly property: string;
  readonly name?: string;
  /** Undefined when unreadable; anything other than "Deny" is treated as allowing. */
  readonly access?: string;
  readonly communities: readonly CommunityFact[];
}

/** How a resource names the cloud it deploys to. */
export interface CloudSignal {
  /** The provider's `environment`, raw; undefined when the provider does not declare it. */
  readonly providerEnvironment?: string;
}

interface ResourceFacts {
  readonly resource: ResourceRef;
  readonly cloud: CloudSignal;
  readonly subscriptionId?: string;
  readonly unreadable: readonly UnreadableProperty[];
}

export interface RouteFilterFact extends ResourceFacts {
  readonly kind: "route-filter";
  /**
   * Where the filter sits inside the resource, when the resource is not the filter itself (an ARM
   * template deployment, an AzAPI resource): e.g. `properties.template.resources[2]`. Such a
   * filter is never remediated: editing the resource's top-level rules would not change it.
   */
  readonly property?: string;
  readonly azureName?: string;
  readonly resourceGroup?: string;
  readonly id?: string;
  readonly rules: readonly RuleFact[];
}

/** A reference from one resource to another, by value or (at preview) by property dependency. */
export interface Reference {
  readonly property: string;
  /** A name or ARM resource ID, when known. */
  readonly value?: string;
  /** URNs the referencing property was computed from. */
  readonly dependsOn: readonly string[];
}

/** A standalone rule resource (azure-native RouteFilterRule) that adds to a route filter. */
export interface RouteFilterRuleFact extends ResourceFacts {
  readonly kind: "route-filter-rule";
  /** Where the rule sits inside the resource, as for a route filter. */
  readonly property?: string;
  readonly filter: Reference;
  readonly resourceGroup?: string;
  readonly rule: RuleFact;
}

export interface PeeringRouteFilter {
  readonly family: "IPv4" | "IPv6";
  readonly reference?: Reference;
}

/** A Microsoft peering: standalone, classic, or inline in a circuit (then `property` locates it). */
export interface MicrosoftPeeringFact extends ResourceFacts {
  readonly kind: "microsoft-peering";
  readonly property: string;
  readonly circuitName?: string;
  readonly routeFilters: readonly PeeringRouteFilter[];
}

export type Fact = RouteFilterFact | RouteFilterRuleFact | MicrosoftPeeringFact;
