import { CLOUDS } from "../core/catalog";
import { GuardPolicy } from "../core/guard-policy";
import { MAIN_POLICY } from "../core/settings";
import { M365_GUIDANCE } from "../core/sources";
import { resourceAdvertisementVerdicts, stackAdvertisementVerdicts } from "../core/verdicts/advertisement";
import { COMMUNITY, text, textList } from "./schema";

/**
 * The main policy. Judges each route filter and standalone rule before its step (so a mandatory
 * finding stops the create), and the stack for what only it shows. Its config holds the register
 * all policies share; with level remediate it also edits filters.
 */
export const advertisementRequiresException: GuardPolicy = {
  name: MAIN_POLICY,
  displayName: "Microsoft 365 over ExpressRoute requires an exception",
  description:
    "A route filter on ExpressRoute Microsoft peering may allow Microsoft 365 communities only under an exception recorded in the register.",
  enforcementLevel: "mandatory",
  severity: "critical",
  tags: ["expressroute", "microsoft-365", "network", "exceptions"],
  remediationSteps:
    "Remove the Microsoft 365 communities (public cloud 12076:5010, 5020, 5030, 5100; US Government 12076:5110, 5120, 5130, 5200) " +
    "from the route filter and reach Microsoft 365 over the Internet. If Microsoft has authorized ExpressRoute for this " +
    "subscription, record the exception (authorization reference, approvers, route filter, communities, expiry) under " +
    `exceptions of ${MAIN_POLICY} in the policy pack config.`,
  url: M365_GUIDANCE.url,
  needsRegister: false,
  configSchema: {
    properties: {
      cloud: {
        type: "string",
        enum: [...CLOUDS],
        description: "Azure cloud whose community values apply where a provider does not declare its environment; default AzureCloud.",
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
            community: COMMUNITY,
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
            expires: {
              type: "string",
              pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
              description: "a calendar date written YYYY-MM-DD (the last day the exception holds, UTC)",
            },
            communities: textList("Microsoft 365 communities it allows.", COMMUNITY),
            routeFilters: textList("Route filters: Azure name, full resource ID or Pulumi URN."),
            subscriptions: textList("Azure subscription ids it is limited to.", {
              type: "string",
              pattern: "^\\s*[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\s*$",
              description: "an Azure subscription id (a GUID)",
            }),
            stacks: textList("Stacks it is limited to.", {
              type: "string",
              pattern: "^\\s*[^/\\s]+(/[^/\\s]+){0,2}\\s*$",
              description: "a stack name, project/stack or org/project/stack",
            }),
          },
        },
      },
    },
  },
  judgeResource: (facts, { settings, today }) => resourceAdvertisementVerdicts(facts, settings, today),
  judgeStack: (view, { settings, today }) => stackAdvertisementVerdicts(view, settings, today),
};
