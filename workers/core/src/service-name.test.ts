import { expect, test } from "vitest";
import { MAX_SERVICE_NAME_LENGTH, sanitizeServiceName } from "./service-name";

test.each([
  ["my-service", "my-service"],
  ["my svc!_x", "mysvc_x"],
  ["__my-svc", "my-svc"],
  ["a.b_c-D9", "a.b_c-D9"],
  ["../../etc/passwd", "....etcpasswd"],
  ["svc\u00e9\u0000\n", "svc"],
  ["!!!", ""],
  [".", ""],
  ["..", ""],
  ["x".repeat(MAX_SERVICE_NAME_LENGTH), "x".repeat(MAX_SERVICE_NAME_LENGTH)],
  ["x".repeat(MAX_SERVICE_NAME_LENGTH + 1), ""],
])("sanitizeServiceName(%j) = %j, as valid_service_name (§3.2.2)", (raw, expected) => {
  expect(sanitizeServiceName(raw)).toBe(expected);
});
