/** Building blocks of the policies' config schemas; a patterned value's description says what it must be. */
import { type JsonSchema } from "../core/guard-policy";

export const text = (description: string): JsonSchema => ({ type: "string", minLength: 1, pattern: "\\S", description });

export const textList = (description: string, items: JsonSchema = text(description)): JsonSchema => ({
  type: "array",
  minItems: 1,
  items,
  description,
});

export const COMMUNITY: JsonSchema = {
  type: "string",
  pattern: "^\\s*[0-9]+\\s*:\\s*[0-9]+\\s*$",
  description: "a BGP community written ASN:value, e.g. 12076:5010",
};
