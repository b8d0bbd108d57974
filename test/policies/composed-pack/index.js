// A platform team's own pack (test fixture): its own policy next to expressroute-m365-guard's, with the
// register given in code. A user would require("expressroute-m365-guard"); the fixture reaches the build.
const { PolicyPack } = require("@pulumi/policy");
const { expressRouteM365Guard } = require("../../../dist/policies/binding");

new PolicyPack("platform-policies", {
  policies: [
    {
      name: "platform-tags-required",
      description: "Every route filter carries an owner tag.",
      enforcementLevel: "advisory",
      validateResource: (args, reportViolation) => {
        if (args.type.endsWith(":RouteFilter") && !(args.props.tags && args.props.tags.owner)) reportViolation("no owner tag");
      },
    },
    ...expressRouteM365Guard({
      settings: {
        exceptions: [
          {
            id: "ER365-2026-001",
            microsoftAuthorization: "MSFT-ER365-AUTH-0001",
            justification: "Regulation mandates private connectivity for mail",
            approvedBy: ["network-architecture"],
            expires: "2099-12-31",
            communities: ["12076:5010"],
            routeFilters: ["rf-covered"],
          },
        ],
      },
    }),
  ],
});
