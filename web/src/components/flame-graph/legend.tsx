/**
 * The runtime legend and filter (views/legendBox, A.3.3): special types as legend-only items, the ten
 * runtimes as toggle buttons; when not all are shown, "Reset" and the "Mixed stacks" switch appear.
 * Runtimes absent from the profile are dimmed.
 */
import { component$, useComputed$, type NoSerialize, type QRL } from "@builder.io/qwik";
import { LANGUAGES, type FlameNode, type Language } from "../../lib/wire";
import { LANGUAGE_COLORS, PROCESS_COLOR, SPECIAL_TYPE_COLORS } from "../../lib/flame/colors";
import { toggleRuntime } from "../../lib/flame/filters";
import { languagesIn } from "../../lib/flame/tree";

interface Props {
  tree: NoSerialize<FlameNode>;
  runtimes: Language[] | null;
  mixedStacks: boolean;
  onRuntimes$: QRL<(runtimes: Language[] | null) => void>;
  onMixed$: QRL<(mixed: boolean) => void>;
}

const SPECIAL = ["Java (inl)", "Java (C1)", "Java (interpreted)"] as const;

export const Legend = component$<Props>((props) => {
  const present = useComputed$(() => (props.tree ? [...languagesIn(props.tree)] : []));
  return (
    <div class="legend-box" data-testid="legend">
      <ul class="legend" aria-label="Runtime colours">
        <li class="static">
          <span class="swatch" style={{ background: PROCESS_COLOR }} />
          Process
        </li>
        {SPECIAL.map((t) => (
          <li key={t} class="static">
            <span class="swatch" style={{ background: SPECIAL_TYPE_COLORS[t] }} />
            {t}
          </li>
        ))}
      </ul>
      <ul class="legend runtimes" aria-label="Filter by runtime">
        {LANGUAGES.map((lang) => {
          const on = !props.runtimes || props.runtimes.includes(lang);
          return (
            <li key={lang}>
              <button
                type="button"
                class={["legend-toggle", { off: !on, absent: !present.value.includes(lang) }]}
                aria-pressed={on}
                data-runtime={lang}
                title={
                  on ? `Click to show ${props.runtimes ? "without" : "only"} ${lang}` : `Click to add ${lang}`
                }
                onClick$={() => props.onRuntimes$(toggleRuntime(props.runtimes, lang))}
              >
                <span class="swatch" style={{ background: LANGUAGE_COLORS[lang] }} />
                {lang}
              </button>
            </li>
          );
        })}
      </ul>
      {props.runtimes && (
        <div class="legend-actions">
          <label
            class="check"
            title="On: a matching frame keeps everything it calls. Off: only matching frames are kept."
          >
            <input
              type="checkbox"
              data-testid="mixed-stacks"
              checked={props.mixedStacks}
              onChange$={(_, el) => props.onMixed$(el.checked)}
            />
            <span>Mixed stacks</span>
          </label>
          <button type="button" class="link" onClick$={() => props.onRuntimes$(null)}>
            Reset
          </button>
        </div>
      )}
    </div>
  );
});
