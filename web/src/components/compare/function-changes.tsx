/**
 * The comparison's function lists (issue 9): the top growers and shrinkers by total and by self share,
 * and the functions added and removed, from GET /api/flamegraph/diff. Shares are of the base profile,
 * the compared side scaled by the normaliser, so the columns read alike whatever the window sizes.
 */
import { component$, useStyles$, type NoSerialize } from "@builder.io/qwik";
import type { FunctionChange } from "../../../../workers/core/src/flamegraph-diff";
import type { FlamegraphDiffResponse } from "../../../../workers/core/src/wire/flamegraph-diff";
import styles from "./analysis.css?inline";

interface Props {
  diff: NoSerialize<FlamegraphDiffResponse>;
}

const points = (d: number) => `${d > 0 ? "+" : d < 0 ? "−" : ""}${Math.abs(d).toFixed(2)} pp`;

const ChangeList = component$<{
  id: string;
  title: string;
  rows: FunctionChange[];
  field: "total" | "self";
  unit: number;
  factor: number;
}>((p) => {
  const pct = (n: number) => `${((100 * n) / p.unit).toFixed(2)}%`;
  const delta = p.field === "total" ? "totalDelta" : "selfDelta";
  return (
    <section data-list={p.id}>
      <h3>{p.title}</h3>
      {p.rows.length === 0 ? (
        <p class="muted">None</p>
      ) : (
        <table class="grid-table">
          <thead>
            <tr>
              <th>Function</th>
              <th class="numeric">Base</th>
              <th class="numeric tint">Compared</th>
              <th class="numeric">Change</th>
            </tr>
          </thead>
          <tbody>
            {p.rows.map((r) => (
              <tr key={r.key} data-key={r.key}>
                <td class="name" title={r.key}>
                  {r.key}
                </td>
                <td class="numeric">{pct(r.base[p.field])}</td>
                <td class="numeric tint">{pct(r.compared[p.field] * p.factor)}</td>
                <td class={["numeric", r[delta] > 0 ? "grew" : "shrank"]}>{points(r[delta])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
});

export const FunctionChanges = component$<Props>((props) => {
  useStyles$(styles);
  const d = props.diff;
  if (!d) return null;
  const { functions: f, factor } = d;
  const unit = d.base.samples || d.compared.samples * factor || 1;
  const list = { unit, factor };
  return (
    <div class="function-changes" data-testid="function-changes">
      <ChangeList
        id="growers-total"
        title="Top growers by total"
        rows={f.growers.total}
        field="total"
        {...list}
      />
      <ChangeList
        id="shrinkers-total"
        title="Top shrinkers by total"
        rows={f.shrinkers.total}
        field="total"
        {...list}
      />
      <ChangeList
        id="growers-self"
        title="Top growers by self"
        rows={f.growers.self}
        field="self"
        {...list}
      />
      <ChangeList
        id="shrinkers-self"
        title="Top shrinkers by self"
        rows={f.shrinkers.self}
        field="self"
        {...list}
      />
      <ChangeList id="added" title={`Added (${f.addedCount})`} rows={f.added} field="total" {...list} />
      <ChangeList
        id="removed"
        title={`Removed (${f.removedCount})`}
        rows={f.removed}
        field="total"
        {...list}
      />
    </div>
  );
});
