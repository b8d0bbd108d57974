/**
 * The shape of a policy pack, as far as the policy runtime's work per call depends on it: per policy,
 * its name, its default level, and which hooks it implements (validateResource, validateStack,
 * remediateResource) with which type filter. The no-op pack must have the real pack's shape, or the
 * benchmark compares the runtime doing different work instead of measuring the pack's own cost.
 */
import * as path from "path";
import { type PackConfig, REPO_ROOT } from "../harness/policy-runtime";

/** The baseline pack: the real pack's shape, each policy doing nothing. */
export const NOOP_DIR = path.join(REPO_ROOT, "bench", "noop-pack");

type Policy = Record<string, unknown> & { name: string; enforcementLevel?: string };

const HOOKS = ["validateResource", "validateStack", "remediateResource"] as const;

/** Loads the pack's entry point with `PolicyPack` replaced by a recorder, so that nothing starts serving. */
export function policiesOf(packDir: string): Policy[] {
  // The package's index re-exports PolicyPack through a getter reading this module's export.
  const policyModule = require("@pulumi/policy/policy") as { PolicyPack: unknown };
  const serving = policyModule.PolicyPack;
  let recorded: Policy[] | undefined;
  policyModule.PolicyPack = class {
    constructor(_name: string, args: { policies: Policy[] }) {
      recorded = args.policies;
    }
  };
  try {
    require(require.resolve(packDir));
  } finally {
    policyModule.PolicyPack = serving;
  }
  if (!recorded) throw new Error(`${packDir}: loading its entry point constructed no PolicyPack (loaded before in this process?)`);
  return recorded;
}

/** One line per policy, e.g. `m365-x mandatory validateStack remediateResource(azure-native:network:RouteFilter)`. */
export function shapeOf(policies: readonly Policy[]): string[] {
  return policies.map((policy) => {
    const hooks = HOOKS.flatMap((hook) => {
      const value = policy[hook];
      if (value === undefined) return [];
      return (Array.isArray(value) ? value : [value]).map((fn: { __pulumiType?: string }) =>
        fn.__pulumiType ? `${hook}(${fn.__pulumiType})` : hook,
      );
    });
    return [policy.name, policy.enforcementLevel ?? "(pack level)", ...hooks].join(" ");
  });
}

/** Differences between the real pack's shape and the no-op pack's, as lines a reader can act on. */
export function shapeDifferences(real: readonly string[], noop: readonly string[]): string[] {
  const differences = [
    ...real.filter((line) => !noop.includes(line)).map((line) => `the pack has "${line}", the no-op pack has not`),
    ...noop.filter((line) => !real.includes(line)).map((line) => `the no-op pack has "${line}", the pack has not`),
  ];
  // The runtime runs policies in pack order, and the pack relies on it (the main policy reads the register first).
  if (differences.length === 0 && real.join("\n") !== noop.join("\n")) differences.push("the policies come in another order");
  return differences;
}

/** The no-op pack gets the same enforcement levels as the pack (which decide what the runtime calls), nothing else. */
export function levelsOnly(config: PackConfig): PackConfig {
  return Object.fromEntries(
    Object.entries(config).flatMap(([name, entry]) => {
      const level = typeof entry === "string" ? entry : entry.enforcementLevel;
      return level === undefined ? [] : [[name, level]];
    }),
  );
}
