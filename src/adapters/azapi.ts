/**
 * The AzAPI provider (Pulumi package bridged from the Terraform azapi provider; tokens and inputs
 * as in the `ediri-azapi` 1.12.2 package's schema): any ARM resource, its `type` written
 * `<resource type>@<api version>` and its request `body` as an object or JSON text.
 *
 * - `azapi:index/resource:Resource` creates `name` under `parentId` (a resource group for a route
 *   filter, the filter for a rule, the circuit for a peering);
 * - `azapi:index/updateResource:UpdateResource` changes the existing `resourceId` (or `name`
 *   under `parentId`) with the body;
 * - `azapi:index/resourceAction:ResourceAction` sends the body to `resourceId`; with method PUT
 *   or PATCH and no `action` that changes the resource itself.
 *
 * Where Azure puts the resource is `parentId` or `resourceId` (the request's URL), not the
 * provider's subscription: so identity comes from them, or from the ID in state.
 */
import { Fact, Unreadable } from "../core/model";
import { ARM_TYPES, armFacts } from "./arm-resources";
import { AdapterInput, Base, idOf, knownText, resourceGroupOfId, subscriptionOfId } from "./common";
import type { Adapter } from "./index";
import { memberIgnoringCase } from "./values";

const RESOURCE = "azapi:index/resource:Resource";
const UPDATE = "azapi:index/updateResource:UpdateResource";
const ACTION = "azapi:index/resourceAction:ResourceAction";

export function azapiAdapterFor(type: string): Adapter | undefined {
  if (type === RESOURCE || type === UPDATE) return azapiFacts;
  if (type === ACTION) return actionFacts;
  return undefined;
}

function actionFacts(input: AdapterInput, base: Base): Fact[] {
  const { props } = input;
  const method = props.method ?? "POST";
  const action = props.action;
  if (!relevantType(input.props.type)) return [];
  if (method instanceof Unreadable || action instanceof Unreadable) {
    return [blind(base, method instanceof Unreadable ? "method" : "action", method instanceof Unreadable ? method : (action as Unreadable))];
  }
  // A POST (the default) calls an operation; only PUT or PATCH of the resource itself changes it.
  const changesResource = typeof method === "string" && ["put", "patch"].includes(method.toLowerCase()) && !knownText(action);
  return changesResource ? azapiFacts(input, base) : [];
}

function azapiFacts(input: AdapterInput, base: Base): Fact[] {
  const { props } = input;
  const type = props.type;
  if (type instanceof Unreadable) return [blind(base, "type", type)];
  if (!relevantType(type)) return [];
  const kind = (type as string).split("@")[0].trim().toLowerCase();

  // The resource's own ID: in state, else the one an update names, else parentId + name.
  const id = idOf(input) ?? knownText(props.resourceId);
  const parentId = id ? id.replace(/\/[^/]+\/[^/]+$/, "") : knownText(props.parentId);
  const name = id ? id.split("/").pop() : props.name;

  const body = readBody(props.body);
  const properties = body instanceof Unreadable ? body : body === undefined ? undefined : memberIgnoringCase(body, "properties");
  return armFacts(base, {
    type: kind,
    name,
    // A rule's parent is its route filter's ID; a peering's, its circuit's.
    parent: parentId,
    parentProperty: props.resourceId !== undefined ? "resourceId" : "parentId",
    properties: body instanceof Unreadable ? body : properties ?? {},
    path: "body",
    propertiesPath: body instanceof Unreadable ? "body" : "body.properties",
    subscriptionId: subscriptionOfId(parentId),
    resourceGroup: resourceGroupOfId(parentId),
    id: kind === "microsoft.network/routefilters" ? idOf(input) : undefined,
    dependsOn: input.record.propertyDependencies.body ?? [],
  });
}

function relevantType(type: unknown): boolean {
  return typeof type === "string" && ARM_TYPES.has(type.split("@")[0].trim().toLowerCase());
}

/** The request body: an object, or (azapi 1.x) JSON text. */
function readBody(body: unknown): Record<string, unknown> | Unreadable | undefined {
  if (body === undefined || body === null) return undefined;
  if (body instanceof Unreadable) return body;
  let value = body;
  if (typeof body === "string") {
    try {
      value = JSON.parse(body.charCodeAt(0) === 0xfeff ? body.slice(1) : body);
    } catch (e) {
      return new Unreadable("shape", `is not valid JSON (${(e as Error).message})`);
    }
  }
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : new Unreadable("shape", "should be an object (the request body)");
}

function blind(base: Base, property: string, why: Unreadable): Fact {
  return { ...base, unreadable: [...base.unreadable, { property, why }], kind: "route-filter", property, rules: [] };
}
