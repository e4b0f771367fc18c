// The soak's verdict and its summary table (Markdown, so docs/reliability.md can hold it verbatim).
import { availableParallelism } from "node:os";
import { percentile } from "./stats.mjs";

/** What passed: the load held, every fault survived, every hostile input handled, nothing lost or doubled. */
export function verdict(run) {
  const { stats, faults, hostile, reconciled, drainMs } = run;
  const inFault = (at) => faults.some((f) => at >= f.began - 1000 && at <= f.ended + 15_000);
  const badUploads = stats.uploads.events.filter((e) => e.outcome === "hang" || (!["200", "503"].includes(e.outcome) && !inFault(e.at)));
  const badLogs = stats.logs.events.filter((e) => e.outcome === "hang" || (!["200", "201", "503"].includes(e.outcome) && !inFault(e.at)));
  const hangs = [...stats.uploads.events, ...stats.logs.events].filter((e) => e.outcome === "hang").length;
  const faultResults = faults.map((f) => {
    const during = stats.uploads.events.filter((e) => e.at >= f.began && e.at <= f.ended);
    const after = stats.uploads.events.filter((e) => e.at > f.ended);
    const recovered = after.some((e) => e.outcome === "200");
    const outcomes = countBy(during.map((e) => e.outcome));
    // a switched fault must be seen to have hit something, or surviving it proves nothing
    const tookEffect = !["r2-reads", "redeliver"].includes(f.kind) || f.evidence.count > 0;
    const ok = recovered && tookEffect && !f.crashedBefore && !during.some((e) => e.outcome === "hang" || e.outcome === "500");
    return { ...f, outcomes, recovered, ok };
  });
  return {
    loadHeld: badUploads.length === 0 && badLogs.length === 0 && drainMs !== null && stats.accepted.size > 0,
    badUploads,
    badLogs,
    hangs,
    faults: faultResults,
    faultsSurvived: faultResults.filter((f) => f.ok).length,
    hostileTried: hostile.reduce((n, h) => n + h.tried, 0),
    hostilePassed: hostile.filter((h) => h.ok && !h.skipped).length,
    hostileSkipped: hostile.filter((h) => h.skipped).length,
    lost: reconciled.lost.length,
    duplicated: reconciled.duplicated.length,
    get ok() {
      return this.loadHeld && this.faultsSurvived === faults.length && this.hostilePassed + this.hostileSkipped === hostile.length && this.lost === 0 && this.duplicated === 0;
    },
  };
}

export function summaryTable(run, v = verdict(run)) {
  const { options: o, stats } = run;
  const uploadLatency = stats.uploads.latencies;
  const lines = [
    `| load held | faults survived | hostile inputs tried | lost | duplicated |`,
    `|---|---|---|---|---|`,
    `| ${v.loadHeld ? "yes" : "NO"} | ${v.faultsSurvived}/${v.faults.length} | ${v.hostileTried} (${v.hostilePassed}/${run.hostile.length} attacks passed${v.hostileSkipped ? `, ${v.hostileSkipped} skipped` : ""}) | ${v.lost} | ${v.duplicated} |`,
    "",
    `| measure | value |`,
    `|---|---|`,
    `| agents, duration, upload interval | ${o.agents} agents, ${Math.round(run.loadMs / 1000)} s, an upload and a log batch each every ${o.intervalMs / 1000} s: ${rate(o.agents / (o.intervalMs / 1000))} uploads/s offered (profiles of ${o.lines} stack lines); accepted ${rate(stats.accepted.size / (run.loadMs / 1000))}/s |`,
    `| machine load average (1 min) during the load, ${availableParallelism()} cores | ${range(run.loadAverages)} |`,
    `| uploads | ${stats.uploads.total}: ${formatCounts(stats.uploads.byOutcome)} |`,
    `| uploads accepted / rejected | ${stats.accepted.size} / ${stats.uploads.total - stats.accepted.size} |`,
    `| upload latency p50 / p99 / max | ${ms(percentile(uploadLatency, 50))} / ${ms(percentile(uploadLatency, 99))} / ${ms(Math.max(0, ...uploadLatency))} |`,
    `| log batches | ${stats.logs.total}: ${formatCounts(stats.logs.byOutcome)} |`,
    `| hangs (no answer in 30 s) | ${v.hangs} |`,
    `| indexer lag, upload → queryable, p50 / p99 / max | ${ms(percentile(run.lags, 50))} / ${ms(percentile(run.lags, 99))} / ${ms(Math.max(0, ...run.lags))} |`,
    `| queue depth (accepted, not yet queryable) over time | ${depthSeries(run.depth)} |`,
    `| drain after the load | ${run.drainMs === null ? "NOT DRAINED" : ms(run.drainMs)} |`,
    `| reconcile: accepted uploads checked by object key | ${run.reconciled.checked}; lost ${v.lost}, duplicated ${v.duplicated}; indexed though refused ${run.reconciled.indexedThoughRefused.length}; unknown ${run.reconciled.unknown.length} |`,
    `| lost and duplicated uploads (hostname start-second: rows / expected), first 5 | ${[...run.reconciled.lost, ...run.reconciled.duplicated].slice(0, 5).map((u) => `${u.id}: ${u.rows}/${u.expected}`).join("; ") || "none"} |`,
    `| accepted before the wrangler kill, not (wholly) indexed, object in R2: message dropped with miniflare's in-memory local Queue (Cloudflare Queues persist messages); re-enqueued from R2 (indexer POST /reindex); indexed after that (the rest count as lost) | ${run.reconciled.droppedByLocalQueue.length}; ${run.reconciled.requeued.sent.length}; ${run.reconciled.recovered} |`,
    `| SQL statements checked for pasted values | ClickHouse ${run.sql.statements} (leaks ${run.sql.leaks.length}) |`,
    "",
    `| fault (held ${o.faultHoldMs / 1000} s) | uploads while it lasted | back up in | what it did | survived |`,
    `|---|---|---|---|---|`,
    ...v.faults.map(
      (f) =>
        `| ${f.kind} | ${formatCounts(new Map(Object.entries(f.outcomes))) || "none"} | ${ms(f.restartMs)} | ${f.evidence.count} ${f.evidence.what}${f.crashedBefore ? "; `wrangler dev` HAD CRASHED before the kill" : ""} | ${f.ok ? "yes" : "NO"} |`,
    ),
    "",
    `| hostile input | tried | result |`,
    `|---|---|---|`,
    ...run.hostile.map((h) => `| ${h.name} | ${h.tried} | ${h.skipped ? "skipped" : h.ok ? "passed" : "FAILED"}: ${String(h.detail).replace(/\|/g, "\\|").replace(/\n/g, " ")} |`),
  ];
  return lines.join("\n");
}

function depthSeries(depth) {
  if (!depth.length) return "no samples";
  const step = Math.max(1, Math.ceil(depth.length / 12));
  return depth.filter((_, i) => i % step === 0).map((d) => `${d.second}s: ${d.backlog}`).join(", ") + `; max ${Math.max(...depth.map((d) => d.backlog))}`;
}

const rate = (perSecond) => (perSecond >= 10 ? Math.round(perSecond) : perSecond.toFixed(1));
const range = (values) => (values.length ? `${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)}` : "–");
const countBy = (values) => values.reduce((counts, v) => ({ ...counts, [v]: (counts[v] ?? 0) + 1 }), {});
const formatCounts = (map) => [...map].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${n} × ${k}`).join(", ");
const ms = (value) => (value === null || value === undefined || !Number.isFinite(value) ? "–" : value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`);
