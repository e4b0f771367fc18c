/**
 * SSR entry: renders <Root/> to a stream. Used by the Pages worker and by `vite --mode ssr` dev.
 * <Root/>'s head modulepreloads the page's own bundles (`preloads`: the route's and its layouts', from
 * Qwik City's plan), so they download beside the HTML; otherwise the browser asks for them only once
 * Qwik resumes and runs the page's code. Qwik preloads its own loader, preloader and core.
 */
import { renderToStream, type RenderToStreamOptions } from "@builder.io/qwik/server";
import { manifest } from "@qwik-client-manifest";
import Root from "./root";

export default function (opts: RenderToStreamOptions) {
  // Qwik City's loaded route: [name, params, modules, menu, bundle names].
  const bundles = (opts.serverData?.qwikcity?.loadedRoute as unknown[] | null | undefined)?.[4];
  const base = typeof opts.base === "string" ? opts.base : "/build/";
  // No client manifest in `vite` dev: the dev server serves modules, not these bundles.
  const preloads = manifest && Array.isArray(bundles) ? bundles.map((name) => `${base}${name}`) : [];
  return renderToStream(<Root />, {
    manifest,
    ...opts,
    serverData: { ...opts.serverData, preloads },
    containerAttributes: { lang: "en", ...opts.containerAttributes },
  });
}
