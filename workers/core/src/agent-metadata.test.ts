// The header of a real agent upload (test_stackfile, agent 1.35.0) and mutations of it. Every outcome
// below was checked against the original's code path (profiles_routes.py steps 3–6 with the AgentMetadata
// model under pydantic.v1 1.10.26).
import { describe, expect, test } from "vitest";
import { headerLine, parseAgentVersion, parseProfileHeader, redactHeaderLine } from "./agent-metadata";
import { readTestdataText } from "./test-utils";

const stackfile = readTestdataText("test_stackfile");
const original = JSON.parse(headerLine(stackfile).slice(1));
const K8S = "k8s_coredns_coredns-f9fd979d6-lgfsb_kube-system_0c4d_64";
const DELETE = Symbol("delete");

function headerWith(metadata: Record<string, unknown> = {}, header: Record<string, unknown> = {}) {
  const h = structuredClone(original);
  for (const [k, v] of Object.entries(header)) v === DELETE ? delete h[k] : (h[k] = v);
  for (const [k, v] of Object.entries(metadata)) v === DELETE ? delete h.metadata[k] : (h.metadata[k] = v);
  return parseProfileHeader(`# ${JSON.stringify(h)}`);
}

describe("parseProfileHeader", () => {
  test("reads a real agent header", () => {
    const parsed = parseProfileHeader(headerLine(stackfile));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const { metadata, envType } = parsed.value;
    expect(envType).toBe("containers");
    expect(metadata).toMatchObject({
      hostname: "ip-172-31-33-27",
      cloudProvider: "AWS",
      instanceType: "t2.medium",
      processors: 2,
      memoryCapacityMb: 3904,
      spawnUptimeMs: 1218241,
      pid: 525326,
      macAddress: "0E:D7:21:85:5E:17",
      agentVersion: "1.35.0",
      version: { major: 1, minor: 35, patch: 0, weight: 1_035_000 },
      runMode: "container",
      libcType: "glibc",
      bigData: {},
      appVersion: null,
    });
    expect(metadata.spawnTime.toISOString()).toBe("2023-12-03T16:31:00.000Z");
    expect(metadata.currentTime.toISOString()).toBe("2023-12-03T16:37:27.000Z");
    // 16:31:00 − 1218.24 s = 16:10:41.76, to the nearest minute
    expect(metadata.bootTime.toISOString()).toBe("2023-12-03T16:11:00.000Z");
    expect(metadata.cloudInfo.instance_id).toBe("i-0b6907c49758a903e");
  });

  test.each([
    [{ cloud_provider: "GCP" }, { cloudProvider: "GCP" }],
    [{ cloud_provider: "azure" }, { cloudProvider: "Azure" }],
    [{ processors: "2" }, { processors: 2 }],
    [{ processors: 2.9 }, { processors: 2 }],
    [{ processors: true }, { processors: 1 }],
    [{ cloud_info: DELETE }, { instanceType: "", cloudInfo: {} }],
    [{ cloud_info: { instance_type: 5 } }, { instanceType: "5" }],
    [{ run_arguments: [["a", 1]] }, { runArguments: { a: 1 } }],
    [{ big_data: DELETE }, { bigData: {} }],
    [{ external_metadata: { version: "2.4.1", commit: "9f3c2ab" } }, { appVersion: { version: "2.4.1", commit: "9f3c2ab" } }],
    [{ external_metadata: { team: "x" } }, { appVersion: null }],
    [{ hostname: 5 }, { hostname: "5" }],
  ])("coerces metadata %j like pydantic", (change, expected) => {
    const parsed = headerWith(change);
    expect(parsed.ok && parsed.value.metadata).toMatchObject(expected);
  });

  test.each([
    { cloud_provider: "other" },
    { cloud_provider: 5 },
    { processors: "2.5" },
    { processors: null },
    { current_time: DELETE },
    { cloud_info: null },
    { cloud_info: { instance_type: null } },
    { cloud_info: [] },
    { run_arguments: DELETE },
    { big_data: null },
    { hostname: DELETE },
    { spawn_time: "yesterday" },
    // Refused by the original's Postgres registration (§5.1 runmode enum, §6.1 version split).
    { run_mode: "daemon" },
    { agent_version: "latest" },
    // Our limits: values Postgres could not index or store as a timestamp.
    { kernel_version: "x".repeat(1025) },
    { cloud_info: { instance_type: "x".repeat(1025) } },
    { cloud_info: { instance_id: "x".repeat(1025) } },
    { spawn_uptime_ms: Number.MAX_SAFE_INTEGER },
  ])("refuses metadata %j", (change) => {
    const parsed = headerWith(change);
    expect(parsed.ok).toBe(false);
  });

  test.each([
    [DELETE, "instances"],
    [[], "instances"],
    ["", "instances"],
    ["ab", "containers"],
    [{ [K8S]: 1 }, "k8s"],
    [["ecs-task-1-web-abc"], "ecs"],
    [[K8S, "plain"], "k8s"],
    [[K8S, "ecs-x"], "ecs"],
  ])("containers %j give env type %s", (containers, envType) => {
    const parsed = headerWith({}, { containers });
    expect(parsed.ok && parsed.value.envType).toBe(envType);
  });

  test.each([[[1]], [null]])("refuses containers %j", (containers) => {
    expect(headerWith({}, { containers }).ok).toBe(false);
  });

  test.each([
    ["metadata missing", headerWith({}, { metadata: DELETE })],
    ["metadata not an object", headerWith({}, { metadata: [] })],
    ["no header", parseProfileHeader("a;b 1")],
    ["empty profile", parseProfileHeader("")],
    ["header not JSON", parseProfileHeader("# {nope")],
    ["header not an object", parseProfileHeader("# [1]")],
  ])("refuses %s", (_, parsed) => expect(parsed.ok).toBe(false));

  test("reads Python's NaN in the header", () => {
    const line = headerLine(stackfile).replace('"cpu_avg": 8.8', '"cpu_avg": NaN');
    expect(line).toContain("NaN");
    expect(parseProfileHeader(line).ok).toBe(true);
  });
});

test("parseAgentVersion", () => {
  expect(parseAgentVersion("1.2.3-rc1")).toEqual({ major: 1, minor: 2, patch: 3, weight: 1_002_003 });
  expect(parseAgentVersion("1.2")).toBeNull();
  expect(parseAgentVersion("99999999999.0.0")).toBeNull();
});

describe("redactHeaderLine", () => {
  test("removes server_token and keeps everything else", () => {
    const line = headerLine(stackfile);
    expect(line).toContain("server_token");
    const redacted = redactHeaderLine(line);
    expect(redacted).not.toContain("server_token");
    expect(redacted).not.toContain(original.metadata.run_arguments.server_token);
    const { server_token: _, ...runArguments } = original.metadata.run_arguments;
    const expected = structuredClone(original);
    expected.metadata.run_arguments = runArguments;
    expect(JSON.parse(redacted.slice(1))).toEqual(expected);
  });

  test("leaves lines without a token untouched", () => {
    expect(redactHeaderLine('# {"metadata": {"run_arguments": {}}}')).toBe('# {"metadata": {"run_arguments": {}}}');
    expect(redactHeaderLine("# {nope")).toBe("# {nope");
  });
});
