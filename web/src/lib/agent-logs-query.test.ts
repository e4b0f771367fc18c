import { expect, test } from "vitest";
import { parseAgentLogsQuery, severityLabel } from "./agent-logs-query";

test("reads the agent logs filters, with safe defaults", () => {
  expect(
    parseAgentLogsQuery(new URLSearchParams("service=a&time=6h&host=h1&severity=4&search=err&limit=100")),
  ).toEqual({
    service: "a",
    time: { kind: "preset", preset: "6h" },
    host: "h1",
    severity: 4,
    search: "err",
    limit: 100,
  });
  expect(parseAgentLogsQuery(new URLSearchParams("severity=99&limit=1e9"))).toMatchObject({
    severity: 0,
    limit: 500,
  });
});

test("severity names", () => {
  expect(severityLabel(5)).toBe("ERROR");
  expect(severityLabel(1)).toBe("TRACE");
  expect(severityLabel(0)).toBe("?");
});
