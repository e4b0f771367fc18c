// Polling until a condition holds, for every test and script that waits on the asynchronous pipeline
// (Queue delivery, indexing, a restarted store). Plain JS without imports, so node scripts, the e2e
// tests and the tests inside workerd all load this one copy.

/**
 * Retries `check` until it stops throwing and returns its value; past `timeoutMs` the last error is
 * thrown.
 * @template T
 * @param {() => Promise<T>} check
 * @param {number} [timeoutMs]
 * @param {number} [intervalMs] the pause between tries
 * @returns {Promise<T>}
 */
export async function eventually(check, timeoutMs = 60_000, intervalMs = 500) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}
