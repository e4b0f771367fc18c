import { describe, expect, test } from "vitest";
import { createProfileIndexer } from "./collapsed";
import { agentHeaderLine, tagsFromLabels, TextProfileConverter } from "./pyroscope-profile";

describe("tagsFromLabels", () => {
  test("host, instance type and container labels map onto the studio's tags", () => {
    expect(tagsFromLabels({ hostname: "h1", instance_type: "m5.large", container: "web", env: "prod" })).toEqual({
      hostname: "h1",
      instanceType: "m5.large",
      container: "web",
    });
    expect(tagsFromLabels({ Host: "h2" })).toEqual({ hostname: "h2", instanceType: "", container: "" });
  });

  test("pod and namespace become a Docker-shim name, so the indexer finds the k8s workload", () => {
    expect(tagsFromLabels({ pod: "web-7d9f8b6c5d-xk2lp", namespace: "prod", container: "web" }).container).toBe(
      "k8s_web_web-7d9f8b6c5d-xk2lp_prod_0_0",
    );
    // `_` would break the name's fields: the container label alone is kept
    expect(tagsFromLabels({ pod: "a_b", namespace: "prod", container: "web" }).container).toBe("web");
  });

  test("values cannot break a stack line", () => {
    expect(tagsFromLabels({ container: "a;b\nc" }).container).toBe("a_b_c");
  });
});

describe("TextProfileConverter", () => {
  test("folded: the count after the last space, lines split across chunks, bad lines skipped", () => {
    const converter = new TextProfileConverter("folded", "ctr");
    let out = converter.push("foo;bar baz 100\nfoo;q");
    out += converter.push("ux 2\r\nno-count\nzero 0\n\n  spaced;x   3  \nhuge 4294967296");
    out += converter.finish();
    expect(out).toBe("ctr;foo;bar baz 100\nctr;foo;qux 2\nctr;spaced;x 3\n");
    expect([converter.lines, converter.skipped]).toEqual([3, 3]);
  });

  test("lines: every line is one sample", () => {
    const converter = new TextProfileConverter("lines", "");
    expect(converter.push("a;b\na;b\n") + converter.finish()).toBe(";a;b 1\n;a;b 1\n");
  });
});

test("the agent text goes through the unchanged indexer with the tags and counts kept", () => {
  const tags = tagsFromLabels({ hostname: "h1", instance_type: "t3.small", pod: "api-5d78c9869d-8rq4p", namespace: "shop", container: "api" });
  const converter = new TextProfileConverter("folded", tags.container);
  const text = `${agentHeaderLine(tags, { format: "folded" })}\n${converter.push("main;work 3\nmain 1\n")}${converter.finish()}`;
  const indexer = createProfileIndexer({ serviceId: 7, timestamp: new Date("2026-11-25T10:00:00Z"), insertionTimestamp: new Date() });
  indexer.push(new TextEncoder().encode(text));
  const result = indexer.finish();
  if (!result.ok) throw new Error(result.error);
  const rows = [...result.rows].map((r) => ({
    name: r.CallStackName,
    samples: r.NumSamples,
    host: r.HostName,
    type: r.InstanceType,
    container: r.ContainerName,
    workload: r.ContainerEnvName,
    time: r.Timestamp,
  }));
  const common = { host: "h1", type: "t3.small", container: "api_api_shop", workload: "api_shop", time: "2026-11-25 10:00:00" };
  expect(rows).toEqual(
    expect.arrayContaining([
      { name: "main", samples: 4, ...common },
      { name: "work", samples: 3, ...common },
    ]),
  );
  expect(rows).toHaveLength(2);
});
