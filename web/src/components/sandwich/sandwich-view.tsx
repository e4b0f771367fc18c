/**
 * The sandwich view of one function (ours, issue 9; `view=sandwich&fn=<name+suffix>`): its callers above
 * (an inverted graph, the function at the bottom), its callees below, both merged over every place it
 * appears and each sample counted once (workers/core/src/sandwich.ts), and the tables of its direct
 * callers and callees. Without a function, or with one the profile lacks, a searchable list to pick from.
 */
import {
  $,
  component$,
  noSerialize,
  useComputed$,
  useSignal,
  useStyles$,
  type NoSerialize,
  type QRL,
} from "@builder.io/qwik";
import { sandwich, type SandwichRow } from "../../../../workers/core/src/sandwich";
import { formatCount, formatPercent } from "../../lib/flame/format";
import { functionTable, sortRows } from "../../lib/flame/table";
import type { FlameNode } from "../../lib/wire";
import styles from "../compare/analysis.css?inline";
import { FlameGraph } from "../flame-graph/flame-graph";
import type { FrameAction } from "../flame-graph/frame-menu";
import type { FrameInfo } from "../flame-graph/draw";
import { StateMessage } from "../ui/state-message";

interface Props {
  tree: NoSerialize<FlameNode>;
  fn: string | null;
  depthLimit: number;
  onSelect$: QRL<(fn: string) => void>;
}

const PICKER_ROWS = 30;

const Rows = component$<{
  title: string;
  id: string;
  rows: SandwichRow[];
  whole: number;
  onSelect$: QRL<(fn: string) => void>;
}>((p) => (
  <section data-list={p.id}>
    <h3>{p.title}</h3>
    {p.rows.length === 0 ? (
      <p class="muted">None</p>
    ) : (
      <table class="grid-table">
        <thead>
          <tr>
            <th>Function</th>
            <th class="numeric">Total</th>
            <th class="numeric">Self</th>
          </tr>
        </thead>
        <tbody>
          {p.rows.map((r) => (
            <tr key={r.key} data-key={r.key}>
              <td class="name" title={r.key}>
                <button type="button" class="link" onClick$={() => p.onSelect$(r.key)}>
                  {r.key}
                </button>
              </td>
              <td class="numeric" title={`${formatCount(r.total)} samples`}>
                {formatPercent(r.total, p.whole)}
              </td>
              <td class="numeric" title={`${formatCount(r.self)} samples`}>
                {formatPercent(r.self, p.whole)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
  </section>
));

export const SandwichView = component$<Props>((props) => {
  useStyles$(styles);
  const text = useSignal("");
  const result = useComputed$(() => {
    const tree = props.tree;
    const s = tree && props.fn ? sandwich(tree, props.fn) : null;
    return s ? noSerialize(s) : undefined;
  });
  const choices = useComputed$(() => {
    const tree = props.tree;
    if (!tree || result.value) return [];
    const needle = text.value.trim().toLowerCase();
    const rows = functionTable(tree).filter((r) => !needle || r.key.toLowerCase().includes(needle));
    return sortRows(rows, "total", true)
      .slice(0, PICKER_ROWS)
      .map((r) => ({ key: r.key, total: r.total }));
  });
  const s = result.value;
  const whole = props.tree?.value ?? 0;

  if (!s)
    return (
      <div class="sandwich-picker" data-testid="sandwich-picker">
        {props.fn && (
          <StateMessage
            kind="empty"
            title={`${props.fn} is not in this profile`}
            detail="Pick another function."
          />
        )}
        <input
          type="search"
          placeholder="Pick a function: type part of its name"
          data-testid="sandwich-search"
          value={text.value}
          onInput$={(_, el) => (text.value = el.value)}
        />
        <ul>
          {choices.value.map((c) => (
            <li key={c.key}>
              <button type="button" data-key={c.key} onClick$={() => props.onSelect$(c.key)}>
                {c.key}
              </button>{" "}
              <span class="muted">{formatPercent(c.total, whole)}</span>
            </li>
          ))}
        </ul>
      </div>
    );

  const onAction = $((action: FrameAction, frame: FrameInfo) => {
    if (action === "sandwich") props.onSelect$(frame.key);
  });
  return (
    <div class="sandwich" data-testid="sandwich" data-fn={s.key}>
      <div class="sandwich-graphs">
        <FlameGraph
          tree={noSerialize(s.callers)}
          search=""
          depthLimit={props.depthLimit}
          zoom={null}
          icicle={false}
          processes={false}
          hotkeys={false}
          onAction$={onAction}
          testId="sandwich-callers"
        />
        <div class="sandwich-fn" title={s.key} data-testid="sandwich-fn">
          {s.key} · total {formatPercent(s.total, whole)} ({formatCount(s.total)}) · self{" "}
          {formatPercent(s.self, whole)} ({formatCount(s.self)})
        </div>
        <FlameGraph
          tree={noSerialize(s.callees)}
          search=""
          depthLimit={props.depthLimit}
          zoom={null}
          icicle
          processes={false}
          hotkeys={false}
          onAction$={onAction}
          testId="sandwich-callees"
        />
      </div>
      <div class="sandwich-tables">
        <Rows title="Callers" id="callers" rows={s.callerRows} whole={whole} onSelect$={props.onSelect$} />
        <Rows title="Callees" id="callees" rows={s.calleeRows} whole={whole} onSelect$={props.onSelect$} />
      </div>
    </div>
  );
});
