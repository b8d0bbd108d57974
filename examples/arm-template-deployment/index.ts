import * as resources from "@pulumi/azure-native/resources";

const rg = new resources.ResourceGroup("rg-hub", { resourceGroupName: "rg-hub-weu", location: "westeurope" });

// The route filter is not a Pulumi resource of its own: an ARM template deployment creates it. The
// pack reads the inline template, with the parameter values the deployment gives it.
new resources.Deployment("hub-template", {
  resourceGroupName: rg.name,
  properties: {
    mode: "Incremental",
    parameters: {
      services: { value: ["12076:5010", "12076:51002"] }, // Exchange Online, West Europe
    },
    template: {
      $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
      contentVersion: "1.0.0.0",
      parameters: {
        services: { type: "array", defaultValue: ["12076:51002"] },
        filterName: { type: "string", defaultValue: "rf-tpl-m365" },
      },
      variables: { teams: "[concat('12076:', '5030')]" }, // Skype for Business Online, which Teams needs
      resources: [
        {
          type: "Microsoft.Network/routeFilters",
          apiVersion: "2023-09-01",
          name: "[parameters('filterName')]",
          location: "[resourceGroup().location]",
          properties: {
            rules: [
              {
                name: "allow-services",
                properties: { access: "Allow", routeFilterRuleType: "Community", communities: "[parameters('services')]" },
              },
            ],
          },
          resources: [
            {
              type: "routeFilterRules",
              apiVersion: "2023-09-01",
              name: "allow-teams",
              location: "[resourceGroup().location]",
              dependsOn: ["[parameters('filterName')]"],
              properties: { access: "Allow", routeFilterRuleType: "Community", communities: ["[variables('teams')]"] },
            },
          ],
        },
      ],
    },
  },
});
