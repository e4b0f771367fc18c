/**
 * The flamegraph bar's page controls: the "called by" view's way back, the depth limit (the original's
 * fixed 800, ours to choose), and minesweeper (A.3.10): mark mode, clear, save as a shareable snapshot.
 */
import { component$, type QRL } from "@builder.io/qwik";
import type { ProfilesQuery } from "../../lib/profiles-query";
import type { SetQuery } from "./set-query";

interface Props {
  query: ProfilesQuery;
  /** How many frames are marked. */
  marks: number;
  setQuery$: SetQuery;
  onToggleMines$: QRL<() => void>;
  onClearMarks$: QRL<() => void>;
  onSaveMines$: QRL<() => void>;
}

const DEPTHS = [800, 400, 200, 100, 50, 25];

export const FlameToolbar = component$<Props>((props) => {
  const { query, setQuery$ } = props;
  return (
    <div class="bar-group">
      {query.calledBy && (
        <span class="chip" data-testid="called-by">
          Called by: <b>{query.calledBy}</b>
          <button type="button" class="link" onClick$={() => setQuery$({ calledBy: null })}>
            back
          </button>
        </span>
      )}
      <label class="field compact" title="Frames deeper than this are cut into one red frame">
        <span class="field-label">Depth</span>
        <select
          data-testid="depth-limit"
          onChange$={(_, el) => setQuery$({ depth: Number(el.value) }, "replace")}
        >
          {DEPTHS.map((d) => (
            <option key={d} value={String(d)} selected={query.depth === d}>
              {String(d)}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        class={["btn", { active: query.mines }]}
        data-testid="mines-toggle"
        title="Minesweeper: right-click frames to mark them, then save a shareable snapshot"
        onClick$={props.onToggleMines$}
      >
        ⚑ Mark frames
      </button>
      {query.mines && (
        <>
          <button type="button" class="btn" disabled={!props.marks} onClick$={props.onClearMarks$}>
            Clear all
          </button>
          <button
            type="button"
            class="btn primary"
            data-testid="mines-save"
            disabled={!props.marks}
            onClick$={props.onSaveMines$}
          >
            Save ({props.marks})
          </button>
        </>
      )}
    </div>
  );
});
