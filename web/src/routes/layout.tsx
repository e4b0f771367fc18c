/**
 * App shell: brand, page links and the signed-in user with Logout. Links keep the query string, like the
 * original side nav (A.0). Hidden in the profiles page's fullscreen mode (A.3.6) and on the login page.
 */
import { component$, Slot } from "@builder.io/qwik";
import { Link, useLocation } from "@builder.io/qwik-city";
import { logout } from "../lib/api-client";
import { isPublicPage, useUser } from "../lib/loaders";

export { useUser } from "../lib/loaders";

const PAGES = [
  { path: "/overview", label: "Overview" },
  { path: "/profiles", label: "Profiles" },
  { path: "/compare", label: "Compare" },
  { path: "/agent-logs", label: "Agent logs" },
  { path: "/alerts", label: "Alerts" },
];

export const Brand = component$(() => (
  <span class="brand-mark">
    <svg viewBox="0 0 16 16" aria-hidden="true">
      <rect x="0" y="1" width="16" height="4" fill="#8894E6" />
      <rect x="0" y="6" width="10" height="4" fill="#FADE7C" />
      <rect x="11" y="6" width="5" height="4" fill="#83E7F4" />
      <rect x="0" y="11" width="6" height="4" fill="#64B6F2" />
      <rect x="7" y="11" width="3" height="4" fill="#F9B7DE" />
    </svg>
    Performance Studio
  </span>
));

export default component$(() => {
  const loc = useLocation();
  const user = useUser();
  const bare =
    isPublicPage(loc.url.pathname) ||
    (loc.url.pathname.startsWith("/profiles") && loc.url.searchParams.get("fullscreen") === "1");
  return (
    <div class="app">
      {!bare && (
        <nav class="topnav" data-testid="topnav">
          <Link class="brand" prefetch={false} href="/welcome">
            <Brand />
          </Link>
          {PAGES.map((p) => (
            <Link
              key={p.path}
              prefetch={false}
              href={`${p.path}${loc.url.search}`}
              class={{ active: loc.url.pathname.startsWith(p.path) }}
            >
              {p.label}
            </Link>
          ))}
          {user.value?.isAdmin && (
            <Link prefetch={false} href="/admin/status" class={{ active: loc.url.pathname.startsWith("/admin") }} data-testid="nav-admin">
              Admin
            </Link>
          )}
          <span class="spacer" />
          <Link
            prefetch={false}
            href={`/installation${loc.url.search}`}
            class={["install", { active: loc.url.pathname.startsWith("/installation") }]}
          >
            Install Service
          </Link>
          <a href="https://docs.gprofiler.io/" target="_blank" rel="noreferrer">
            Docs
          </a>
          {user.value && (
            <span class="user" data-testid="user">
              <span class="user-name" title="Signed in">
                {user.value.username}
              </span>
              <button
                type="button"
                class="link"
                data-testid="logout"
                onClick$={async () => {
                  await logout().catch(() => {});
                  window.location.assign("/login");
                }}
              >
                Log out
              </button>
            </span>
          )}
        </nav>
      )}
      <Slot />
    </div>
  );
});
