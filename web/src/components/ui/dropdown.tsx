/**
 * A button that opens a panel below it: a native <details>, so it works before any JS runs; closes on
 * an outside click or Escape. The panel is the default slot.
 */
import { component$, Slot, useSignal, useVisibleTask$, type QRL } from "@builder.io/qwik";

interface Props {
  label: string;
  title?: string;
  testId?: string;
  align?: "left" | "right";
  /** Highlights the button (e.g. a filter is active). */
  active?: boolean;
  disabled?: boolean;
  class?: string;
  /** Called each time the panel opens (lazy loading of its content). */
  onOpen$?: QRL<() => void>;
}

export const Dropdown = component$<Props>((props) => {
  const el = useSignal<HTMLDetailsElement>();

  useVisibleTask$(({ cleanup }) => {
    const details = el.value!;
    const close = (e: Event) => {
      if (!details.open) return;
      if (e instanceof KeyboardEvent ? e.key === "Escape" : !details.contains(e.target as Node))
        details.open = false;
    };
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", close);
    cleanup(() => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", close);
    });
  });

  return (
    <details
      ref={el}
      class={["dropdown", props.class, { disabled: props.disabled }]}
      onToggle$={(_, details) => {
        if (details.open) props.onOpen$?.();
      }}
    >
      <summary
        class={["btn", { active: props.active }]}
        title={props.title}
        data-testid={props.testId}
        aria-disabled={props.disabled}
        onClick$={(e) => {
          if (props.disabled) e.preventDefault();
        }}
      >
        {props.label}
        <Slot name="badge" />
        <span class="caret" aria-hidden="true">
          ▾
        </span>
      </summary>
      <div class={["dropdown-panel", props.align === "right" ? "right" : "left"]}>
        <Slot />
      </div>
    </details>
  );
});
