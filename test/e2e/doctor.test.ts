// `npm run doctor` against the e2e stack, as an operator runs it: the stack's URLs and an administrator's
// password in the environment; one line per check, exit 0 when nothing fails, 1 with the fixes otherwise.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import postgres from "postgres";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { ensureAdminUser, hashPassword } from "../../scripts/lib/bootstrap.mjs";
import { SimulatedAgent } from "../../scripts/lib/agent.mjs";
import { clickhouseQuery, eventually } from "./helpers";
import { variantProfile } from "./ui-helpers";

const stack = inject("stack");
const PASSWORD = "doctor-e2e-password";
const SERVICE = `doctor-${Date.now().toString(36)}`;
const sql = postgres(stack.postgresUrl, { onnotice: () => {} });
afterAll(() => sql.end());

const STACK_ENV = {
  STUDIO_POSTGRES_URL: stack.postgresUrl,
  STUDIO_CLICKHOUSE_URL: stack.clickhouseUrl,
  STUDIO_AGENTS_URL: stack.ingestUrl,
  STUDIO_UI_URL: stack.uiUrl,
  STUDIO_ADMIN_PASSWORD: PASSWORD,
};

function doctor(env: Record<string, string> = {}): Promise<{ code: number; lines: string[] }> {
  return new Promise((resolve) => {
    execFile(
      "node",
      ["scripts/doctor.mjs", "--stack", "e2e-none"],
      { cwd: new URL("../..", import.meta.url).pathname, env: { PATH: process.env.PATH, ...STACK_ENV, ...env } },
      (error, stdout) => resolve({ code: error ? Number(error.code) : 0, lines: stdout.trim().split("\n") }),
    );
  });
}
const line = (lines: string[], label: string) => lines.find((l) => l.slice(6).startsWith(label)) ?? `(no line for ${label})`;

beforeAll(async () => {
  await ensureAdminUser(stack.postgresUrl, { password: PASSWORD });
  const agent = new SimulatedAgent({ serverUrl: stack.ingestUrl, token: stack.agentToken, serviceName: SERVICE, hostname: "ip-10-8-0-1" });
  expect((await agent.uploadProfile({ profile: variantProfile({ hostname: "ip-10-8-0-1" }) })).status).toBe(200);
  const [{ id }] = await sql`SELECT id FROM services WHERE name = ${SERVICE}`;
  await eventually(async () => {
    const rows = await clickhouseQuery(stack.clickhouseUrl, "SELECT count() AS n FROM flamedb.metrics WHERE ServiceId = {id:UInt32}", { id: Number(id) });
    expect(Number(rows[0].n)).toBe(1);
  });
});

test("a healthy stack: every component answers at this checkout's versions, the new profile indexed; exit 0", async () => {
  const { code, lines } = await doctor();
  expect(lines.filter((l) => l.startsWith("FAIL"))).toEqual([]);
  expect(code).toBe(0);
  const journal = JSON.parse(readFileSync(new URL("../../migrations/sql/meta/_journal.json", import.meta.url), "utf8"));
  const newest = journal.entries.at(-1).tag;
  expect(line(lines, "Postgres (from here)")).toMatch(new RegExp(`^ok +Postgres \\(from here\\) +migrations at ${newest} `));
  expect(line(lines, "ClickHouse (from here)")).toMatch(/^ok +ClickHouse \(from here\) +schema at version 12$/);
  expect(line(lines, "Clocks")).toMatch(/^ok +Clocks +Postgres [+−±]\d+\.\d s, ClickHouse [+−±]\d+\.\d s vs this machine$/);
  for (const label of ["ingest Worker", "UI (Pages)", "api Worker (through the UI)", "api → Postgres (via Hyperdrive)", "api → ClickHouse", "api → R2 bucket"]) {
    expect(line(lines, label)).toMatch(/^ok /);
  }
  expect(line(lines, "api → Queue profiles-index")).toMatch(/^(ok|warn) /);
  expect(line(lines, `api → indexed: ${SERVICE}`)).toMatch(new RegExp(`^ok +api → indexed: ${SERVICE} +newest profile .* ago, agents last seen .* ago$`));
  expect(lines.at(-1)).toMatch(/^doctor: \d+ ok, \d+ warn, 0 failed$/);
});

test("a store down and refused credentials: FAIL lines with their fixes, exit 1", async () => {
  const { code, lines } = await doctor({ STUDIO_CLICKHOUSE_URL: "http://127.0.0.1:9", STUDIO_ADMIN_PASSWORD: "wrong" });
  expect(code).toBe(1);
  expect(line(lines, "ClickHouse (from here)")).toMatch(/^FAIL +ClickHouse \(from here\) +unreachable: http:\/\/127\.0\.0\.1:9: .*→ fix: start ClickHouse/);
  expect(line(lines, "Workers' status")).toMatch(/^FAIL .*401: .*Authentication required.*→ fix: set STUDIO_ADMIN_TOKEN/);
  expect(line(lines, "Postgres (from here)")).toMatch(/^ok /);
});

test("a database behind this checkout's migrations fails with the migrate command", async () => {
  const [last] = await sql`SELECT id, hash, created_at FROM drizzle.__drizzle_migrations ORDER BY created_at DESC LIMIT 1`;
  await sql`DELETE FROM drizzle.__drizzle_migrations WHERE id = ${last.id}`;
  try {
    const { code, lines } = await doctor();
    expect(code).toBe(1);
    expect(line(lines, "Postgres (from here)")).toMatch(/^FAIL .*1 of \d+ migrations not applied .*→ fix: DATABASE_URL=postgres:\/\/studio:\*\*\*@.* npx drizzle-kit migrate$/);
    expect(line(lines, "api → Postgres (via Hyperdrive)")).toMatch(/^FAIL .*1 of \d+ migrations not applied/);
  } finally {
    await sql`INSERT INTO drizzle.__drizzle_migrations (id, hash, created_at) VALUES (${last.id}, ${last.hash}, ${last.created_at})`;
  }
});

test("a user who is not an administrator is refused the Workers' status", async () => {
  const name = `doctor-user-${Date.now()}`;
  await sql`INSERT INTO users (username, password_hash, is_admin) VALUES (${name}, ${hashPassword("not-an-admin")}, false)`;
  const { code, lines } = await doctor({ STUDIO_ADMIN_USER: name, STUDIO_ADMIN_PASSWORD: "not-an-admin" });
  expect(code).toBe(1);
  expect(line(lines, "Workers' status")).toMatch(/^FAIL .*403: .*Administrators only/);
});
