import { copyFileSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { secretPlaceholder } from "../../settings/stackFile";
import { renderStackFiles } from "../../scripts/render";
import { runTool } from "../../harness/binaries";
import { DEV_SERVICES, testSettings } from "../../harness/settings";
import { renderCli, temporaryDirectories } from "../support/renderCli";

const REPO = resolve(__dirname, "../..");

/** The layout the render command promises (issue: "writes exactly this layout"). */
const LAYOUT = [
  /^\.xai-observability-render$/,
  /^services\.json$/,
  /^alerts\.md$/,
  /^prometheus\/prometheus\.yml$/,
  /^prometheus\/rules\/[^/]+\.yml$/,
  /^alertmanager\/alertmanager\.yml$/,
  /^alertmanager\/templates\/[^/]+\.tmpl$/,
  /^alertmanager\/secrets\/[^/]+$/,
  /^loki\/loki\.yaml$/,
  /^promtail\/promtail\.yaml$/,
  /^alloy\/config\.alloy$/,
  /^docker-socket-proxy\/haproxy\.cfg$/,
  /^grafana\/dashboards\/[^/]+\.json$/,
  /^grafana\/datasources\.json$/,
  /^kubernetes\/[^/]+\.yaml$/,
];

interface ReviewedSpec {
  name: string;
  image: string;
  args: string[];
  volumes: { name: string }[];
  healthCheck: { command: string[] };
  secretFiles: { secret: string; value: string }[];
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? listFiles(path).map((child) => join(entry, child)) : [entry];
  });
}

describe("renderStackFiles", () => {
  it("writes only files of the promised layout, with Alloy for the dev defaults", () => {
    const paths = [...renderStackFiles(testSettings({})).keys()];
    for (const path of paths)
      expect(
        LAYOUT.some((pattern) => pattern.test(path)),
        path,
      ).toBe(true);
    expect(paths).toEqual(
      expect.arrayContaining([
        "services.json",
        "prometheus/prometheus.yml",
        "alertmanager/alertmanager.yml",
        "loki/loki.yaml",
        "alloy/config.alloy",
        "grafana/datasources.json",
        "docker-socket-proxy/haproxy.cfg",
      ]),
    );
    expect(paths.some((path) => path.startsWith("promtail/") || path.startsWith("kubernetes/"))).toBe(false);
  });

  it("writes promtail.yaml instead of config.alloy when the legacy Promtail ships the logs", () => {
    const paths = [
      ...renderStackFiles(testSettings({ logs: { enabled: true, shipper: "promtail" } })).keys(),
    ];
    expect(paths).toContain("promtail/promtail.yaml");
    expect(paths.some((path) => path.startsWith("alloy/"))).toBe(false);
  });

  it("lists every service with a health check, a pinned image and its volumes in services.json", () => {
    const specs = JSON.parse(renderStackFiles(testSettings({})).get("services.json")!) as ReviewedSpec[];
    expect(specs.map((spec) => spec.name).sort()).toEqual([...DEV_SERVICES].sort());
    for (const spec of specs) {
      expect(spec.healthCheck.command.length, spec.name).toBeGreaterThan(0);
      expect(spec.image, spec.name).toMatch(/:v?\d+\.\d+\.\d+(-alpine)?$/);
    }
    const volumes = Object.fromEntries(
      specs.map((spec) => [spec.name, spec.volumes.map((volume) => volume.name)]),
    );
    expect(volumes).toMatchObject({
      prometheus: ["prometheus-data"],
      alertmanager: ["alertmanager-data"],
      grafana: ["grafana-data"],
      loki: ["loki-data"],
      alloy: ["alloy-data"],
    });
    const prometheus = specs.find((spec) => spec.name === "prometheus")!;
    expect(prometheus.args).toContain("--storage.tsdb.retention.time=30d");
  });

  it("writes placeholder files for the secret files a config points at", () => {
    const files = renderStackFiles(
      testSettings({ pagerdutyRoutingKey: "real-routing-key" }, { secretKeys: ["pagerdutyRoutingKey"] }),
    );
    const secretFiles = [...files.keys()].filter((path) => path.startsWith("alertmanager/secrets/"));
    expect(secretFiles.length).toBeGreaterThan(0);
    for (const path of secretFiles) expect(files.get(path)).toMatch(/^<secret:\w+ redacted>\n$/);
    for (const [path, content] of files) expect(content, path).not.toContain("real-routing-key");
  });

  it("redacts secrets: services.json names the secret but never holds a value", () => {
    const settings = testSettings(
      { grafanaAdminPassword: "real-password-value", grafanaSecretKey: "real-secret-key-value" },
      { secretKeys: ["grafanaAdminPassword", "grafanaSecretKey"] },
    );
    const files = renderStackFiles(settings);
    for (const [path, content] of files) {
      expect(content, path).not.toContain("real-password-value");
      expect(content, path).not.toContain("real-secret-key-value");
    }
    const specs = JSON.parse(files.get("services.json")!) as ReviewedSpec[];
    const grafana = specs.find((spec) => spec.name === "grafana")!;
    expect(grafana.secretFiles).toEqual([
      expect.objectContaining({
        secret: "grafanaAdminPassword",
        value: secretPlaceholder("grafanaAdminPassword"),
      }),
      expect.objectContaining({
        secret: "grafanaSecretKey",
        value: secretPlaceholder("grafanaSecretKey"),
      }),
    ]);
  });
});

describe("npm run render (the CLI)", () => {
  const tempDir = temporaryDirectories();
  const render = renderCli;

  it("renders the dev stack, whose prometheus.yml passes promtool check config", () => {
    const out = tempDir("render-dev-");
    const result = render(["--stack", "dev", "--out", out]);
    expect(result.status, result.stderr).toBe(0);
    const written = listFiles(out).map((path) => relative(out, join(out, path)));
    for (const path of written)
      expect(
        LAYOUT.some((pattern) => pattern.test(path)),
        path,
      ).toBe(true);
    const services = JSON.parse(readFileSync(join(out, "services.json"), "utf8")) as ReviewedSpec[];
    expect(services).toHaveLength(8);
    const check = runTool("promtool", ["check", "config", "prometheus.yml"], {
      cwd: join(out, "prometheus"),
    });
    expect(check.status, check.stderr).toBe(0);
  });

  it("prints one clear error for bad settings, exits 1, and writes nothing", () => {
    const project = tempDir("render-project-");
    copyFileSync(join(REPO, "Pulumi.yaml"), join(project, "Pulumi.yaml"));
    writeFileSync(
      join(project, "Pulumi.broken.yaml"),
      "config:\n  xai-observability:target: swarm\n  xai-observability:expose:\n    ports:\n      grafana: 0\n",
    );
    const out = join(tempDir("render-out-"), "never");
    const result = render(["--stack", "broken", "--out", out, "--project", project]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Invalid configuration for stack "broken" (2 problems)');
    expect(result.stderr).toContain("target: expected docker or kubernetes");
    expect(result.stderr).toContain("expose.ports.grafana: expected a port number from 1 to 65535");
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(out)).toBe(false);
  });

  it("names the missing stack file instead of failing with a trace", () => {
    const result = render(["--stack", "nosuchstack", "--out", tempDir("render-none-")]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("no stack file Pulumi.nosuchstack.yaml");
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});
