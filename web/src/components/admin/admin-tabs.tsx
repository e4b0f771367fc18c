/**
 * The administrators' navigation: every admin page, one tab each. The top bar has a single Admin link
 * (to the first tab) for administrators; the api refuses these pages' calls to everyone else.
 */
import { component$, useStyles$ } from "@builder.io/qwik";
import { Link, useLocation } from "@builder.io/qwik-city";
import styles from "./admin.css?inline";

export const ADMIN_PAGES = [
  { path: "/admin/status", label: "Status" },
  { path: "/admin/services", label: "Service settings" },
  { path: "/admin/tokens", label: "Agent keys" },
  { path: "/admin/users", label: "Users" },
];

export const AdminTabs = component$(() => {
  useStyles$(styles);
  const loc = useLocation();
  return (
    <nav class="admin-tabs" aria-label="Administration" data-testid="admin-tabs">
      {ADMIN_PAGES.map((p) => (
        <Link
          key={p.path}
          href={p.path}
          prefetch={false}
          class={["btn", { active: loc.url.pathname.startsWith(p.path) }]}
        >
          {p.label}
        </Link>
      ))}
    </nav>
  );
});
