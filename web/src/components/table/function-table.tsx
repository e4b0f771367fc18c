/**
 * The table view (A.3.4): one row per function of the filtered tree, with total and own samples and
 * shares, sortable by any column (`sort` in the URL), filtered by the page search, linked both ways with
 * the flamegraph. A row opens the split view (`fn`): Calls, Called by, Total CPU over time. The trend
 * column compares each function's share with the window just before (lib/flame/trend.ts).
 */
import {
  component$,
  noSerialize,
  useComputed$,
  useSignal,
  useTask$,
  useVisibleTask$,
  type NoSerialize,
  type QRL,
  type Signal,
} from "@builder.io/qwik";
import { frameColor } from "../../lib/flame/colors";
import { formatCount, formatPercent } from "../../lib/flame/format";
import { fetchFlamegraph } from "../../lib/api-client";
import { compileSearch, searchStats } from "../../lib/flame/search";
import { functionShares, previousRange, trendLabel, trendOf } from "../../lib/flame/trend";
import { parseScope } from "../../lib/scope";
import { coreName, functionTable, sortRows, type FunctionRow } from "../../lib/flame/table";
import type { SplitTab, TableSort, TableSortKey } from "../../lib/profiles-query";
import type { FlameNode } from "../../lib/wire";
import type { SearchResult } from "../flame-graph/flame-graph";
import { SplitView } from "./split-view";

interface Props {
  tree: NoSerialize<FlameNode>;
  search: string;
  searchResult: Signal<SearchResult>;
  sort: TableSort;
  fn: string | null;
  splitTab: SplitTab;
  depthLimit: number;
  /** lib/scope.ts key, for the split view's function CPU. */
  scope: string;
  onSort$: QRL<(sort: TableSort) => void>;
  onSelect$: QRL<(fn: string | null) => void>;
  onTab$: QRL<(tab: SplitTab) => void>;
  onShowInFlamegraph$: QRL<(key: string) => void>;
}

const PAGE = 100;
const COLUMNS: { key: TableSortKey; label: string; numeric?: boolean; title: string }[] = [
  { key: "runtime", label: "Runtime", title: "The frame's runtime (or Java compilation type)" },
  { key: "name", label: "Function", title: "Function name; the core name is bold" },
  {
    key: "total",
    label: "Total",
    numeric: true,
    title: "Samples of stacks that contain the function (each stack once)",
  },
  { key: "self", label: "Own", numeric: true, title: "Samples where the function itself was running" },
  {
    key: "occurrences",
    label: "Occurrences",
    numeric: true,
    title: "Distinct call paths that reach the function",
  },
];

const swatchOf = (row: FunctionRow) =>
  frameColor(
    {
      name: row.name,
      value: 0,
      children: [],
      language: row.runtime,
      specialType: row.specialType ?? undefined,
    },
    2,
  );

export const FunctionTable = component$<Props>((props) => {
  const shown = useSignal(PAGE);
  /** The previous window's shares by function; null while loading or without one. */
  const previous = useSignal<NoSerialize<Map<string, number>> | null>(null);

  useVisibleTask$(async ({ track, cleanup }) => {
    const scope = parseScope(track(() => props.scope));
    previous.value = null;
    if (!scope) return;
    const controller = new AbortController();
    cleanup(() => controller.abort());
    try {
      const tree = await fetchFlamegraph({ ...scope, range: previousRange(scope.range) }, controller.signal);
      if (!controller.signal.aborted) previous.value = noSerialize(tree ? functionShares(tree) : new Map());
    } catch {
      // no trend then: the column stays blank
    }
  });
  const data = useComputed$(() => {
    const tree = props.tree;
    if (!tree) return { rows: [] as FunctionRow[], total: 0, bad: false };
    const match = compileSearch(props.search);
    const rows = functionTable(tree, typeof match === "function" ? match : null);
    return {
      rows: sortRows(rows, props.sort.key, props.sort.desc),
      total: tree.value,
      bad: match === "bad-regex",
    };
  });

  // In table mode the search stats are relative to the whole filtered tree (A.3.2).
  useTask$(({ track }) => {
    const tree = track(() => props.tree);
    const query = track(() => props.search);
    const match = compileSearch(query);
    if (match === "bad-regex") props.searchResult.value = { kind: "bad-regex" };
    else if (!match || !tree) props.searchResult.value = { kind: "none" };
    else {
      const s = searchStats(tree, match);
      props.searchResult.value = {
        kind: "ok",
        matched: formatPercent(s.matched, s.total),
        own: formatPercent(s.own, s.total),
      };
    }
  });

  const { rows, total } = data.value;
  const sort = props.sort;
  return (
    <div class={["table-view", { split: !!props.fn }]}>
      <div class="table-scroll" data-testid="function-table">
        <table class="grid-table">
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th
                  key={c.key}
                  class={{ numeric: !!c.numeric, sorted: sort.key === c.key }}
                  title={c.title}
                  aria-sort={sort.key === c.key ? (sort.desc ? "descending" : "ascending") : "none"}
                  colSpan={c.numeric && c.key !== "occurrences" ? 2 : 1}
                >
                  <button
                    type="button"
                    data-sort={c.key}
                    onClick$={() =>
                      props.onSort$({
                        key: c.key,
                        desc: sort.key === c.key ? !sort.desc : c.numeric === true,
                      })
                    }
                  >
                    {c.label}
                    <span class="sort-mark">{sort.key === c.key ? (sort.desc ? " ▼" : " ▲") : ""}</span>
                  </button>
                </th>
              ))}
              <th
                class="numeric plain"
                title="Share of the samples against the previous window of the same length"
              >
                Trend
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, shown.value).map((r) => {
              const [before, core, after] = coreName(r.name, r.runtime);
              return (
                <tr
                  key={r.key}
                  class={{ selected: props.fn === r.key }}
                  data-key={r.key}
                  onClick$={() => props.onSelect$(props.fn === r.key ? null : r.key)}
                >
                  <td title={r.specialType ?? r.runtime}>
                    <span class="swatch" style={{ background: swatchOf(r) }} />
                    {r.specialType ?? r.runtime}
                  </td>
                  <td class="fn" title={r.key}>
                    {before}
                    <b>{core}</b>
                    {after}
                    <span class="muted">{r.suffix}</span>
                  </td>
                  <td class="numeric">{formatCount(r.total)}</td>
                  <td class="numeric pct">{formatPercent(r.total, total)}</td>
                  <td class="numeric">{formatCount(r.self)}</td>
                  <td class="numeric pct">{formatPercent(r.self, total)}</td>
                  <td class="numeric">{formatCount(r.occurrences)}</td>
                  {trendCell(previous.value, r, total)}
                </tr>
              );
            })}
          </tbody>
        </table>
        {rows.length === 0 && (
          <p class="table-empty">{props.search ? "No function matches the search" : "No functions"}</p>
        )}
        <div class="table-footer">
          <span class="muted" data-testid="table-count">
            {formatCount(Math.min(shown.value, rows.length))} of {formatCount(rows.length)} functions
          </span>
          {rows.length > shown.value && (
            <button type="button" class="btn" onClick$={() => (shown.value += PAGE * 5)}>
              Show more
            </button>
          )}
        </div>
      </div>
      {props.fn && (
        <SplitView
          tree={props.tree}
          fn={props.fn}
          tab={props.splitTab}
          depthLimit={props.depthLimit}
          scope={props.scope}
          onTab$={props.onTab$}
          onClose$={() => props.onSelect$(null)}
          onShowInFlamegraph$={props.onShowInFlamegraph$}
        />
      )}
    </div>
  );
});

function trendCell(previous: Map<string, number> | null | undefined, row: FunctionRow, total: number) {
  if (!previous) return <td class="numeric trend" />;
  const trend = trendOf(row.key, row.total, total, previous);
  return (
    <td class={["numeric", "trend", trend.kind]} data-trend={trend.kind}>
      {trendLabel(trend)}
    </td>
  );
}
