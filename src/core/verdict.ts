import { type ResourceRef } from "./model";
import { type Attachment } from "./stack";

/** One finding of one rule: on a resource, or (no urn) on the stack or its configuration. */
export interface Verdict {
  readonly urn?: string;
  readonly resourceType?: string;
  readonly message: string;
}

export function verdictOn(resource: ResourceRef, message: string): Verdict {
  return { urn: resource.urn, resourceType: resource.type, message };
}

export function describeAttachment({ peering, family }: Attachment): string {
  const where = peering.property ? ` ${peering.property}` : "";
  const circuit = peering.circuitName ? ` of circuit ${peering.circuitName}` : "";
  return `the ${family} Microsoft peering${circuit} (${peering.resource.name}${where})`;
}
