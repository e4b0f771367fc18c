// POST /api/v2/profiles as agents use it (backend-api.md §3.2, B.2), inside workerd against the real
// Postgres, local R2 and the local Queue.
import { beforeAll, beforeEach, describe, expect, test } from "vitest";
import {
  ingest,
  insertAgentToken,
  profileWith,
  sentMessages,
  serviceId,
  sql,
  STACKFILE,
  STACKFILE_TOKEN,
  storedProfiles,
  uniqueName,
  uploadRequest,
} from "./fixtures";

let token = "";
beforeAll(async () => {
  token = await insertAgentToken();
});
beforeEach(() => {
  sentMessages.length = 0;
});

async function upload(service: string, options: Parameters<typeof uploadRequest>[1] = {}) {
  const res = await ingest(await uploadRequest({ token, service }, options));
  return { status: res.status, body: (await res.json()) as { message: string; gpid?: string } };
}

/** test_stackfile's metadata with a pid of its own: another agent process on the same machine. */
const anotherProcess = () => profileWith({ metadata: { pid: 100_000 + Math.floor(Math.random() * 1e9) } });

const processRow = async (gpid: string) =>
  (await sql<Record<string, unknown>>("SELECT * FROM profiler_processes WHERE id = $1", [gpid]))[0];

describe("a first upload", () => {
  test("registers the agent, stores the redacted profile in R2 and enqueues the original's message", async () => {
    const service = uniqueName("first");
    const pid = 100_000 + Math.floor(Math.random() * 1e9);
    const { status, body } = await upload(service, { profile: profileWith({ metadata: { pid } }) });
    expect(status).toBe(200);
    expect(body).toEqual({ message: "ok", gpid: expect.stringMatching(/^[1-9]\d*$/) });

    const id = await serviceId(service);
    const [svc] = await sql("SELECT env_type, hidden, cluster_id FROM services WHERE id = $1", [id]);
    expect(svc).toEqual({ env_type: "containers", hidden: false, cluster_id: null });
    const process = await processRow(body.gpid!);
    expect(process).toMatchObject({
      service: String(id),
      pid: String(pid),
      hostname: "ip-172-31-33-27",
      private_ip: "172.31.33.27",
      public_ip: "",
      spawn_uptime: "1218241",
    });
    const [joined] = await sql(
      `SELECT i.mac::text AS mac, i.identifier, mt.provider, mt.name AS machine_type, m.processors, m.memory,
              o.system_name, o.name AS os, o.release, k.release AS kernel, k.hardware_type, l.type AS libc,
              v.major, v.minor, v.patch, v.weight, e.run_mode, icm.meta->>'region' AS region,
              r.boot_time = '2023-12-03T16:11:00Z'::timestamptz AS boot_time_ok
       FROM profiler_processes p
       JOIN instance_runs r ON r.id = p.instance_run JOIN instances i ON i.id = r.instance
       JOIN machines m ON m.id = r.machine JOIN machine_types mt ON mt.id = m.type
       JOIN kernels k ON k.id = r.kernel JOIN oses o ON o.id = k.os
       JOIN instance_cloud_metadata icm ON icm.id = r.metadata
       JOIN profiler_versions v ON v.id = p.profiler_version
       JOIN profiler_run_environments e ON e.id = p.profiler_run_environment JOIN libcs l ON l.id = e.libc
       WHERE p.id = $1`,
      [body.gpid],
    );
    expect(joined).toEqual({
      mac: "0e:d7:21:85:5e:17",
      identifier: "i-0b6907c49758a903e",
      provider: "AWS",
      machine_type: "t2.medium",
      processors: "2",
      memory: "3904",
      system_name: "Linux",
      os: "Ubuntu",
      release: "22.04",
      kernel: "6.2.0-1015-aws",
      hardware_type: "x86_64",
      libc: "glibc",
      major: "1",
      minor: "35",
      patch: "0",
      weight: "1035000",
      run_mode: "container",
      region: "us-east-1",
      boot_time_ok: true,
    });

    // The agent's key is nowhere in what is stored (§10.6).
    expect(JSON.stringify(process.run_arguments)).not.toContain(STACKFILE_TOKEN);
    expect(process.run_arguments).not.toHaveProperty("server_token");
    expect(process.run_arguments).toHaveProperty("service_name");

    expect(sentMessages).toHaveLength(1);
    const [message] = sentMessages;
    expect(message).toEqual({
      filename: expect.stringMatching(/^2023-12-03T16:36:27_[0-9a-f]{32}_7509817476370bb3b85b383d68d508db\.gz$/),
      service,
      service_id: id,
    });
    const objects = await storedProfiles(`products/${service}/stacks/`);
    expect(objects.map((o) => o.key)).toEqual([`products/${service}/stacks/${message.filename}`]);
    const stored = objects[0].text;
    expect(stored).not.toContain(STACKFILE_TOKEN);
    expect(stored).not.toContain("server_token");
    // Everything but the token is kept, stack lines byte for byte.
    expect(stored.slice(stored.indexOf("\n"))).toBe(STACKFILE.slice(STACKFILE.indexOf("\n")));
    expect(JSON.parse(stored.slice(1, stored.indexOf("\n"))).metadata.pid).toBe(pid);
    const storedHeader = JSON.parse(stored.slice(1, stored.indexOf("\n")));
    expect(storedHeader.metadata.hostname).toBe("ip-172-31-33-27");
    expect(storedHeader.metrics).toEqual({ cpu_avg: 8.8, mem_avg: 39.815384615384616 });
  });

  test("answers the same gpid when the same agent process registers again", async () => {
    const service = uniqueName("again");
    const profile = anotherProcess();
    const first = await upload(service, { profile });
    const second = await upload(service, { profile });
    expect(second.body.gpid).toBe(first.body.gpid);
  });

  test("a process registered by another service keeps its service: profiles still go to the sender's", async () => {
    const profile = anotherProcess();
    const owner = await upload(uniqueName("owner"), { profile });
    const other = uniqueName("other");
    const second = await upload(other, { profile });
    expect(second.status).toBe(200);
    expect((await processRow(owner.body.gpid!)).service).not.toBe(String(await serviceId(other)));
    expect(sentMessages[1]).toMatchObject({ service: other, service_id: await serviceId(other) });
  });

  test("also accepts the v1 path of --profile-api-version v1", async () => {
    const service = uniqueName("v1");
    const { status, body } = await upload(service, { path: "/api/v1/profiles" });
    expect(status).toBe(200);
    expect(body.gpid).toMatch(/^\d+$/);
    expect(sentMessages[0].service).toBe(service);
  });

  test("takes the key and service from the query when the headers are missing", async () => {
    const service = uniqueName("query");
    const request = await uploadRequest({ token, service });
    const headers = new Headers(request.headers);
    headers.delete("GPROFILER-API-KEY");
    headers.delete("GPROFILER-SERVICE-NAME");
    const res = await ingest(new Request(request, { headers }));
    expect(res.status).toBe(200);
    expect(await serviceId(service)).not.toBeNull();
  });
});

describe("the gpid round trip (§3.2.3 step 7)", () => {
  test("an echoed gpid only moves last_seen and keeps its process", async () => {
    const service = uniqueName("echo");
    const first = await upload(service);
    await sql("UPDATE profiler_processes SET last_seen = now() - interval '1 hour' WHERE id = $1", [first.body.gpid]);
    const before = await sql("SELECT count(*)::int AS n FROM profiler_processes");
    const second = await upload(service, { gpid: first.body.gpid });
    expect(second).toEqual({ status: 200, body: { message: "ok", gpid: first.body.gpid } });
    expect(await sql("SELECT count(*)::int AS n FROM profiler_processes")).toEqual(before);
    const [row] = await sql<{ fresh: boolean }>(
      "SELECT last_seen > now() - interval '1 minute' AS fresh FROM profiler_processes WHERE id = $1",
      [first.body.gpid],
    );
    expect(row.fresh).toBe(true);
    expect(sentMessages.map((m) => m.service_id)).toEqual([await serviceId(service), await serviceId(service)]);
  });

  test("a gpid sent as a JSON number is accepted and answered as a string", async () => {
    const service = uniqueName("numeric");
    const first = await upload(service);
    const second = await upload(service, { gpid: Number(first.body.gpid) as never });
    expect(second.body.gpid).toBe(first.body.gpid);
  });

  test("another service's gpid is never used: the upload is registered under its own service", async () => {
    const victim = uniqueName("victim");
    const attacker = uniqueName("attacker");
    const victimUpload = await upload(victim, { profile: anotherProcess() });
    const attack = await upload(attacker, { gpid: victimUpload.body.gpid, profile: anotherProcess() });
    expect(attack.status).toBe(200);
    expect(attack.body.gpid).not.toBe(victimUpload.body.gpid);
    expect((await processRow(attack.body.gpid!)).service).toBe(String(await serviceId(attacker)));
    expect((await processRow(victimUpload.body.gpid!)).service).toBe(String(await serviceId(victim)));
    expect(sentMessages[1]).toMatchObject({ service: attacker, service_id: await serviceId(attacker) });
  });

  test("an unknown gpid re-registers the agent", async () => {
    const service = uniqueName("unknown");
    const { body } = await upload(service, { gpid: "987654321", profile: anotherProcess() });
    expect(body.gpid).not.toBe("987654321");
    expect((await processRow(body.gpid!)).service).toBe(String(await serviceId(service)));
  });

  test("an agent older than 1.2.3 is registered every time and answered gpid \"0\"", async () => {
    const service = uniqueName("legacy");
    const { status, body } = await upload(service, { profile: profileWith({ metadata: { agent_version: "1.2.2" } }) });
    expect({ status, body }).toEqual({ status: 200, body: { message: "ok", gpid: "0" } });
    expect(await sql("SELECT 1 FROM profiler_processes p JOIN services s ON s.id = p.service WHERE s.name = $1", [service])).toHaveLength(1);
  });
});

describe("service names, environment types and addresses", () => {
  test("sanitizes the service name like valid_service_name (§3.2.2)", async () => {
    const raw = `__My Svc!/${crypto.randomUUID().slice(0, 8)}`;
    const { status } = await upload(raw);
    expect(status).toBe(200);
    const expected = raw.replace(/[^A-Za-z0-9_.-]/g, "").replace(/^_+/, "");
    expect(sentMessages[0].service).toBe(expected);
    expect(await serviceId(expected)).not.toBeNull();
    expect((await storedProfiles(`products/${expected}/stacks/`)).length).toBe(1);
  });

  test.each([
    [{ containers: [] }, "instances"],
    [{ containers: ["k8s_coredns_coredns-f9fd979d6-lgfsb_kube-system_0c4d_64"] }, "k8s"],
    [{ containers: ["ecs-task-1-web-abc"] }, "ecs"],
  ])("sets the env type from the header containers %j", async (header, envType) => {
    const service = uniqueName("env");
    await upload(service, { profile: profileWith({ header }) });
    const [row] = await sql("SELECT env_type FROM services WHERE name = $1", [service]);
    expect(row.env_type).toBe(envType);
  });

  test("records CF-Connecting-IP as the public address and ignores X-Forwarded-For (§10.9)", async () => {
    const service = uniqueName("ip");
    const { body } = await upload(service, {
      profile: anotherProcess(),
      headers: { "CF-Connecting-IP": "203.0.113.7", "X-Forwarded-For": "198.51.100.1, 10.0.0.1" },
    });
    expect((await processRow(body.gpid!)).public_ip).toBe("203.0.113.7");
    const spoofed = await upload(uniqueName("ip"), {
      profile: anotherProcess(),
      headers: { "X-Forwarded-For": "198.51.100.1", "CF-Connecting-IP": "1.2.3.4; DROP" },
    });
    expect((await processRow(spoofed.body.gpid!)).public_ip).toBe("");
  });
});

describe("per-service downsampling (profiler_sample_threshold, §3.2.5)", () => {
  test("threshold 1.0 stores nothing and still answers 200 with the gpid", async () => {
    const service = uniqueName("sampled");
    const first = await upload(service);
    await sql("UPDATE services SET profiler_sample_threshold = 1.0 WHERE name = $1", [service]);
    sentMessages.length = 0;
    for (const gpid of ["", first.body.gpid!]) {
      const { status, body } = await upload(service, { gpid });
      expect(status).toBe(200);
      expect(body.gpid).toBe(first.body.gpid);
    }
    expect(sentMessages).toEqual([]);
    expect(await storedProfiles(`products/${service}/stacks/`)).toHaveLength(1);
  });

  test("threshold 0 (and NULL) keeps everything", async () => {
    const service = uniqueName("kept");
    await upload(service);
    await sql("UPDATE services SET profiler_sample_threshold = 0 WHERE name = $1", [service]);
    await upload(service);
    expect(sentMessages).toHaveLength(2);
    expect(await storedProfiles(`products/${service}/stacks/`)).toHaveLength(2);
  });
});
