// The agent key and the installation files (backend-api.md §4.1, §4.2).
import { describe, expect, test } from "vitest";
import { env } from "cloudflare:workers";
import { hashToken } from "../../core/src/api-token";
import { get, withDb } from "./helpers";

const apiKey = async () => ((await (await get("/api/api_key")).json()) as { apiKey: string }).apiKey;
const HOSTILE = `svc"\n  evil: true # $(id) \${HOME} {{ x }} '`;

/** The double-quoted scalar after `key: ` on its line, parsed back (our YAML scalars are JSON strings). */
function yamlValue(text: string, key: string): unknown[] {
  return [...text.matchAll(new RegExp(`^\\s*-?\\s*${key}: (?:!unsafe )?(".*")$`, "gm"))].map((m) =>
    JSON.parse(m[1]),
  );
}

describe("GET /api/api_key", () => {
  test("the same key every time, a working agent key stored hashed and sealed", async () => {
    const first = (await (await get("/api/api_key")).json()) as { apiKey: string };
    expect(first).toEqual({ apiKey: expect.stringMatching(/^[\w][\w-]{42}$/) });
    expect(await (await get("/api/api_key")).json()).toEqual(first);
    const [row] = await withDb((db) =>
      db.query.profilerTokens.findMany({ where: (t, { eq }) => eq(t.name, "studio-ui") }),
    );
    expect(row.tokenHash).toBe(await hashToken(first.apiKey));
    expect(row.sealed).not.toContain(first.apiKey);
  });

  test("concurrent first calls agree on one key", async () => {
    const keys = await Promise.all(Array.from({ length: 5 }, async () => await apiKey()));
    expect(new Set(keys).size).toBe(1);
  });
});

describe("installation files", () => {
  const serverHost = (env as { AGENT_SERVER_HOST: string }).AGENT_SERVER_HOST;

  test("DaemonSet: namespace, service, server and key in place, the key in a Secret", async () => {
    const key = await apiKey();
    const res = await get("/api/installations/daemon_set/file?namespace=monitoring&serviceName=my-svc");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/yaml; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="gprofilerDaemonSet.yml"/);
    const text = await res.text();
    expect(yamlValue(text, "namespace")).toEqual(["monitoring", "monitoring"]);
    expect(yamlValue(text, "name")).toContain("monitoring");
    expect(yamlValue(text, "token")).toEqual([key]);
    expect(yamlValue(text, "value")).toEqual(["my-svc", serverHost]);
    expect(text.split("\n---\n")).toHaveLength(3);
  });

  test.each([
    ["docker_compose", "docker-compose.yml"],
    ["ecs", "gprofiler_task_definition.json"],
    ["ansible", "gprofiler_playbook.yml"],
    ["helm", "gprofiler.yml"],
  ])("%s carries hostile service names as data", async (fileType, fileName) => {
    const benign = await (await get(`/api/installations/${fileType}/file?serviceName=plain`)).text();
    const res = await get(`/api/installations/${fileType}/file?serviceName=${encodeURIComponent(HOSTILE)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(new RegExp(`filename="${fileName}"`));
    const text = await res.text();
    // the same shape as with a plain name: nothing was injected
    expect(text.split("\n")).toHaveLength(benign.split("\n").length);
    expect(text).not.toContain("\n  evil: true");
    if (fileType === "ecs") {
      const command = JSON.parse(text).containerDefinitions[0].command;
      expect(command).toEqual([
        "-cu",
        "--token",
        await apiKey(),
        "--service-name",
        HOSTILE,
        "--server-host",
        serverHost,
        "--glogger-server",
        serverHost,
      ]);
    } else if (fileType === "docker_compose") {
      expect(text).toContain(JSON.stringify(HOSTILE.replace(/\$/g, "$$$$")).replace(/\n/g, "\\n"));
    } else {
      const key = fileType === "ansible" ? "gprofiler_service" : "value";
      expect(yamlValue(text, key)).toContain(HOSTILE);
    }
  });

  test("bad file types, namespaces and service names are 400", async () => {
    expect((await get("/api/installations/terraform/file?serviceName=x")).status).toBe(400);
    expect((await get("/api/installations/__proto__/file?serviceName=x")).status).toBe(400);
    expect((await get("/api/installations/ecs/file")).status).toBe(400);
    expect((await get(`/api/installations/ecs/file?serviceName=${"x".repeat(201)}`)).status).toBe(400);
    for (const namespace of ["", "Kube", "a_b", "x\ny", "-a", "a".repeat(64)]) {
      expect(
        (
          await get(
            `/api/installations/daemon_set/file?serviceName=x&namespace=${encodeURIComponent(namespace)}`,
          )
        ).status,
      ).toBe(400);
    }
  });
});
