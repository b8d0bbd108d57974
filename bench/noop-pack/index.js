// Benchmark baseline, generated from POLICIES by `npm run generate` (do not edit): the real pack's shape
// (which policies judge each resource, which the stack, which remediate) so the runtime does the same work
// per call; the policies themselves do nothing. bench/pack-shape.ts compares the two shapes before every
// `npm run bench` and in test/bench.
const { PolicyPack } = require("@pulumi/policy");

const nothing = () => {};
const policies = [
  { name: "m365-advertisement-requires-exception", enforcementLevel: "mandatory", validateResource: nothing, validateStack: nothing, remediateResource: () => undefined },
  { name: "m365-route-filter-not-in-stack", enforcementLevel: "advisory", validateStack: nothing },
  { name: "m365-microsoft-peering-without-route-filter", enforcementLevel: "advisory", validateResource: nothing },
  { name: "m365-exception-expiring", enforcementLevel: "advisory", validateStack: nothing },
  { name: "m365-exception-broader-than-used", enforcementLevel: "advisory", validateStack: nothing },
];

new PolicyPack("expressroute-m365-guard-noop", {
  policies: policies.map((policy) => ({ description: "does nothing", ...policy })),
});
