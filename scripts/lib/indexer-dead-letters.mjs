// `npm run dead-letters -- [--stack NAME] list | replay [ID…]`: the profiles the indexer gave up on
// (after max_retries the Queue moves them to profiles-index-dlq, and the indexer keeps each in R2).
// `list` prints them; `replay` sends the given ones (all, without ids) back to profiles-index.
//
// It talks to the indexer Worker of a running local stack (`npm start` is stack "dev") through a
// service binding resolved by wrangler's dev registry: the indexer has no public route.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./setup.mjs";

const USAGE = "usage: npm run dead-letters -- [--stack NAME] list | replay [ID…]";
const REPLAY_CHUNK = 100;

/**
 * @typedef {{ id: string, sentAt: string, deadAt: string, summary: string }} DeadLetterSummary
 * @typedef {{ replayed: string[], notFound: string[] }} ReplayResult
 */

/**
 * Runs the command line `args`, printing through `print`.
 * @returns {Promise<DeadLetterSummary[] | ReplayResult>}
 */
export async function deadLetters(args, { print = console.log } = {}) {
  const { stack, command, ids } = parseArgs(args);
  if (command === "list") {
    const letters = await listDeadLetters(stack);
    for (const letter of letters) print(`${letter.id}\t${letter.deadAt}\t${letter.summary}`);
    print(`${letters.length} dead letter(s)`);
    return letters;
  }
  const result = await replayDeadLetters(stack, ids);
  for (const id of result.replayed) print(`replayed ${id}`);
  for (const id of result.notFound) print(`not found ${id}`);
  print(`${result.replayed.length} replayed onto profiles-index`);
  return result;
}

/** @returns {Promise<DeadLetterSummary[]>} every dead letter of the stack's indexer */
export async function listDeadLetters(stack) {
  return withIndexer(stack, listAll);
}

/** @returns {Promise<ReplayResult>} the given dead letters (all, without ids) sent back to profiles-index */
export async function replayDeadLetters(stack, ids = []) {
  return withIndexer(stack, async (indexer) => {
    const wanted = ids.length ? ids : (await listAll(indexer)).map((letter) => letter.id);
    /** @type {ReplayResult} */
    const result = { replayed: [], notFound: [] };
    for (let i = 0; i < wanted.length; i += REPLAY_CHUNK) {
      const chunk = await call(indexer, "/dead-letters/replay", { ids: wanted.slice(i, i + REPLAY_CHUNK) });
      result.replayed.push(...chunk.replayed);
      result.notFound.push(...chunk.notFound);
    }
    return result;
  });
}

function parseArgs(args) {
  let stack = "dev";
  const rest = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--stack") stack = args[++i];
    else rest.push(args[i]);
  }
  const [command, ...ids] = rest;
  if (!stack || !["list", "replay"].includes(command) || (command === "list" && ids.length))
    throw new Error(USAGE);
  return { stack, command, ids };
}

/** Runs `use(indexer)` with a service binding to the stack's indexer (also the soak's reindex). */
export async function withIndexer(stack, use) {
  const indexer = await connect(stack);
  try {
    return await use(indexer);
  } finally {
    await indexer.dispose();
  }
}

/** A service binding to the stack's indexer, through a throwaway config and the dev registry. */
async function connect(stack) {
  process.env.WRANGLER_REGISTRY_PATH = join(ROOT, ".data", stack, "registry");
  process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";
  process.env.WRANGLER_SEND_METRICS = "false";
  const dir = mkdtempSync(join(tmpdir(), "dead-letters-"));
  const configPath = join(dir, "wrangler.toml");
  writeFileSync(
    configPath,
    [
      'name = "studio-dead-letters"',
      'compatibility_date = "2026-04-20"',
      "[[services]]",
      'binding = "INDEXER"',
      'service = "studio-indexer"',
    ].join("\n"),
  );
  const { getPlatformProxy } = await import("wrangler");
  const proxy = await getPlatformProxy({ configPath, persist: false, remoteBindings: false });
  return {
    fetch: (path, init) => proxy.env.INDEXER.fetch(`http://indexer${path}`, init),
    async dispose() {
      await proxy.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function listAll(indexer) {
  const letters = [];
  let cursor = null;
  do {
    const page = await call(
      indexer,
      `/dead-letters?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
    );
    letters.push(...page.deadLetters);
    cursor = page.cursor;
  } while (cursor);
  return letters;
}

export async function call(indexer, path, body) {
  const init = body && {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  };
  const res = await indexer.fetch(path, init);
  const text = await res.text();
  if (!res.ok) throw new Error(`indexer answered ${res.status}: ${text}`);
  return JSON.parse(text);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  deadLetters(process.argv.slice(2)).catch((error) => {
    console.error(`dead-letters: ${error.message}`);
    process.exit(1);
  });
}
