import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { rewriteArgs, rewriteValue, rewriteYamlConfig, type LoopbackRewrite } from "../../harness/rewrite";

const REWRITE: LoopbackRewrite = {
  addresses: {
    "alertmanager:9093": "127.0.0.1:4001",
    ":9100": "127.0.0.1:4002",
    "node-exporter:9100": "127.0.0.1:4002",
  },
  directories: {
    "/etc/alertmanager": "/tmp/am/config",
    "/etc/alertmanager/secrets": "/tmp/am/secrets",
    "/prometheus": "/tmp/p",
  },
};

describe("loopback rewrite", () => {
  it("rewrites whole host:port tokens only", () => {
    expect(rewriteValue("alertmanager:9093", REWRITE)).toBe("127.0.0.1:4001");
    expect(rewriteValue("http://alertmanager:9093/api", REWRITE)).toBe("http://127.0.0.1:4001/api");
    expect(rewriteValue("my-alertmanager:9093", REWRITE)).toBe("my-alertmanager:9093");
    expect(rewriteValue("alertmanager:90930", REWRITE)).toBe("alertmanager:90930");
    expect(rewriteValue("--web.listen-address=:9100", REWRITE)).toBe("--web.listen-address=127.0.0.1:4002");
    expect(rewriteValue("node-exporter:9100", REWRITE)).toBe("127.0.0.1:4002");
  });

  it("rewrites directories at the start of a path, longest first", () => {
    expect(rewriteValue("/etc/alertmanager/secrets/pd", REWRITE)).toBe("/tmp/am/secrets/pd");
    expect(rewriteValue("/etc/alertmanager/templates/*.tmpl", REWRITE)).toBe(
      "/tmp/am/config/templates/*.tmpl",
    );
    expect(
      rewriteArgs(["--storage.tsdb.path=/prometheus", "--config.file=/etc/prometheus/p.yml"], REWRITE),
    ).toEqual(["--storage.tsdb.path=/tmp/p", "--config.file=/etc/prometheus/p.yml"]);
    expect(rewriteValue("/prometheus-data", REWRITE)).toBe("/prometheus-data");
  });

  it("leaves every other YAML value as rendered", () => {
    const rendered = [
      "global:",
      "  resolve_timeout: 5m # kept",
      "route:",
      "  receiver: default",
      "  group_wait: 10s",
      "receivers:",
      "  - name: default",
      "    webhook_configs:",
      "      - url: http://alertmanager:9093/hook",
      "templates:",
      "  - /etc/alertmanager/templates/*.tmpl",
      "",
    ].join("\n");
    const rewritten = rewriteYamlConfig(rendered, REWRITE);
    expect(rewritten).toContain("# kept");
    const before = parse(rendered) as Record<string, unknown>;
    const after = parse(rewritten) as Record<string, unknown>;
    expect(after.route).toEqual(before.route);
    expect(after.global).toEqual(before.global);
    expect(after.templates).toEqual(["/tmp/am/config/templates/*.tmpl"]);
    expect(after.receivers).toEqual([
      { name: "default", webhook_configs: [{ url: "http://127.0.0.1:4001/hook" }] },
    ]);
  });
});
