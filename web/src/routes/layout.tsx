import { component$, Slot } from "@builder.io/qwik";
import { Link, useLocation } from "@builder.io/qwik-city";

const PAGES = [{ path: "/profiles", label: "Profiles" }];

/** App shell: brand and page links. Links keep the query string, like the original side nav (A.0). */
export default component$(() => {
  const loc = useLocation();
  return (
    <div class="app">
      <nav class="topnav">
        <a class="brand" href="/profiles">
          <svg viewBox="0 0 16 16" aria-hidden="true">
            <rect x="0" y="1" width="16" height="4" fill="#8894E6" />
            <rect x="0" y="6" width="10" height="4" fill="#FADE7C" />
            <rect x="11" y="6" width="5" height="4" fill="#83E7F4" />
            <rect x="0" y="11" width="6" height="4" fill="#64B6F2" />
            <rect x="7" y="11" width="3" height="4" fill="#F9B7DE" />
          </svg>
          Performance Studio
        </a>
        {PAGES.map((p) => (
          <Link
            key={p.path}
            href={`${p.path}${loc.url.search}`}
            class={{ active: loc.url.pathname.startsWith(p.path) }}
          >
            {p.label}
          </Link>
        ))}
      </nav>
      <Slot />
    </div>
  );
});
