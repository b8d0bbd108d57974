import { buildStack, partsOf } from "../../src/core/stack";
import { armId, filterFact, peeringFact, ruleFact, SUB_A, SUB_B } from "../support/facts";

describe("linking rules and peerings to route filters", () => {
  test("a rule links by subscription, resource group and name", () => {
    const filter = filterFact("rf", ["12076:5010"], { subscriptionId: SUB_A });
    const rule = ruleFact("r", { value: "RF" }, ["12076:5020"], { subscriptionId: SUB_A, resourceGroup: "RG-HUB" });
    const [node, ...rest] = buildStack([filter, rule]).nodes;
    expect(rest).toEqual([]);
    expect(node.filter).toBe(filter);
    expect(node.rules).toEqual([rule]);
  });

  test("never by name and group alone: a rule through another subscription's provider is its own filter's", () => {
    const filter = filterFact("rf", [], { subscriptionId: SUB_A });
    const rule = ruleFact("r", { value: "rf" }, ["12076:5010"], { subscriptionId: SUB_B });
    const view = buildStack([filter, rule]);
    expect(view.nodes.find((n) => n.filter)!.rules).toEqual([]);
    const outside = view.nodes.find((n) => !n.filter)!;
    expect(outside.rules).toEqual([rule]);
    expect(outside.identity?.armId).toBe(armId("rf", SUB_B));
  });

  test("a rule in another resource group is another filter's", () => {
    const view = buildStack([filterFact("rf", []), ruleFact("r", { value: "rf" }, [], { resourceGroup: "rg-spoke" })]);
    expect(view.nodes).toHaveLength(2);
  });

  test("at preview a value not yet known links through the property dependency, within one subscription", () => {
    const filter = filterFact("rf", [], { subscriptionId: SUB_A });
    const same = ruleFact("r1", { dependsOn: [filter.resource.urn] }, [], { subscriptionId: SUB_A });
    const other = ruleFact("r2", { dependsOn: [filter.resource.urn] }, [], { subscriptionId: SUB_B });
    const view = buildStack([filter, same, other]);
    expect(view.nodes[0].rules).toEqual([same]);
    expect(view.nodes.filter((n) => !n.filter).flatMap((n) => n.rules)).toEqual([other]);
  });

  test("a peering links by the filter's ARM ID; an ID in another subscription is not in the stack", () => {
    const filter = filterFact("rf", [], { subscriptionId: SUB_A });
    const attached = peeringFact("p1", { value: armId("rf").toUpperCase() }, { subscriptionId: SUB_A });
    const elsewhere = peeringFact("p2", { value: armId("rf", SUB_B) }, { subscriptionId: SUB_B });
    const view = buildStack([filter, attached, elsewhere]);
    expect(view.nodes[0].attachments.map((a) => a.peering)).toEqual([attached]);
    expect(view.unresolved.map((u) => u.peering)).toEqual([elsewhere]);
  });

  test("with no subscription declared, an ID computed from the filter's own output links to it", () => {
    const filter = filterFact("rf", []);
    const peering = peeringFact("p", { value: armId("rf"), dependsOn: [filter.resource.urn] });
    expect(buildStack([filter, peering]).nodes[0].attachments).toHaveLength(1);
    // Without the dependency, the subscription in the ID cannot be shown to be the filter's.
    expect(buildStack([filter, peeringFact("q", { value: armId("rf") })]).unresolved).toHaveLength(1);
  });

  test("the state's ID decides a filter's identity; nothing else in the props does", () => {
    const filter = filterFact("rf", [], { id: armId("rf-real", SUB_B), azureName: "rf-claimed", subscriptionId: SUB_A });
    const [node] = buildStack([filter]).nodes;
    expect(node.identity).toMatchObject({ azureName: "rf-real", subscriptionId: SUB_B, armId: armId("rf-real", SUB_B) });
  });

  test("linking is one pass over an index: 20,000 filters, rules and peerings", () => {
    const facts = [];
    for (let i = 0; i < 20_000; i++) {
      facts.push(filterFact(`rf-${i}`, [], { subscriptionId: SUB_A }));
      facts.push(ruleFact(`r-${i}`, { value: `rf-${i}` }, [], { subscriptionId: SUB_A }));
      facts.push(peeringFact(`p-${i}`, { value: armId(`rf-${i}`) }, { subscriptionId: SUB_A }));
    }
    const view = buildStack(facts);
    expect(view.unresolved).toEqual([]);
    expect(view.nodes.every((n) => n.rules.length === 1 && n.attachments.length === 1)).toBe(true);
  });
});

test("two resources that write the same Azure filter are one node: the second a writer beside the first", () => {
  const first = filterFact("rf", ["12076:5010"], { subscriptionId: SUB_A });
  const second = filterFact("rf-again", ["12076:5020"], { subscriptionId: SUB_A, azureName: "RF" });
  const rule = ruleFact("r", { value: "rf" }, ["12076:5030"], { subscriptionId: SUB_A });
  const view = buildStack([first, second, rule]);
  expect(view.nodes).toHaveLength(1);
  expect(view.nodes[0]).toMatchObject({ filter: first, writers: [second], rules: [rule] });
  expect(partsOf(view.nodes[0])).toEqual([first, second, rule]);
});
