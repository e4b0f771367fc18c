import { describe, expect, it } from "vitest";
import { DEFAULT_PROFILE_HEADER, parseProfileHeader } from "./profile-header";

describe("parseProfileHeader (§2.5)", () => {
  it("reads the listed fields", () => {
    const json = JSON.stringify({
      metadata: {
        hostname: "h1",
        cloud_info: { instance_type: "m5.large", region: "x" },
        run_arguments: { profile_api_version: "v1", service_name: "svc" },
        other: [1, 2],
      },
      metrics: { cpu_avg: 10.5, mem_avg: 20.25 },
      application_metadata_enabled: true,
      containers: ["a"],
    });
    expect(parseProfileHeader(` ${json}`)).toEqual({
      hostname: "h1",
      instanceType: "m5.large",
      profileApiVersion: "v1",
      cpuAvg: 10.5,
      memAvg: 20.25,
      applicationMetadataEnabled: true,
    });
  });

  it.each(["{}", "null", '{"metadata": null, "metrics": null}', '{"metadata": {"hostname": null}}'])(
    "treats %s as all defaults",
    (json) => {
      expect(parseProfileHeader(json)).toEqual(DEFAULT_PROFILE_HEADER);
    },
  );

  it.each([
    "",
    "{",
    "[]",
    "5",
    '"x"',
    "{} x",
    '{"metadata": []}',
    '{"metadata": {"hostname": 5}}',
    '{"metadata": {"cloud_info": "t2"}}',
    '{"metadata": {"run_arguments": {"profile_api_version": 1}}}',
    '{"metadata": {"run_arguments": {"service_name": true}}}',
    '{"metrics": {"cpu_avg": "8.8"}}',
    '{"metrics": {"mem_avg": 1e999}}',
    '{"application_metadata_enabled": "true"}',
  ])("rejects %s", (json) => {
    expect(parseProfileHeader(json)).toBeNull();
  });
});
