import { describe, expect, test } from "vitest";
import { decodeHtmlBlob, htmlReportKey, isHtmlReportKey } from "./html-report";
import { redactHeaderLine } from "./agent-metadata";

describe("html report", () => {
  test("its key is the profile's with .gz replaced by .html, as the fork's indexer", () => {
    const key = htmlReportKey("products/svc/stacks/2023-12-03T16:31:00_0a1b_5f3c.gz");
    expect(key).toBe("products/svc/stacks/2023-12-03T16:31:00_0a1b_5f3c.html");
    expect(isHtmlReportKey(key)).toBe(true);
  });

  test("only report keys are readable", () => {
    for (const key of [
      "products/svc/stacks/2023-12-03T16:31:00_0a1b_5f3c.gz",
      "shares/abc.html",
      "products/svc/stacks/../x.html",
      "products/svc/stacks/a/b.html",
      "",
    ])
      expect(isHtmlReportKey(key), key).toBe(false);
  });

  test("htmlblob decodes as standard base64; anything else is null", () => {
    // the fork's golden header (src/gprofiler_indexer/testdata/test_stackfile_html)
    expect(new TextDecoder().decode(decodeHtmlBlob("PGh0bWw+aGVsbG8gd29ybGQ8L2h0bWw+")!)).toBe(
      "<html>hello world</html>",
    );
    expect(decodeHtmlBlob("not base64!")).toBeNull();
  });

  test("the header's htmlblob is left out of the stored header, with the token", () => {
    const header = {
      containers: [],
      metadata: { run_arguments: { server_token: "t", service_name: "s" } },
      htmlblob: "PGgvPg==",
    };
    const line = `# ${JSON.stringify(header)}`;
    const stored = JSON.parse(redactHeaderLine(line).slice(2));
    expect(stored).toEqual({ containers: [], metadata: { run_arguments: { service_name: "s" } } });
    const withoutToken = `# ${JSON.stringify({ metadata: {}, htmlblob: "PGgvPg==" })}`;
    expect(JSON.parse(redactHeaderLine(withoutToken).slice(2))).toEqual({ metadata: {} });
    const plain = `# ${JSON.stringify({ metadata: {} })}`;
    expect(redactHeaderLine(plain)).toBe(plain);
  });
});
