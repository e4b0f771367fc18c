// The hostile battery, table-driven: each attack is sent to the running stack like a real client would
// send it, and passes only with the answer a hardened service gives (a 4xx with a JSON message, never a
// 5xx, never a hang; bombs cut off, traversal neutralised, markup shown as text, foreign origins and the
// wrong kind of key refused, security headers set). Then the query-parameter fuzzers (fuzz-params.mjs).
import { gzipSync } from "node:zlib";
import postgres from "postgres";
import { SimulatedAgent } from "../agent.mjs";
import { clickhouseQuery } from "../clickhouse-http.mjs";
import { eventually } from "../eventually.mjs";
import { fuzzAgentRequests, fuzzQueryParams } from "./fuzz-params.mjs";
import { HANG_MS, sleep } from "./load.mjs";
import { agentProfile } from "./profiles.mjs";
import { xssShownAsText } from "./xss-browser.mjs";

const XSS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>'];

/** `skip`: names of attacks left out (the short form leaves out the ones that take minutes); reported so. */
export async function runHostile({ stack, postgres: pgServer, token, runs, adminPassword, sqlRecorder, skip = [], log = () => {} }) {
  const sql = postgres(pgServer.url, { onnotice: () => {} });
  const basic = `Basic ${Buffer.from(`admin:${adminPassword}`).toString("base64")}`;
  const ctx = { stack, token, sql, basic, adminPassword, pgServer, sqlRecorder, runs };
  const results = [];
  try {
    // a failed login fails the attacks that need a session, not the run
    ctx.session = await eventually(() => login(stack.uiUrl, adminPassword), 30_000).catch(() => "studio_session=none");
    for (const [name, attack] of ATTACKS) {
      if (skip.includes(name)) {
        results.push({ name, tried: 0, ok: true, skipped: true, detail: "skipped in the short form (the full run sends it)" });
        continue;
      }
      let result;
      try {
        result = await withTimeout(attack(ctx), 5 * 60_000);
      } catch (e) {
        result = { ok: false, detail: String(e?.message ?? e).slice(0, 400) };
      }
      results.push({ name, tried: result.tried ?? 1, ...result });
      log(`  ${result.ok ? "ok  " : "FAIL"} ${name}: ${result.detail ?? ""}`);
    }
  } finally {
    await sql.end();
  }
  return results;
}

const ATTACKS = [
  ["gzip bomb log batch", async ({ stack, token }) => {
    const res = await agentPost(stack.ingestUrl, "/api/v1/logs", token, jsonBomb("logs"), { "X-Token": token });
    return survived(stack, expectStatus(res, [413]));
  }],
  ["gzip bomb upload (64 MiB of JSON in 64 KiB)", async ({ stack, token }) => {
    const res = await agentPost(stack.ingestUrl, "/api/v2/profiles?service=soak-bomb", token, jsonBomb("profile"));
    return survived(stack, expectStatus(res, [413]));
  }],
  ["huge HTTP header (256 KiB service name)", async ({ stack, token }) => {
    const res = await send(`${stack.ingestUrl}/api/v1/health_check`, { headers: { "GPROFILER-API-KEY": token, "GPROFILER-SERVICE-NAME": "s".repeat(256 << 10) } });
    // the server may refuse it (431) or close the connection: anything but a 5xx or a hang
    return { ok: !res.hang && !(res.status >= 500), detail: res.status ?? res.error };
  }],
  ["huge profile header line (2 MiB)", async ({ stack, token }) => {
    const header = { metadata: { hostname: "h".repeat(2 << 20) } };
    return expectStatus(await upload(stack, token, "soak-hostile", `# ${JSON.stringify(header)}\nmain;f 1\n`), [400]);
  }],
  ["deep stack (100,000 frames)", async ({ stack, token, sql }) => {
    const line = Array.from({ length: 100_000 }, (_, i) => `f${i}`).join(";");
    return uploadAndIndex(stack, token, sql, "soak-deep", `${line} 7\n`);
  }],
  ["million-line profile, a million distinct frames (memory bound)", async ({ stack, token, sql }) => {
    // 1M frame names: more distinct prefixes than the parser's 64 MiB tree budget holds (docs/indexer.md)
    const lines = Array.from({ length: 1_000_000 }, (_, i) => `main;w${i % 100};f${i} 1`).join("\n");
    const result = await uploadAndIndex(stack, token, sql, "soak-million-frames", `${lines}\n`);
    return { ...result, ok: result.ok && result.drops?.includes("profile too large") };
  }],
  ["million-line profile, a million stacks indexed", async ({ stack, token, sql }) => {
    // 1,000 × 1,000 stacks over 2,000 frames: rows for main, its 1,000 children and the 1,000,000 leaves
    const lines = Array.from({ length: 1_000_000 }, (_, i) => `main;a${i % 1000};b${Math.floor(i / 1000)} 1`).join("\n");
    const result = await uploadAndIndex(stack, token, sql, "soak-million-stacks", `${lines}\n`, 4 * 60_000);
    return { ...result, ok: result.ok && result.rows === 1_001_001 && !result.drops?.length };
  }],
  ["path traversal in service names", async ({ stack, token, sql }) => {
    const names = ["../../etc/passwd", "..", "a/../../b", "..%2F..%2Fx", "svc\\..\\..\\x", "/absolute", "x/./y"];
    const statuses = [];
    for (const name of names) statuses.push((await upload(stack, token, name, STACK_LINE)).status);
    // R2 keys are flat: only "/" (or a "." / ".." segment) could make a name a path in products/<name>/stacks/
    const stored = await sql`SELECT name FROM services WHERE name LIKE '%/%' OR name LIKE '%\\%' OR name IN ('.', '..')`;
    const ok = statuses.every((s) => s === 200 || s === 400) && stored.length === 0;
    return { ok, tried: names.length, detail: `answers ${statuses.join(",")}; stored names that are paths: ${stored.length}` };
  }],
  ["XSS payloads in frame names (API JSON, SVG download, the page in Chromium)", async (ctx) => {
    const { stack, token, basic } = ctx;
    const service = "soak-xss";
    const profile = XSS.map((frame, i) => `main;${frame};leaf${i} ${i + 1}`).join("\n");
    const started = new Date(Date.now() - 20 * 60_000);
    const res = await upload(stack, token, service, `${profile}\n`, started);
    if (res.status !== 200) return { ok: false, detail: `upload ${res.status}` };
    const range = { serviceName: service, startTime: new Date(Date.now() - 3_600_000).toISOString(), endTime: new Date().toISOString() };
    const graph = await eventually(async () => {
      const body = await (await fetch(`${stack.uiUrl}/api/flamegraph?${new URLSearchParams(range)}`, { headers: { authorization: basic } })).json();
      if (!(body.value > 0)) throw new Error("not indexed yet");
      return JSON.stringify(body);
    }, 60_000);
    const svg = await (await fetch(`${stack.uiUrl}/api/flamegraph/download_svg?${new URLSearchParams(range)}`, { headers: { authorization: basic } })).text();
    const jsonKeepsNames = XSS.every((frame) => graph.includes(JSON.stringify(frame).slice(1, -1)));
    const svgEscapes = !/<script>alert|<img src=x|<svg onload/.test(svg) && svg.includes("&lt;script&gt;");
    const page = await xssShownAsText({ uiUrl: stack.uiUrl, session: ctx.session, service, range, payloads: XSS });
    return {
      ok: jsonKeepsNames && svgEscapes && page.ok,
      tried: XSS.length,
      detail: `JSON keeps names ${jsonKeepsNames}; SVG escapes ${svgEscapes}; page: ${page.detail}`,
    };
  }],
  ["CSRF on UI routes (foreign Origin, cross-site fetch, Qwik form post)", async ({ stack, session }) => {
    const post = (path, headers) =>
      send(`${stack.uiUrl}${path}`, { method: "POST", headers: { cookie: session, "content-type": "application/json", ...headers }, body: JSON.stringify({ filter: { filter: {} } }) });
    const answers = [
      await post("/api/v1/filters/service/soak-xss", { origin: "http://evil.example" }),
      await post("/api/v1/filters/service/soak-xss", { "sec-fetch-site": "cross-site" }),
      await post("/api/auth/tokens", { origin: "http://evil.example" }),
      await send(`${stack.uiUrl}/login/`, { method: "POST", headers: { origin: "http://evil.example", "content-type": "application/x-www-form-urlencoded" }, body: "username=admin&password=x" }),
    ];
    const ok = answers.every((a) => a.status === 403);
    return { ok, tried: answers.length, detail: `answers ${answers.map((a) => a.status ?? a.error).join(",")}` };
  }],
  ["agent key used on UI routes", async ({ stack, token }) => {
    const tries = [
      { authorization: `Bearer ${token}` },
      { authorization: `Basic ${Buffer.from(`admin:${token}`).toString("base64")}` },
      { "GPROFILER-API-KEY": token },
      { "X-Token": token },
    ];
    const answers = [];
    for (const headers of tries) answers.push(await send(`${stack.uiUrl}/api/services`, { headers }));
    answers.push(await send(`${stack.uiUrl}/api/services?key=${encodeURIComponent(token)}`));
    return { ok: answers.every((a) => a.status === 401), tried: answers.length, detail: `answers ${answers.map((a) => a.status).join(",")}` };
  }],
  ["expired and revoked keys and tokens", async ({ stack, sql, basic }) => {
    const expired = await insertAgentKey(sql, "soak-expired", "now() - interval '1 minute'");
    const revoked = await insertAgentKey(sql, "soak-revoked", "NULL");
    const before = (await upload(stack, revoked, "soak-revoked", STACK_LINE)).status;
    await sql`UPDATE profiler_tokens SET disabled = now() WHERE name = 'soak-revoked'`;
    await sleep(6000); // the ingest Worker's key cache lives 5 s (store/tokens.ts)
    const expiredAnswer = (await upload(stack, expired, "soak-expired", STACK_LINE)).status;
    const revokedAnswer = (await upload(stack, revoked, "soak-revoked", STACK_LINE)).status;
    const created = await (
      await fetch(`${stack.uiUrl}/api/auth/tokens`, { method: "POST", headers: { authorization: basic, "content-type": "application/json" }, body: JSON.stringify({ name: "soak-short" }) })
    ).json();
    await sql`UPDATE user_tokens SET expires_at = now() - interval '1 minute' WHERE id = ${created.id}`;
    const personal = (await send(`${stack.uiUrl}/api/services`, { headers: { authorization: `Bearer ${created.token}` } })).status;
    const ok = before === 200 && expiredAnswer === 400 && revokedAnswer === 400 && personal === 401;
    return { ok, tried: 3, detail: `revoked key before ${before}, after ${revokedAnswer}; expired key ${expiredAnswer}; expired personal token ${personal}` };
  }],
  ["security headers on the UI, session cookie flags", async ({ stack, adminPassword }) => {
    const page = await fetch(`${stack.uiUrl}/login`);
    const csp = page.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    const html = await page.text();
    // inline scripts with code (Qwik also writes empty <script> elements as event anchors: nothing to run)
    const executable = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)]
      .filter(([, attributes, code]) => code.trim() && !/\bsrc=|type="(qwik\/json|application\/json)"/.test(attributes))
      .map(([, attributes]) => attributes);
    const checks = {
      "default-src 'self'": /default-src 'self'/.test(csp),
      "script-src without unsafe-inline": /script-src [^;]*'nonce-/.test(csp) && !/script-src [^;]*unsafe-inline/.test(csp),
      "frame-ancestors 'none'": /frame-ancestors 'none'/.test(csp),
      "every inline script has the nonce": executable.length > 0 && executable.every((attributes) => attributes.includes(`nonce="${nonce}"`)),
      "nosniff": page.headers.get("x-content-type-options") === "nosniff",
      "no HSTS over http": !page.headers.has("strict-transport-security"),
    };
    const login = await fetch(`${stack.uiUrl}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: stack.uiUrl },
      body: JSON.stringify({ username: "admin", password: adminPassword }),
    });
    const cookie = login.headers.get("set-cookie") ?? "";
    checks["cookie HttpOnly"] = /;\s*HttpOnly/i.test(cookie);
    checks["cookie SameSite"] = /;\s*SameSite=(Lax|Strict)/i.test(cookie);
    const failed = Object.entries(checks).filter(([, ok]) => !ok).map(([name]) => name);
    return { ok: failed.length === 0, tried: Object.keys(checks).length, detail: failed.length ? `missing: ${failed.join("; ")}` : "all set (HSTS and Secure cookies: https only, unit-tested)" };
  }],
  ["fuzzed query parameters of every UI route (fast-check)", (ctx) => fuzzQueryParams(ctx)],
  ["fuzzed agent request parameters and headers (fast-check)", (ctx) => fuzzAgentRequests(ctx)],
];

const STACK_LINE = "main;work;leaf 3\n";

/**
 * The Worker must also live on: `wrangler dev` answers "Your worker restarted mid-request" (503) when the
 * isolate was torn down, e.g. past its memory limit, which on Cloudflare would cut other requests off too.
 */
async function survived(stack, result) {
  await sleep(1000);
  const next = await send(`${stack.ingestUrl}/api/v1/health_check/webapp`);
  const restarted = next.status !== 200;
  return { ok: result.ok && !restarted, detail: `${result.detail}; next request ${next.status ?? next.error}${restarted ? ` (${String(next.text).slice(0, 80)})` : ""}` };
}

/** gzip of `{"<field>": "main;f 1\nmain;f 1\n…"}`, 64 MiB: valid all the way, so only the size cap stops it. */
function jsonBomb(field) {
  const filler = Buffer.alloc(64 << 20, "main;f 1\\n");
  return gzipSync(Buffer.concat([Buffer.from(`{"${field}": "# {}\\n`), filler, Buffer.from('"}')]));
}

/** An agent upload of `profile` to `service` (a real agent's header goes first when it has none). */
async function upload(stack, token, service, profile, startTime = new Date(Date.now() - 60_000)) {
  const text = profile.startsWith("# ") ? profile : agentProfile(profile);
  const agent = new SimulatedAgent({ serverUrl: stack.ingestUrl, token, serviceName: service });
  return withTimeout(agent.uploadProfile({ profile: text, startTime }), HANG_MS).catch((e) => ({ status: null, error: String(e) }));
}

/**
 * Uploads, then waits until the indexer has indexed the profile or recorded it as a drop; `ok` when the
 * upload was accepted and an outcome came, with the service's `rows` and `drops` for the caller to judge.
 */
async function uploadAndIndex(stack, token, sql, service, profile, timeoutMs = 120_000) {
  const res = await upload(stack, token, service, profile);
  if (res.status !== 200) return { ok: false, detail: `upload answered ${res.status ?? res.error}` };
  const [{ id }] = await sql`SELECT id FROM services WHERE name = ${service}`;
  const outcome = await eventually(async () => {
    const [row] = await clickhouseQuery(
      { url: stack.clickhouseUrl },
      `SELECT (SELECT count() FROM flamedb.samples WHERE ServiceId = {id:UInt32}) AS rows,
              (SELECT count() FROM flamedb.metrics WHERE ServiceId = {id:UInt32}) AS done,
              (SELECT groupArray(Reason) FROM flamedb.indexer_drops WHERE ServiceId = {id:UInt32}) AS drops`,
      { id },
    );
    // the metrics row is the profile's last insert
    if (Number(row.done) === 0 && row.drops.length === 0) throw new Error("no outcome yet");
    return row;
  }, timeoutMs);
  const rows = Number(outcome.rows);
  return { ok: true, rows, drops: outcome.drops, detail: `accepted; indexer: ${rows} rows${outcome.drops.length ? `, dropped: ${outcome.drops.join(", ")}` : ""}` };
}

async function insertAgentKey(sql, name, expiresAt) {
  const key = `soak-${name}-${Math.random().toString(36).slice(2)}`;
  const hash = (await import("node:crypto")).createHash("sha256").update(key).digest("hex");
  await sql.unsafe(`INSERT INTO profiler_tokens (token_hash, token_prefix, name, expires_at) VALUES ($1, $2, $3, ${expiresAt})`, [hash, key.slice(0, 6), name]);
  return key;
}

async function login(uiUrl, password) {
  const res = await fetch(`${uiUrl}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: uiUrl },
    body: JSON.stringify({ username: "admin", password }),
  });
  if (res.status !== 200) throw new Error(`login answered ${res.status}`);
  return res.headers.get("set-cookie").split(";")[0];
}

function agentPost(ingestUrl, path, token, body, headers = {}) {
  return send(`${ingestUrl}${path}`, {
    method: "POST",
    headers: { "GPROFILER-API-KEY": token, "Content-Encoding": "gzip", "Content-Type": "application/json", ...headers },
    body,
  });
}

/** fetch that never throws: `{ status, body }`, `{ error }` for a failed connection, `{ hang: true }`. */
export async function send(url, init = {}) {
  try {
    const res = await fetch(url, { redirect: "manual", ...init, signal: AbortSignal.timeout(HANG_MS) });
    const text = await res.text();
    return { status: res.status, text, json: parseJson(text) };
  } catch (e) {
    if (e?.name === "TimeoutError") return { hang: true };
    return { error: String(e?.cause?.code ?? e?.message ?? e) };
  }
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function expectStatus(res, statuses) {
  const ok = statuses.includes(res.status) && (res.status < 400 || typeof (res.json?.message ?? res.body?.message) === "string");
  return { ok, detail: `${res.status ?? res.error ?? "hang"} ${JSON.stringify(res.json?.message ?? res.body?.message ?? "")}` };
}

function withTimeout(promise, ms) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms))),
  ]);
}
