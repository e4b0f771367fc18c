/**
 * The right-click menu of a frame (FgMenu.jsx, A.3.3): copy the name, and ours: search for it, show who
 * calls it, open it in the table, keep or hide its process; Mark/Clear in minesweeper mode (A.3.10).
 */
import { $, component$, useSignal, useVisibleTask$, type QRL } from "@builder.io/qwik";
import type { FrameInfo } from "./draw";

export type FrameAction =
  "search" | "calledby" | "table" | "sandwich" | "only-process" | "hide-process" | "mark" | "clear";

interface Props {
  x: number;
  y: number;
  frame: FrameInfo;
  mines: boolean;
  onClose$: QRL<() => void>;
  onAction$?: QRL<(action: FrameAction, frame: FrameInfo) => void>;
}

export const FrameMenu = component$<Props>((props) => {
  const el = useSignal<HTMLDivElement>();
  const secure = useSignal(true);
  const copied = useSignal(false);

  useVisibleTask$(({ cleanup }) => {
    secure.value = window.isSecureContext && !!navigator.clipboard;
    const menu = el.value!;
    // Keep the menu on screen.
    const { innerWidth: w, innerHeight: h } = window;
    menu.style.left = `${Math.min(props.x, w - menu.offsetWidth - 8)}px`;
    menu.style.top = `${Math.min(props.y, h - menu.offsetHeight - 8)}px`;
    menu.querySelector<HTMLButtonElement>("button:not(:disabled)")?.focus();
    const close = (e: Event) => {
      if (e instanceof KeyboardEvent && e.key !== "Escape") return;
      if (e.type === "mousedown" && menu.contains(e.target as Node)) return;
      props.onClose$();
    };
    window.addEventListener("mousedown", close);
    window.addEventListener("keydown", close);
    window.addEventListener("scroll", close, true);
    cleanup(() => {
      window.removeEventListener("mousedown", close);
      window.removeEventListener("keydown", close);
      window.removeEventListener("scroll", close, true);
    });
  });

  const act = $((action: FrameAction) => {
    props.onAction$?.(action, props.frame);
    props.onClose$();
  });

  const { frame } = props;
  const isFunction = frame.depth > 1;
  return (
    <div
      ref={el}
      class="menu floating"
      role="menu"
      data-testid="frame-menu"
      style={{ left: `${props.x}px`, top: `${props.y}px` }}
    >
      <div class="menu-title" title={frame.label}>
        {frame.label}
      </div>
      <button
        type="button"
        role="menuitem"
        disabled={!secure.value}
        onClick$={async () => {
          await navigator.clipboard.writeText(frame.label);
          copied.value = true;
          setTimeout(() => props.onClose$(), 600);
        }}
      >
        {copied.value
          ? "Copied"
          : secure.value
            ? "Copy"
            : "Copy - This feature is available only in secure contexts (HTTPS)"}
      </button>
      {frame.depth > 0 && (
        <button type="button" role="menuitem" onClick$={() => act("search")}>
          Search for this frame
        </button>
      )}
      {isFunction && (
        <>
          <button type="button" role="menuitem" onClick$={() => act("calledby")}>
            Called by (inverted view)
          </button>
          <button type="button" role="menuitem" onClick$={() => act("table")}>
            Show in table
          </button>
          <button type="button" role="menuitem" data-action="sandwich" onClick$={() => act("sandwich")}>
            Sandwich: callers and callees
          </button>
        </>
      )}
      {frame.depth === 1 && (
        <>
          <button type="button" role="menuitem" onClick$={() => act("only-process")}>
            Show only this process
          </button>
          <button type="button" role="menuitem" onClick$={() => act("hide-process")}>
            Hide this process
          </button>
        </>
      )}
      {props.mines && frame.depth > 0 && (
        <button
          type="button"
          role="menuitem"
          data-testid="mine-toggle"
          onClick$={() => act(frame.marked ? "clear" : "mark")}
        >
          {frame.marked ? "Clear" : "Mark"}
        </button>
      )}
    </div>
  );
});
