// Benchmark baseline: mirrors the real pack's shape (stack policies, the first also remediating)
// so the runtime does the same work per call; the policies themselves do nothing. bench/pack-shape.ts
// compares the two shapes before every `npm run bench` and in test/bench: change this file with the pack.
const { PolicyPack } = require("@pulumi/policy");

const names = [
  "m365-advertisement-requires-exception",
  "m365-route-filter-not-in-stack",
  "m365-microsoft-peering-without-route-filter",
  "m365-exception-expiring",
  "m365-exception-broader-than-used",
];

new PolicyPack("expressroute-m365-guard-noop", {
  policies: names.map((name, i) => ({
    name,
    description: "does nothing",
    enforcementLevel: i === 0 ? "mandatory" : "advisory",
    validateStack: () => {},
    ...(i === 0 ? { remediateResource: () => undefined } : {}),
  })),
});
