import { component$, useServerData } from "@builder.io/qwik";
import { QwikCityProvider, RouterOutlet, useDocumentHead } from "@builder.io/qwik-city";
import "./global.css";

const Head = component$(() => {
  const head = useDocumentHead();
  return (
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{head.title || "Performance Studio"}</title>
      <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
      {head.meta.map((m) => (
        <meta key={m.key} {...m} />
      ))}
      {head.links.map((l) => (
        <link key={l.key} {...l} />
      ))}
    </head>
  );
});

/**
 * The page's own bundles (entry.ssr.tsx), asked for while the HTML arrives. At the top of the body, so
 * the head's requests go first: the api preload, Qwik's loader and core (a browser opens six
 * connections per host over HTTP/1.1, as the local stack serves).
 */
const Preloads = component$(() => (
  <>
    {useServerData<string[]>("preloads", []).map((href) => (
      <link key={href} rel="modulepreload" href={href} />
    ))}
  </>
));

export default component$(() => (
  <QwikCityProvider>
    <Head />
    <body>
      <Preloads />
      <RouterOutlet />
    </body>
  </QwikCityProvider>
));
