// fast-check over the agent's header metadata (backend-api.md §3.2.3, §10.6): any header line, any value
// in any metadata field, gives a parsed header or a message (a 400 at the ingest Worker), never a throw;
// redaction never throws and never keeps server_token.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { parseProfileHeader, redactHeaderLine } from "./agent-metadata";
import { parseProfileHeader as parseIndexerHeader } from "./profile-header";

const REAL_METADATA = {
  cloud_provider: "aws", agent_version: "1.35.0", spawn_time: "2023-12-03T16:31:00", python_version: "3.8.10",
  run_mode: "container", deployment_type: "containers", kernel_release: "6.2.0", kernel_version: "#15", system_name: "Linux",
  processors: 2, memory_capacity_mb: 3928, hostname: "ip-172-31-33-27", os_name: "Ubuntu", os_release: "22.04",
  libc_type: "glibc", libc_version: "2.35", hardware_type: "x86_64", pid: 1, mac_address: "0E:D7:21:85:5E:17",
  private_ip: "172.31.33.27", spawn_uptime_ms: 1, boot_time_ms: 1, run_arguments: { server_token: "secret" }, cloud_info: {},
};
const KEYS = Object.keys(REAL_METADATA);

const hostileHeader = fc
  .tuple(fc.dictionary(fc.constantFrom(...KEYS), fc.jsonValue(), { maxKeys: 4 }), fc.option(fc.jsonValue()))
  .map(([overrides, containers]) =>
    JSON.stringify({ metadata: { ...REAL_METADATA, ...overrides }, ...(containers === null ? {} : { containers }) }),
  );

describe("agent header metadata under fuzzing", () => {
  test("any header line: parsed or a message, never a throw", () => {
    fc.assert(
      fc.property(fc.oneof(hostileHeader, fc.json(), fc.string()), (json) => {
        const result = parseProfileHeader(`# ${json}`);
        if (!result.ok) expect(typeof result.message).toBe("string");
        parseIndexerHeader(json);
      }),
      { numRuns: 600 },
    );
  });

  test("redaction never throws and never keeps the agent's key", () => {
    fc.assert(
      fc.property(hostileHeader, (json) => {
        const redacted = redactHeaderLine(`# ${json}`);
        if (parseProfileHeader(`# ${json}`).ok) expect(redacted).not.toContain("secret");
      }),
      { numRuns: 300 },
    );
  });
});
