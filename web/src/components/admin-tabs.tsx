import { component$ } from "@builder.io/qwik";
import { Link } from "@builder.io/qwik-city";

/** The administrators' pages. */
export const AdminTabs = component$<{ active: "status" | "services" }>(({ active }) => (
  <nav class="admin-tabs" aria-label="Administration">
    <Link href="/admin/status" class={["btn", { active: active === "status" }]}>
      Status
    </Link>
    <Link href="/admin/services" class={["btn", { active: active === "services" }]}>
      Service settings
    </Link>
  </nav>
));
