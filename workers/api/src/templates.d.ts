// Installation templates (workers/api/templates/*.tmpl) are bundled as text (wrangler.toml [[rules]]).
declare module "*.tmpl" {
  const text: string;
  export default text;
}
