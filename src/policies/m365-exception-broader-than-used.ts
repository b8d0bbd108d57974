/** Exceptions that grant more than the route filters they name use: least privilege for authorizations. */
import { type GuardPolicy } from "../core/guard-policy";
import { displayName } from "../core/identity";
import { readPart } from "../core/reading";
import { type PackSettings } from "../core/register";
import { M365_GUIDANCE } from "../core/sources";
import { partsOf, type StackView, subjectOf } from "../core/stack";
import { type Verdict, verdictOn } from "../core/verdict";

export const exceptionBroaderThanUsed: GuardPolicy = {
  name: "m365-exception-broader-than-used",
  displayName: "Microsoft 365 exception broader than used",
  description: "An exception lists Microsoft 365 communities that the route filter it names does not allow.",
  enforcementLevel: "advisory",
  severity: "low",
  tags: ["expressroute", "microsoft-365", "exceptions"],
  remediationSteps: "Narrow the exception's communities to those the route filter allows, so it grants no more than is used.",
  url: M365_GUIDANCE.url,
  register: "reads",
  configSchema: { properties: {} },
  judgeStack: (view, { settings }) => broaderThanUsedVerdicts(view, settings),
};

function broaderThanUsedVerdicts(view: StackView, settings: PackSettings): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const node of view.nodes) {
    const entries = node.identity ? settings.exceptionsNaming(node.identity) : [];
    if (entries.length === 0) continue;
    const readings = partsOf(node).map((p) => readPart(p, settings));
    if (readings.some((r) => r.cannotVerify.length > 0)) continue;
    const used = new Set(readings.flatMap((r) => [...r.gated.keys()]));
    for (const entry of entries) {
      const extra = entry.communities.filter((c) => !used.has(c));
      if (extra.length === 0) continue;
      verdicts.push(
        verdictOn(
          subjectOf(node).resource,
          `Exception ${entry.id} lists ${extra.join(", ")}, which route filter ${displayName(node.identity)} does not allow. ` +
            `Narrow the exception to ${used.size ? [...used].join(", ") : "what the filter uses"} so it grants no more than is used.`,
        ),
      );
    }
  }
  return verdicts;
}
