import { RegisterBoard, REGISTER_NOT_IN_FORCE } from "../../src/core/register-board";
import { NO_REGISTER } from "../../src/core/settings";

const turn = () => new Promise((resolve) => setImmediate(resolve));

test("what the main policy posts is taken in the same analysis only", async () => {
  const board = new RegisterBoard();
  expect(board.taken()).toEqual({ missing: REGISTER_NOT_IN_FORCE });
  board.post(NO_REGISTER);
  // The runtime chains one analysis's policies on promises: still the same turn.
  await Promise.resolve();
  expect(board.taken()).toEqual({ settings: NO_REGISTER });
  await turn();
  expect(board.taken()).toEqual({ missing: REGISTER_NOT_IN_FORCE });
});

test("a later post replaces an earlier one", async () => {
  const board = new RegisterBoard();
  const first = { ...NO_REGISTER, organization: "first" };
  const second = { ...NO_REGISTER, organization: "second" };
  board.post(first);
  board.post(second);
  expect(board.taken()).toEqual({ settings: second });
  await turn();
  expect(board.taken()).toEqual({ missing: REGISTER_NOT_IN_FORCE });
});

test("an earlier post's expiry does not take away a later one: each lasts its own turn", async () => {
  const board = new RegisterBoard();
  const first = { ...NO_REGISTER, organization: "first" };
  const second = { ...NO_REGISTER, organization: "second" };
  // Queued before the first post's expiry: the second is posted in the turn before that expiry runs.
  setImmediate(() => board.post(second));
  board.post(first);
  await turn();
  expect(board.taken()).toEqual({ settings: second });
  await turn();
  expect(board.taken()).toEqual({ missing: REGISTER_NOT_IN_FORCE });
});
