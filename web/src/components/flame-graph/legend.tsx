import { component$ } from "@builder.io/qwik";
import { LANGUAGES } from "../../lib/wire";
import { LANGUAGE_COLORS, PROCESS_COLOR } from "../../lib/flame/colors";

/** Runtime colours (A.3.3); runtimes absent from the current profile are dimmed. */
export const Legend = component$<{ present: string[] }>(({ present }) => (
  <ul class="legend" aria-label="Runtime colours">
    <li>
      <span class="swatch" style={{ background: PROCESS_COLOR }} />
      Process
    </li>
    {LANGUAGES.map((lang) => (
      <li key={lang} class={{ absent: !present.includes(lang) }}>
        <span class="swatch" style={{ background: LANGUAGE_COLORS[lang] }} />
        {lang}
      </li>
    ))}
  </ul>
));
