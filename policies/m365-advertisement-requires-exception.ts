import { CLOUDS } from "../src/core/catalog";
import { GuardPolicy } from "../src/core/guard-policy";
import { MAIN_POLICY } from "../src/core/settings";
import { M365_GUIDANCE } from "../src/core/sources";
import { advertisementVerdicts } from "../src/core/verdicts/advertisement";

const text = (description: string) => ({ type: "string", minLength: 1, pattern: "\\S", description });
const textList = (description: string, items: Record<string, unknown> = {}) => ({
  type: "array",
  minItems: 1,
  items: { ...text(description), ...items },
  description,
});
const COMMUNITY = { pattern: "^\\s*[0-9]+\\s*:\\s*[0-9]+\\s*$" };

/** The main policy. Its config holds the register all policies share; with level remediate it also edits filters. */
export const advertisementRequiresException: GuardPolicy = {
  name: MAIN_POLICY,
  description:
    "A route filter on ExpressRoute Microsoft peering may allow Microsoft 365 communities only under an exception recorded in the register.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps:
    "Remove the Microsoft 365 communities (public cloud 12076:5010, 5020, 5030, 5100; US Government 12076:5110, 5120, 5130, 5200) " +
    "from the route filter and reach Microsoft 365 over the Internet. If Microsoft has authorized ExpressRoute for this " +
    "subscription, record the exception (authorization reference, approvers, route filter, communities, expiry) under " +
    `exceptions of ${MAIN_POLICY} in the policy pack config.`,
  url: M365_GUIDANCE.url,
  configSchema: {
    properties: {
      cloud: {
        type: "string",
        enum: [...CLOUDS],
        description: "Azure cloud whose community values apply; default: the provider's environment, else AzureCloud.",
      },
      organization: text("Pulumi organisation, to match exception stacks written org/project/stack."),
      additionalCommunities: {
        type: "array",
        description: "Service communities Microsoft has published since this pack's catalog was written.",
        items: {
          type: "object",
          additionalProperties: false,
          required: ["community", "service", "requiresAuthorization"],
          properties: {
            community: { ...text("BGP community, ASN:value"), ...COMMUNITY },
            service: text("Service the community selects."),
            requiresAuthorization: { type: "boolean", description: "Microsoft requires an authorization (Microsoft 365)." },
          },
        },
      },
      exceptions: {
        type: "array",
        description: "The exception register: each entry records one Microsoft-authorized use of Microsoft 365 communities.",
        items: {
          type: "object",
          additionalProperties: false,
          required: ["id", "microsoftAuthorization", "justification", "approvedBy", "expires", "communities", "routeFilters"],
          properties: {
            id: text("Unique id of the exception, e.g. ER365-2026-007."),
            microsoftAuthorization: text("Reference of Microsoft's authorization for the subscription."),
            justification: text("Why, e.g. the regulation that mandates private connectivity."),
            approvedBy: textList("Teams or people who approved it."),
            expires: { type: "string", pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", description: "Last day it holds (UTC), YYYY-MM-DD." },
            communities: textList("Microsoft 365 communities it allows.", COMMUNITY),
            routeFilters: textList("Route filters: Azure name, resource ID, Pulumi URN or logical name."),
            subscriptions: textList("Azure subscription ids it is limited to.", {
              pattern: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
            }),
            stacks: textList("Stacks it is limited to: stack, project/stack or org/project/stack."),
          },
        },
      },
    },
  },
  evaluate: ({ view, settings, today }) => advertisementVerdicts(view, settings, today),
};
