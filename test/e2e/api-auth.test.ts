// The api Worker behind the UI origin (the Pages app's service binding) as a browser and a script see
// it: login sets the session cookie on the UI origin, Basic and personal tokens work for scripts, the
// bundled installation templates render, cross-site writes are refused, logout ends the session.
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import postgres from "postgres";
import { ensureAdminUser } from "../../scripts/lib/bootstrap.mjs";

const stack = inject("stack");
const PASSWORD = "api-auth-e2e-password";
const sql = postgres(stack.postgresUrl, { onnotice: () => {} });
afterAll(() => sql.end());

let cookie = "";
const ui = (path: string, init: RequestInit = {}) =>
  fetch(`${stack.uiUrl}${path}`, { redirect: "manual", ...init });

beforeAll(async () => {
  await ensureAdminUser(stack.postgresUrl, { password: PASSWORD });
});

describe("UI-origin API authentication", () => {
  test("login through the UI origin sets the HttpOnly session cookie", async () => {
    const res = await ui("/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json", origin: stack.uiUrl },
      body: JSON.stringify({ username: "admin", password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ username: "admin", isAdmin: true });
    const setCookie = res.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/^studio_session=.+; Max-Age=604800; Path=\/; HttpOnly; SameSite=Lax$/);
    cookie = setCookie.split(";")[0];
    expect(await (await ui("/api/auth/me", { headers: { cookie } })).json()).toEqual({
      username: "admin",
      isAdmin: true,
      method: "session",
    });
  });

  test("without credentials every API route is 401 with a JSON message", async () => {
    for (const path of ["/api/services", "/api/api_key", "/api/overview"]) {
      const res = await ui(path);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ message: "Authentication required" });
    }
  });

  test("scripts use Basic user:password or a personal token; the agent key is refused", async () => {
    const basic = `Basic ${Buffer.from(`admin:${PASSWORD}`).toString("base64")}`;
    const created = await ui("/api/auth/tokens", {
      method: "POST",
      headers: { authorization: basic, "content-type": "application/json" },
      body: JSON.stringify({ name: "e2e script" }),
    });
    expect(created.status).toBe(201);
    const { token } = (await created.json()) as { token: string };
    expect((await ui("/api/overview", { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect(
      (await ui("/api/overview", { headers: { authorization: `Bearer ${stack.agentToken}` } })).status,
    ).toBe(401);
  });

  test("the installation files are rendered from the bundled templates with the UI's agent key", async () => {
    const headers = { cookie };
    const { apiKey } = (await (await ui("/api/api_key", { headers })).json()) as { apiKey: string };
    const [row] = await sql`SELECT name FROM profiler_tokens WHERE sealed IS NOT NULL`;
    expect(row.name).toBe("studio-ui");
    const ecs = await ui("/api/installations/ecs/file?serviceName=e2e-service", { headers });
    expect(ecs.status).toBe(200);
    const command = JSON.parse(await ecs.text()).containerDefinitions[0].command;
    expect(command.slice(0, 5)).toEqual(["-cu", "--token", apiKey, "--service-name", "e2e-service"]);
    const daemonSet = await ui(
      "/api/installations/daemon_set/file?serviceName=e2e-service&namespace=monitoring",
      { headers },
    );
    expect(await daemonSet.text()).toContain('namespace: "monitoring"');
  });

  test("a cross-site write with the cookie is refused; logout ends the session", async () => {
    const forged = await ui("/api/v1/filters/service/x", {
      method: "POST",
      headers: { cookie, origin: "https://evil.example", "content-type": "application/json" },
      body: JSON.stringify({ filter: {} }),
    });
    expect(forged.status).toBe(403);
    const out = await ui("/api/auth/logout", { method: "POST", headers: { cookie, origin: stack.uiUrl } });
    expect(out.status).toBe(204);
    expect((await ui("/api/auth/me", { headers: { cookie } })).status).toBe(401);
  });
});
