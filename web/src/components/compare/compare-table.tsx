/**
 * The compare table (A.4): every function of both profiles with its total and own share on each side
 * and the change in percentage points; sortable, filtered by the search; the compared columns tinted. A
 * click on a row selects its function (the page shows its CPU over time on both sides).
 */
import { component$, useComputed$, useSignal, type NoSerialize, type QRL } from "@builder.io/qwik";
import { compareRows, sortCompareRows } from "../../lib/flame/diff";
import { compileSearch } from "../../lib/flame/search";
import { functionTable } from "../../lib/flame/table";
import type { CompareSortKey } from "../../lib/compare-query";
import type { FlameNode } from "../../lib/wire";

interface Props {
  /** The compared side's samples × factor = base units (the normaliser of GET /api/flamegraph/diff). */
  factor: number;
  base: NoSerialize<FlameNode>;
  compared: NoSerialize<FlameNode>;
  search: string;
  sort: { key: CompareSortKey; desc: boolean };
  onSort$: QRL<(sort: { key: CompareSortKey; desc: boolean }) => void>;
  /** The selected function's key (name + suffix); a click on its row again clears it (null). */
  selected: string | null;
  onSelect$: QRL<(key: string | null) => void>;
}

const pct = (n: number | undefined, total: number) =>
  total ? `${((100 * (n ?? 0)) / total).toFixed(2)}%` : "—";
const points = (d: number) => `${d > 0 ? "+" : d < 0 ? "−" : ""}${Math.abs(d).toFixed(2)} pp`;
const PAGE = 200;
/** What a compared count is divided by for its share: the base's total in compared units. */
const comparedUnit = (base: number, compared: number, factor: number) => (base ? base / factor : compared);

export const CompareTable = component$<Props>((props) => {
  const shown = useSignal(PAGE);
  const rows = useComputed$(() => {
    if (!props.base || !props.compared) return [];
    const match = compileSearch(props.search);
    const m = typeof match === "function" ? match : null;
    const all = compareRows(
      functionTable(props.base, m),
      props.base.value,
      functionTable(props.compared, m),
      comparedUnit(props.base.value, props.compared.value, props.factor),
    );
    return sortCompareRows(all, props.sort.key, props.sort.desc);
  });
  const B = props.base?.value ?? 0;
  const C = comparedUnit(B, props.compared?.value ?? 0, props.factor);
  const header = (key: CompareSortKey, label: string, cls = "") => (
    <th class={["numeric", cls, { sorted: props.sort.key === key }]} colSpan={1}>
      <button
        type="button"
        data-sort={key}
        onClick$={() =>
          props.onSort$({ key, desc: props.sort.key === key ? !props.sort.desc : key !== "name" })
        }
      >
        {label}
        {props.sort.key === key ? (props.sort.desc ? " ▼" : " ▲") : ""}
      </button>
    </th>
  );
  return (
    <div class="table-scroll compare-table" data-testid="compare-table">
      <table class="grid-table">
        <thead>
          <tr>
            <th>
              <button
                type="button"
                data-sort="name"
                onClick$={() =>
                  props.onSort$({ key: "name", desc: props.sort.key === "name" ? !props.sort.desc : false })
                }
              >
                Function{props.sort.key === "name" ? (props.sort.desc ? " ▼" : " ▲") : ""}
              </button>
            </th>
            {header("base", "Total · base")}
            {header("compared", "Total · compared", "tint")}
            {header("delta", "Total change")}
            <th class="numeric">
              <button type="button" disabled>
                Own · base
              </button>
            </th>
            <th class="numeric tint">
              <button type="button" disabled>
                Own · compared
              </button>
            </th>
            <th class="numeric">
              <button type="button" disabled>
                Own change
              </button>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.value.slice(0, shown.value).map((r) => (
            <tr
              key={r.key}
              data-key={r.key}
              class={{ selected: props.selected === r.key }}
              onClick$={() => props.onSelect$(props.selected === r.key ? null : r.key)}
            >
              <td class="fn" title={r.key}>
                {r.key}
              </td>
              <td class="numeric">{pct(r.base?.total, B)}</td>
              <td class="numeric tint">{pct(r.compared?.total, C)}</td>
              <td class={["numeric", r.totalDelta > 0.005 ? "worse" : r.totalDelta < -0.005 ? "better" : ""]}>
                {points(r.totalDelta)}
              </td>
              <td class="numeric">{pct(r.base?.self, B)}</td>
              <td class="numeric tint">{pct(r.compared?.self, C)}</td>
              <td class={["numeric", r.selfDelta > 0.005 ? "worse" : r.selfDelta < -0.005 ? "better" : ""]}>
                {points(r.selfDelta)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="table-footer">
        <span class="muted">
          {Math.min(shown.value, rows.value.length)} of {rows.value.length} functions
        </span>
        {rows.value.length > shown.value && (
          <button type="button" class="btn" onClick$={() => (shown.value += PAGE * 5)}>
            Show more
          </button>
        )}
      </div>
    </div>
  );
});
