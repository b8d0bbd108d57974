/**
 * The Terraform azurerm provider's resources, through either Pulumi bridge: classic `@pulumi/azure`
 * (statically bridged, `azure:network/routeFilter:RouteFilter`) and `pulumi package add
 * terraform-provider hashicorp/azurerm` (dynamically bridged, package `azurerm`, every resource in
 * module `index`: `azurerm:index/routeFilter:RouteFilter`; pulumi-terraform-bridge dynamic/info.go).
 * Both name the properties after the Terraform schema in camel case. Shapes from
 * terraform-provider-azurerm internal/services/network/route_filter_resource.go and
 * express_route_circuit_peering_resource.go.
 */
import { type Fact, Unreadable } from "../core/model";
import { armTemplateAdapterFor } from "./arm-template";
import { type Adapter, blindFact, idOf, knownText, microsoftPeering, reference, ruleFact } from "./common";
import { type PropertyReader } from "./values";

/**
 * A nested block of at most one item. The static bridge flattens such a block into an object; the
 * dynamic one reads the schema Terraform's protocol gives, where `rule` (ConfigMode attribute) is
 * a plain list attribute without MaxItems, so it stays a list (terraform-plugin-sdk
 * helper/schema/core_schema.go). Both are read, each item at its own path.
 */
function blocks(reader: PropertyReader, value: unknown, path: string): [Record<string, unknown>, string][] {
  if (Array.isArray(value)) {
    return value.flatMap((item, i): [Record<string, unknown>, string][] => {
      const obj = reader.object(item, `${path}[${i}]`);
      return obj ? [[obj, `${path}[${i}]`]] : [];
    });
  }
  const obj = reader.object(value, path);
  return obj ? [[obj, path]] : [];
}

/** azurerm_route_filter: `rule { name, access, rule_type, communities }`. */
export const azurermRouteFilter: Adapter = (input, base) => {
  const { props, reader } = input;
  return [
    {
      ...base,
      kind: "route-filter",
      azureName: knownText(props.name),
      resourceGroup: knownText(props.resourceGroupName),
      id: idOf(input),
      rules: blocks(reader, props.rule, "rule").map(([rule, path]) =>
        ruleFact(
          reader,
          path,
          rule.name,
          { value: rule.access, property: `${path}.access` },
          { value: rule.communities, property: `${path}.communities` },
        ),
      ),
    },
  ];
};

/** azurerm_express_route_circuit_peering: `route_filter_id`, and `ipv6 { route_filter_id, microsoft_peering {...} }`. */
export const azurermPeering: Adapter = (input, base) => {
  const { props, reader } = input;
  const ipv4 = reference(input, props.routeFilterId, "routeFilterId", "routeFilterId");
  // An ipv6 block unknown at preview is there, its filter not known. Like the provider, only the first item counts.
  const unknown = props.ipv6 instanceof Unreadable;
  const [first] = unknown ? [] : blocks(reader, props.ipv6, "ipv6");
  const ipv6 = unknown
    ? reference(input, props.ipv6, "ipv6", "ipv6")
    : first && reference(input, first[0].routeFilterId, `${first[1]}.routeFilterId`, "ipv6");
  // Terraform names the peering after its type; there is no other name.
  const peering = microsoftPeering(base, "", props.peeringType, undefined, ipv4, unknown || first !== undefined, ipv6);
  return peering ? [{ ...peering, circuitName: knownText(props.expressRouteCircuitName) }] : [];
};

// The template deployments are the same Terraform resources classic azure bridges: read alike.
const DEPLOYMENTS: Record<string, string> = {
  ResourceGroupTemplateDeployment: "azure:core/resourceGroupTemplateDeployment:ResourceGroupTemplateDeployment",
  SubscriptionTemplateDeployment: "azure:core/subscriptionTemplateDeployment:SubscriptionTemplateDeployment",
  ManagementGroupTemplateDeployment: "azure:management/groupTemplateDeployment:GroupTemplateDeployment",
  TenantTemplateDeployment: "azure:core/tenantTemplateDeployment:TenantTemplateDeployment",
  // Removed from azurerm 4.x, still in 3.x.
  TemplateDeployment: "azure:core/templateDeployment:TemplateDeployment",
};

const READ: Record<string, Adapter> = {
  RouteFilter: azurermRouteFilter,
  ExpressRouteCircuitPeering: azurermPeering,
};

// Package `azurerm`, any module: the dynamic bridge puts all in `index`, but a later bridge may not.
const AZURERM_TOKEN = /^azurerm:[^:]*:([^:]+)$/i;

/**
 * Another azurerm resource named for a route filter, a circuit's peering, a template deployment or
 * a deployment stack (one a later provider version adds) may create or attach a filter the pack
 * cannot see: it is "cannot verify", never nothing. azurerm_express_route_circuit has no peering
 * or route filter property, so it is not among them.
 */
const RELATED = /routefilter|expressroutecircuitpeering|templatedeployment|deploymentstack/i;

export function azurermAdapterFor(type: string): Adapter | undefined {
  const resource = AZURERM_TOKEN.exec(type)?.[1];
  if (resource === undefined) return undefined;
  if (Object.prototype.hasOwnProperty.call(READ, resource)) return READ[resource];
  if (Object.prototype.hasOwnProperty.call(DEPLOYMENTS, resource)) return armTemplateAdapterFor(DEPLOYMENTS[resource]);
  return RELATED.test(resource) ? unread(resource) : undefined;
}

function unread(resource: string): Adapter {
  const why = new Unreadable(
    "shape",
    `are those of the azurerm resource ${resource}, which may make or attach a route filter but which the pack does not read`,
  );
  return (_input, base): Fact[] => [blindFact(base, "(all properties)", why)];
}
