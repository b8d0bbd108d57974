/**
 * Pulumi URNs, read in one place: urn:pulumi:<stack>::<project>::<qualified type>::<name>. As in the
 * engine, the name may itself contain "::", and a child's type is qualified by its parents' types
 * (parent$child).
 */
export interface ParsedUrn {
  readonly stack: string;
  readonly project: string;
  /** The resource's own type, without its parents' types. */
  readonly type: string;
  readonly name: string;
}

const PREFIX = "urn:pulumi:";

export function isUrn(text: string): boolean {
  return text.startsWith(PREFIX);
}

/** The parts of a URN; undefined for text that is not one. */
export function parseUrn(urn: string): ParsedUrn | undefined {
  if (!isUrn(urn)) return undefined;
  const [stack, project, qualified, ...name] = urn.slice(PREFIX.length).split("::");
  if (!stack || !project || qualified === undefined || name.length === 0) return undefined;
  return { stack, project, type: qualified.slice(qualified.lastIndexOf("$") + 1), name: name.join("::") };
}
