import { todayUtc } from "../../src/core/dates";

afterEach(() => jest.useRealTimers());

test("today is the UTC day, worked out again when the clock passes midnight or is set back", () => {
  jest.useFakeTimers({ now: Date.parse("2026-11-27T23:59:59.999Z") });
  expect(todayUtc()).toBe("2026-11-27");
  jest.setSystemTime(Date.parse("2026-11-28T00:00:00.000Z"));
  expect(todayUtc()).toBe("2026-11-28");
  jest.setSystemTime(Date.parse("2026-11-27T12:00:00.000Z"));
  expect(todayUtc()).toBe("2026-11-27");
  jest.setSystemTime(Date.parse("2027-03-01T08:00:00+09:00"));
  expect(todayUtc()).toBe("2027-02-28");
});
