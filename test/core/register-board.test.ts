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

test("a later post replaces an earlier one and lasts its own turn", async () => {
  const board = new RegisterBoard();
  const first = { ...NO_REGISTER };
  const second = { ...NO_REGISTER };
  board.post(first);
  board.post(second);
  expect(board.taken()).toEqual({ settings: second });
  await turn();
  expect(board.taken()).toEqual({ missing: REGISTER_NOT_IN_FORCE });
});
