import type { RequestHandler } from "@builder.io/qwik-city";

/** `/` → `/profiles`, keeping the query string (the original picks by service count, A.1; one page so far). */
export const onGet: RequestHandler = ({ url, redirect }) => {
  throw redirect(302, `/profiles${url.search}`);
};
