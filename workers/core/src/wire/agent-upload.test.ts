// AgentData of the original (start_time: datetime, gpid: Union[str, int], required) under pydantic.v1.
import { describe, expect, test } from "vitest";
import { gpidNumber, parseAgentUploadFields } from "./agent-upload";

describe("parseAgentUploadFields", () => {
  test("reads what the agent sends", () => {
    expect(parseAgentUploadFields({ start_time: "2023-12-03T16:36:27", gpid: "", hostname: "h", cpu_avg: 1 })).toEqual({
      ok: true,
      value: { startTime: new Date("2023-12-03T16:36:27Z"), gpid: "" },
    });
  });

  test.each([
    [12, "12"],
    [1.5, "1.5"],
    [true, "True"],
  ])("coerces gpid %j to the string %j", (gpid, expected) => {
    const parsed = parseAgentUploadFields({ start_time: 0, gpid });
    expect(parsed.ok && parsed.value.gpid).toBe(expected);
  });

  test.each([
    [{ start_time: "2023-12-03T16:36:27" }, "Missing parameter 'gpid'"],
    [{ start_time: "2023-12-03T16:36:27", gpid: null }, "Missing parameter 'gpid'"],
    [{ start_time: "2023-12-03T16:36:27", gpid: [] }, "Missing parameter 'gpid'"],
    [{ gpid: "" }, "Invalid or missing 'start_time'"],
    [{ start_time: "today", gpid: "" }, "Invalid or missing 'start_time'"],
  ])("refuses %j", (body, message) => expect(parseAgentUploadFields(body)).toEqual({ ok: false, message }));
});

test.each([
  ["", null],
  ["0", null],
  ["12", 12],
  [" 12 ", 12],
  ["1_000", 1000],
  ["-5", -5],
  ["1.5", undefined],
  ["True", undefined],
  ["12; DROP TABLE", undefined],
  ["99999999999999999999", undefined],
])("gpidNumber(%j) is %j, as int(gpid) in the original", (gpid, expected) => {
  expect(gpidNumber(gpid)).toBe(expected);
});
