/**
 * The Pulumi engine hides every key beginning "__", at any depth, from what it shows policies, while the
 * provider (and so Azure) still gets it (FilterOptions.SkipInternalKeys in pkg/resource/plugin/analyzer_plugin.go,
 * v3.274.1). These are the places where such a key changes what Azure deploys; each is "cannot verify" when the
 * template arrived as an object, and read as written when it arrived as JSON text, which the engine leaves alone.
 */
import { adapterInput } from "../../src/adapters/common";
import { secret } from "../../harness/policy-runtime";
import { armFilter, classicDeployment, communitiesOf, factsOf, filters, nativeDeployment, record, template, unreadableOf } from "./shapes";

const HIDDEN = 'Pulumi hides every key beginning "__" from policies';
const symbolic = (resources: Record<string, unknown>) => template(resources, { languageVersion: "2.0" });

/** The reasons a deployment's facts give, and the communities of the filters it shows. */
function read(deployment: ReturnType<typeof nativeDeployment>) {
  const facts = factsOf(deployment);
  return { why: facts.flatMap(unreadableOf), communities: filters(facts).flatMap(communitiesOf) };
}

describe("a template that arrived as an object", () => {
  test("resources keyed by symbolic name: any one may be hidden, so the template cannot be verified", () => {
    const { why } = read(
      nativeDeployment(
        "d",
        symbolic({ __rf: armFilter("rf", ["12076:5010"]), other: { type: "Microsoft.Storage/storageAccounts", name: "s" } }),
      ),
    );
    expect(why).toEqual([expect.stringContaining(`properties.template.resources lists resources by symbolic name, and ${HIDDEN}`)]);
    expect(why[0]).toContain("Write the resources as a list, or give the template as JSON text");
  });

  test("the same in a template nested in it", () => {
    const nested = {
      type: "Microsoft.Resources/deployments",
      apiVersion: "2022-09-01",
      name: "inner",
      properties: {
        mode: "Incremental",
        expressionEvaluationOptions: { scope: "inner" },
        template: symbolic({ __rf: armFilter("rf", ["12076:5010"]) }),
      },
    };
    const { why } = read(nativeDeployment("d", template([nested])));
    expect(why).toEqual([
      expect.stringContaining(`properties.template.resources[0].properties.template.resources lists resources by symbolic name`),
    ]);
  });

  test("a parameter named __...: its declaration and the value given for it are hidden", () => {
    const tmpl = {
      ...template([armFilter("rf", ["[parameters('__c')]"])]),
      parameters: { __c: { type: "string", defaultValue: "12076:5060" } },
    };
    expect(read(nativeDeployment("d", tmpl)).why[0]).toMatch(new RegExp(`parameter "__c" begins "__": ${HIDDEN}`));
    // Given as JSON text the template declares it, but the value given in properties.parameters is still hidden.
    const given = read(nativeDeployment("d", JSON.stringify(tmpl), { parameters: { __c: { value: "12076:5010" } } }));
    expect(given.why[0]).toContain(`parameter "__c" begins "__": ${HIDDEN}`);
    expect(given.communities).toEqual([]);
  });

  test.each([
    ["classic azure", "azure:core/templateDeployment:TemplateDeployment"],
    ["azurerm", "azurerm:index/templateDeployment:TemplateDeployment"],
  ])("%s TemplateDeployment: a template as JSON text, its parameters as an object: a given __ parameter is hidden", (_, type) => {
    const tmpl = {
      ...template([armFilter("rf", ["[parameters('__c')]"])]),
      parameters: { __c: { type: "string", defaultValue: "12076:5060" } },
    };
    const deployment = record(type, "td", {
      name: "td",
      resourceGroupName: "rg-hub",
      deploymentMode: "Incremental",
      templateBody: JSON.stringify(tmpl),
      parameters: { __c: "12076:5010" },
    });
    const facts = factsOf(deployment);
    expect(facts.flatMap(unreadableOf)[0]).toContain(`parameter "__c" begins "__": ${HIDDEN}`);
    expect(filters(facts).flatMap(communitiesOf)).toEqual([]);
    // With no parameters object, the text template is read whole and its default stands.
    const { parameters: _p, ...textOnly } = deployment.props;
    expect(filters(factsOf({ ...deployment, props: textOnly })).flatMap(communitiesOf)).toEqual(["12076:5060"]);
  });

  test("a variable named __...", () => {
    const tmpl = { ...template([armFilter("rf", ["[variables('__c')]"])]), variables: { __c: "12076:5010" } };
    expect(read(nativeDeployment("d", tmpl)).why[0]).toContain(`variable "__c" begins "__": ${HIDDEN}`);
  });

  test("an object read whole (string(), equals()) may have lost keys; a hidden member is not there", () => {
    const chosen = (test: string) => ({
      ...template([armFilter("rf", [`[if(${test}, '12076:5060', '12076:5010')]`])]),
      variables: { o: { __x: 1 } },
    });
    for (const test of ["equals(string(variables('o')), '{}')", "equals(variables('o'), createObject())"]) {
      const { why, communities } = read(nativeDeployment("d", chosen(test)));
      expect(why[0]).toContain(`it reads a whole object or list, and ${HIDDEN}`);
      expect(communities).toEqual([]);
    }
    expect(read(nativeDeployment("d", chosen("equals(variables('o').__x, 1)"))).why[0]).toContain('property "__x" is not there');
    // A list of plain values has no keys to hide.
    expect(read(nativeDeployment("d", chosen("equals(createArray('a'), createArray('b'))"))).communities).toEqual(["12076:5010"]);
  });
});

describe("the same template as JSON text, which the engine leaves alone, is read as written", () => {
  const text = (tmpl: unknown, parameters?: unknown) =>
    factsOf(classicDeployment("d", JSON.stringify(tmpl), parameters && JSON.stringify(parameters)));

  test("symbolic names, __ parameters and variables, objects read whole", () => {
    expect(filters(text(symbolic({ __rf: armFilter("rf", ["12076:5010"]) }))).flatMap(communitiesOf)).toEqual(["12076:5010"]);
    const declared = {
      ...template([armFilter("rf", ["[parameters('__c')]", "[variables('__v')]"])]),
      parameters: { __c: { type: "string" } },
      variables: { __v: "12076:5020" },
    };
    expect(filters(text(declared, { __c: { value: "12076:5010" } })).flatMap(communitiesOf)).toEqual(["12076:5010", "12076:5020"]);
    const whole = {
      ...template([armFilter("rf", ["[if(equals(string(variables('o')), '{}'), '12076:5060', '12076:5010')]"])]),
      variables: { o: { __x: 1 } },
    };
    expect(filters(text(whole)).flatMap(communitiesOf)).toEqual(["12076:5010"]);
  });
});

test("resource props: keys beginning __ are dropped at any depth, inside secrets too, as the engine drops them", () => {
  const rf = record("azure-native:network:RouteFilter", "rf", {
    routeFilterName: "rf",
    rules: [{ name: "r", access: "Allow", communities: ["12076:5010"], __note: "x" }],
    tags: secret({ __owner: "me", team: "net" }),
    __rules: [{ access: "Allow", communities: ["12076:5020"] }],
  });
  expect(adapterInput(rf).props).toEqual({
    routeFilterName: "rf",
    rules: [{ name: "r", access: "Allow", communities: ["12076:5010"] }],
    tags: { team: "net" },
  });
});
