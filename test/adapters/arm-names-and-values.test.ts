/**
 * Issue 17, classes 7, 9 and 16 on the adapters: names in any case (and two spellings of one
 * name), equals()/contains() by value, and templates whose evaluation would once have been as
 * deep in the JavaScript stack as their chain of variables.
 */
import { Unreadable } from "../../src/core/model";
import { memberIgnoringCase, sameValue } from "../../src/adapters/values";
import { UNKNOWN } from "../../harness/policy-runtime";
import { armFilter, communitiesOf, concatChain, factsOf, filters, nativeDeployment, record, rules, template, unreadableOf } from "./shapes";

const T = "properties.template";
const filterOf = (tmpl: unknown, extra: Record<string, unknown> = {}) => filters(factsOf(nativeDeployment("d", tmpl, extra)))[0];
/** The one filter a template with these variables deploys, its community the value of `expression`. */
const communityOf = (expression: string, variables: Record<string, unknown> = {}, parameters: Record<string, unknown> = {}) =>
  filterOf(template([armFilter("rf", [expression])], { variables, parameters }));

describe("names in another case (class 7)", () => {
  test("memberIgnoringCase: any case; the exact spelling when several agree; two different values are unreadable naming both", () => {
    expect(memberIgnoringCase({ Rules: [1] }, "rules")).toEqual([1]);
    expect(memberIgnoringCase({ RULES: 1, rules: 1 }, "rules")).toBe(1);
    expect(memberIgnoringCase({ a: { x: 1, y: [2] }, A: { y: [2], x: 1 } }, "a")).toEqual({ x: 1, y: [2] });
    const both = memberIgnoringCase({ rules: [1], Rules: [2] }, "rules");
    expect(both).toBeInstanceOf(Unreadable);
    expect((both as Unreadable).describe()).toBe(
      'is written twice, as "Rules" and "rules", with different values: Azure reads names without regard to case, and which one it keeps is not documented',
    );
    // .NET's ignore-case upper-cases: the long s is an s to Azure.
    expect(memberIgnoringCase({ ruleſ: 1 }, "rules")).toBe(1);
    expect(memberIgnoringCase({ __proto__: 1 }, "constructor")).toBeUndefined();
  });

  test("a template filter written Type, Name, Properties, Rules, Access, Communities is read", () => {
    const shouted = {
      Type: "Microsoft.Network/routeFilters",
      Name: "rf-upper",
      Properties: { Rules: [{ Name: "r", Properties: { Access: "Allow", Communities: ["12076:5010"] } }] },
    };
    const filter = filterOf(template([shouted]));
    expect(filter).toMatchObject({ azureName: "rf-upper", unreadable: [] });
    expect(communitiesOf(filter)).toEqual(["12076:5010"]);
    expect(filter.rules[0]).toMatchObject({ name: "r", access: "Allow" });
  });

  test("template sections and a standalone rule in another case", () => {
    const tmpl = {
      Parameters: { C: { Type: "string", DefaultValue: "12076:5020" } },
      Variables: { V: "[parameters('c')]" },
      Resources: [
        {
          TYPE: "Microsoft.Network/routeFilters/routeFilterRules",
          NAME: "rf/r",
          PROPERTIES: { ACCESS: "Allow", COMMUNITIES: ["[variables('v')]"] },
        },
      ],
    };
    const [rule] = rules(factsOf(nativeDeployment("d", tmpl)));
    expect(rule.rule.communities.map((c) => c.raw)).toEqual(["12076:5020"]);
    expect(rule.unreadable).toEqual([]);
  });

  test("a peering written PeeringType, RouteFilter, Id, Ipv6PeeringConfig is a Microsoft peering with both filters", () => {
    const circuit = {
      type: "Microsoft.Network/expressRouteCircuits",
      name: "er",
      properties: {
        Peerings: [
          {
            Name: "p",
            Properties: {
              PeeringType: "MicrosoftPeering",
              RouteFilter: { Id: "/rf4" },
              Ipv6PeeringConfig: { RouteFilter: { ID: "/rf6" } },
            },
          },
        ],
      },
    };
    const [fact] = factsOf(nativeDeployment("d", template([circuit])));
    expect(fact).toMatchObject({
      kind: "microsoft-peering",
      routeFilters: [
        { family: "IPv4", reference: { value: "/rf4" } },
        { family: "IPv6", reference: { value: "/rf6" } },
      ],
    });
  });

  test.each([
    [
      "rules",
      { rules: [], Rules: [{ name: "r", properties: { access: "Allow", communities: ["12076:5010"] } }] },
      "properties.rules",
      '"Rules" and "rules"',
    ],
    [
      "communities",
      { rules: [{ name: "r", properties: { access: "Allow", communities: ["12076:51002"], Communities: ["12076:5010"] } }] },
      "properties.rules[0].properties.communities",
      '"Communities" and "communities"',
    ],
    [
      "access",
      { rules: [{ name: "r", properties: { access: "Deny", ACCESS: "Allow", communities: ["12076:5010"] } }] },
      "properties.rules[0].properties.access",
      '"ACCESS" and "access"',
    ],
  ])("two spellings of %s with different values cannot be verified, naming both", (_name, properties, where, names) => {
    const filter = filterOf(template([{ type: "Microsoft.Network/routeFilters", name: "rf", properties }]));
    expect(unreadableOf(filter)).toEqual([
      `${T}.resources[0].${where} is written twice, as ${names}, with different values: Azure reads names without regard to case, and which one it keeps is not documented`,
    ]);
  });

  test("two spellings of properties, of resources (child or top level), or of a given parameter cannot be verified", () => {
    const props = {
      type: "Microsoft.Network/routeFilters",
      name: "rf",
      properties: { rules: [] },
      Properties: armFilter("x", ["12076:5010"]).properties,
    };
    expect(unreadableOf(filterOf(template([props])))[0]).toContain(
      `${T}.resources[0].properties is written twice, as "Properties" and "properties"`,
    );
    const children = {
      ...armFilter("rf", []),
      resources: [],
      Resources: [{ type: "routeFilterRules", name: "r", properties: { access: "Allow", communities: ["12076:5010"] } }],
    };
    expect(unreadableOf(factsOf(nativeDeployment("d", template([children])))[1])).toEqual([
      `${T}.resources[0].resources is written twice, as "Resources" and "resources", with different values: Azure reads names without regard to case, and which one it keeps is not documented`,
    ]);
    const top = { resources: [], Resources: [armFilter("rf", ["12076:5010"])] };
    expect(unreadableOf(factsOf(nativeDeployment("d", top))[0])[0]).toContain(`${T}.resources is written twice`);
    const given = template([armFilter("rf", ["[parameters('c')]"])], { parameters: { c: { type: "string" } } });
    expect(unreadableOf(filterOf(given, { parameters: { c: { value: "12076:51002" }, C: { value: "12076:5010" } } }))[0]).toContain(
      'is written twice, as "C" and "c"',
    );
  });

  test("two spellings of a variable, or of the variables section, cannot be verified where they are read", () => {
    expect(unreadableOf(communityOf("[variables('v')]", { v: "12076:51002", V: "12076:5010" }))[0]).toContain(
      'is written twice, as "V" and "v"',
    );
    const sections = {
      ...template([armFilter("rf", ["[variables('v')]"])]),
      variables: { v: "12076:51002" },
      Variables: { v: "12076:5010" },
    };
    expect(unreadableOf(filterOf(sections))[0]).toContain('is written twice, as "Variables" and "variables"');
  });

  test("a nested deployment whose evaluation scope is written twice cannot be verified", () => {
    const nested = {
      type: "Microsoft.Resources/deployments",
      name: "n",
      properties: {
        expressionEvaluationOptions: { scope: "inner", Scope: "outer" },
        template: template([armFilter("rf", ["12076:5010"])]),
      },
    };
    expect(unreadableOf(factsOf(nativeDeployment("d", template([nested])))[0])[0]).toContain(
      `${T}.resources[0].properties.expressionEvaluationOptions is written twice, as "Scope" and "scope"`,
    );
  });

  test("AzAPI: body.Properties is read; properties and Properties with different values cannot be verified", () => {
    const azapi = (body: unknown) =>
      record("azapi:index/resource:Resource", "rf-api", {
        type: "Microsoft.Network/routeFilters@2023-09-01",
        name: "rf-api",
        parentId: "/subscriptions/x/resourceGroups/rg",
        body,
      });
    const rule = { name: "r", properties: { access: "Allow", communities: ["12076:5010"] } };
    expect(communitiesOf(filters(factsOf(azapi({ location: "westeurope", Properties: { Rules: [rule] } })))[0])).toEqual(["12076:5010"]);
    const twice = filters(factsOf(azapi(JSON.stringify({ properties: { rules: [] }, Properties: { rules: [rule] } }))))[0];
    expect(unreadableOf(twice)).toEqual([
      'body.properties is written twice, as "Properties" and "properties", with different values: Azure reads names without regard to case, and which one it keeps is not documented',
    ]);
  });
});

describe("equals() and contains() by value (class 9)", () => {
  // Given as JSON text: in a template given as an object the engine may have hidden keys, and a whole object is not compared.
  const communityOf = (expression: string, variables: Record<string, unknown> = {}) =>
    filterOf(JSON.stringify(template([armFilter("rf", [expression])], { variables })));
  const pick = (condition: string) =>
    communitiesOf(
      communityOf(`[if(${condition}, '12076:5010', '12076:51002')]`, {
        a: { x: 1, y: ["p", "q"] },
        b: { y: ["p", "q"], x: 1 },
        c: { y: ["q", "p"], x: 1 },
        d: { X: 1, y: ["p", "q"] },
        e: { x: 1, y: ["P", "q"] },
        f: { x: 2, Y: ["p", "q"] },
        list: ["12076:5010", { k: "v" }],
      }),
    );

  test("objects are equal whatever the order of their members; lists only in order", () => {
    expect(pick("equals(variables('a'), variables('b'))")).toEqual(["12076:5010"]);
    expect(pick("equals(variables('a'), variables('c'))")).toEqual(["12076:51002"]);
    expect(pick("equals(createArray(1, 2), createArray(1, 2))")).toEqual(["12076:5010"]);
    expect(pick("equals(createArray(1, 2), createArray(2, 1))")).toEqual(["12076:51002"]);
    expect(pick("equals(createObject('k', 'v'), json('{\"k\":\"v\"}'))")).toEqual(["12076:5010"]);
    expect(pick("equals(1, '1')")).toEqual(["12076:51002"]);
  });

  test("where only the case of a name or text would decide, equals() cannot be verified; a difference elsewhere still decides", () => {
    expect(
      unreadableOf(
        communityOf("[if(equals(variables('a'), variables('d')), '12076:5010', '12076:51002')]", { a: { x: 1 }, d: { X: 1 } }),
      )[0],
    ).toContain(
      "equals() of values that differ only in the case of a text or a name: whether ARM compares them with regard to case is not documented",
    );
    expect(unreadableOf(communityOf("[if(equals(createArray('A'), createArray('a')), '12076:5010', '12076:51002')]"))[0]).toContain(
      "differ only in the case",
    );
    expect(pick("equals(variables('a'), variables('f'))")).toEqual(["12076:51002"]);
  });

  test("contains(): a text with regard to case, an object's names without, a list by value", () => {
    expect(pick("contains('OneTwo', 'Two')")).toEqual(["12076:5010"]);
    expect(pick("contains('OneTwo', 'two')")).toEqual(["12076:51002"]);
    expect(pick("contains(variables('a'), 'X')")).toEqual(["12076:5010"]);
    expect(pick("contains(variables('a'), 'z')")).toEqual(["12076:51002"]);
    expect(pick("contains(variables('list'), createObject('k', 'v'))")).toEqual(["12076:5010"]);
    expect(pick("contains(variables('list'), '12076:5010')")).toEqual(["12076:5010"]);
    expect(pick("contains(variables('list'), 'x')")).toEqual(["12076:51002"]);
    expect(
      unreadableOf(
        communityOf("[if(contains(variables('list'), createObject('K', 'v')), '12076:5010', '12076:51002')]", { list: [{ k: "v" }] }),
      )[0],
    ).toContain("contains() of values that differ only in the case");
  });

  test("a value not known at preview inside a list or object leaves equals(), contains() and string() unknown, never decided", () => {
    const given = (expression: string) =>
      unreadableOf(
        filterOf(
          template([armFilter("rf", [expression])], {
            parameters: { u: { type: "string" }, w: { type: "string" } },
            variables: { x: ["[parameters('u')]"], y: { k: "[parameters('w')]" } },
          }),
          {
            parameters: { u: { value: UNKNOWN }, w: { value: UNKNOWN } },
          },
        ),
      );
    for (const expression of [
      "[if(equals(variables('x'), createArray(parameters('w'))), '12076:51002', '12076:5010')]",
      "[if(equals(variables('y'), createObject('k', 'v')), '12076:51002', '12076:5010')]",
      "[if(contains(variables('x'), 'v'), '12076:51002', '12076:5010')]",
      "[string(variables('y'))]",
    ]) {
      expect(given(expression)).toEqual([
        `${T}.resources[0].properties.rules[0].properties.communities[0] is not known until the update runs (computed from another resource's output)`,
      ]);
    }
  });

  test("sameValue: a definite difference wins over case and over unknown values", () => {
    const u = new Unreadable("unknown");
    expect(sameValue(["A", 1], ["a", 2])).toBe(false);
    expect(sameValue(["A", u], ["a", 1])).toBe(u);
    expect(sameValue({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameValue({ a: "x" }, { A: "x" })).toBe("case");
  });

  test("createObject() naming one name twice cannot be verified", () => {
    expect(unreadableOf(communityOf("[createObject('a', 1, 'A', 2).a]"))[0]).toContain('createObject() names "A" twice');
  });
});

describe("long chains of variables (class 16)", () => {
  const chain = (length: number, depth: number, last: unknown = "12076:5010") =>
    communityOf("[variables('v0')]", concatChain(length, depth, last));

  test("100 variables, each wrapping the next in 20 nested concat()s, give the verdict's community", () => {
    const filter = chain(100, 20);
    expect(filter.unreadable).toEqual([]);
    expect(communitiesOf(filter)).toEqual(["12076:5010"]);
  });

  test.each([
    [1_000, 60],
    [5_000, 5],
  ])("%i variables in %i nested concat()s each are evaluated quickly, without deep recursion", (length, depth) => {
    const started = Date.now();
    expect(communitiesOf(chain(length, depth))).toEqual(["12076:5010"]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  test("a chain of parameter defaults, a variable holding objects and lists that hold the next, and a loop far down", () => {
    const parameters: Record<string, unknown> = { p299: { type: "string", defaultValue: "12076:5020" } };
    for (let i = 0; i < 299; i++) parameters[`p${i}`] = { type: "string", defaultValue: `[concat(parameters('p${i + 1}'))]` };
    expect(communitiesOf(communityOf("[parameters('p0')]", {}, parameters))).toEqual(["12076:5020"]);

    const variables: Record<string, unknown> = { o499: { list: [["12076:5030"]] } };
    for (let i = 0; i < 499; i++)
      variables[`o${i}`] = { list: [["[variables('o" + (i + 1) + "').list[0][0]]"]], more: { deep: [`[variables('o${i + 1}')]`] } };
    expect(communitiesOf(communityOf("[variables('o0').list[0][0]]", variables))).toEqual(["12076:5030"]);

    const loop = concatChain(400, 3, "[variables('v0')]");
    expect(unreadableOf(communityOf("[variables('v0')]", loop))[0]).toContain('variable "v0" refers to itself');
  });

  test("values that would outgrow ARM's 4 MB template, and expressions past ARM's length, cannot be verified, quickly", () => {
    const started = Date.now();
    const doubling: Record<string, unknown> = { d299: "x".repeat(1000) };
    for (let i = 0; i < 299; i++) doubling[`d${i}`] = `[concat(variables('d${i + 1}'), variables('d${i + 1}'))]`;
    expect(unreadableOf(communityOf("[variables('d0')]", doubling))[0]).toContain(
      "concat() is given values larger than 4 MB, ARM's limit for a whole template",
    );

    const lists: Record<string, unknown> = { l299: ["12076:5010"] };
    for (let i = 0; i < 299; i++) lists[`l${i}`] = `[createArray(variables('l${i + 1}'), variables('l${i + 1}'))]`;
    expect(unreadableOf(communityOf("[string(variables('l0'))]", lists))[0]).toMatch(/larger than 4 MB|nested more than 1000 levels/);

    const amplified = `[format('${"{0}".repeat(8000)}', variables('big'))]`;
    expect(unreadableOf(communityOf(amplified, { big: "x".repeat(100_000) }))[0]).toContain("format() builds a text larger than 4 MB");

    const long = `[concat('12076:5010'${", ''".repeat(7000)})]`;
    expect(unreadableOf(communityOf(long))[0]).toContain("it is longer than 24576 characters, ARM's limit");

    const members = `[variables('o')${".a".repeat(100)}]`;
    expect(unreadableOf(communityOf(members, { o: {} }))[0]).toContain("nested more than 64 levels deep");
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  test("a template that takes more work than any real one needs is answered, not run to the end", () => {
    // Each variable compares a 100 KB text with itself 400 times: 80 million characters to read, twice over.
    const variables: Record<string, unknown> = { w: "x".repeat(100_000) };
    for (let i = 0; i < 3; i++) variables[`w${i}`] = `[and(${Array(400).fill("equals(variables('w'), variables('w'))").join(", ")})]`;
    const filter = communityOf("[if(and(variables('w0'), variables('w1'), variables('w2')), '12076:51002', '12076:5010')]", variables);
    expect(unreadableOf(filter)[0]).toContain(
      "the template takes more than 100,000,000 steps to evaluate, more than any deployable template needs",
    );
  });

  test("a number ARM holds exactly but JavaScript cannot is not guessed at", () => {
    expect(unreadableOf(communityOf("[string(9007199254740993)]"))[0]).toContain(
      "the number 9007199254740993 is too large to read exactly",
    );
  });
});
