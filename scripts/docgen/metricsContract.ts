import { XAI_FAMILIES, XAI_JOB, XAI_NODE_SCRAPE, type MetricFamily } from "../../metrics";
import { cell, code, prettierMarkdown, table } from "./markdown";

function bucketsText(family: MetricFamily): string {
  return family.buckets ? family.buckets.join(", ") : "";
}

/** The XAI node metric contract as docs/METRICS_INTEGRATION.md shows it, straight from metrics/xai.ts. */
export async function metricContractMarkdown(targetFile: string): Promise<string> {
  const categories = [...new Set(XAI_FAMILIES.map((family) => family.category))];
  const scrape = [
    `- Scrape job: ${code(XAI_JOB)}; every series also carries the target labels ${code("node")} and ${code("network")} from \`xaiNodes\`.`,
    `- Endpoint: ${code(XAI_NODE_SCRAPE.path)} on port ${XAI_NODE_SCRAPE.default_port} (the node reads ${code(XAI_NODE_SCRAPE.port_env)}).`,
    `- ${XAI_FAMILIES.length} families in ${categories.length} categories. A counter family exposes its ${code("_total")} series plus ${code("_created")}; a histogram exposes ${code("_bucket")} (with ${code("le")}), ${code("_sum")}, ${code("_count")} and ${code("_created")}; the info family ${code("xai_node")} is exposed as ${code("xai_node_info")}.`,
  ].join("\n");
  const families = table(
    ["Family", "Type", "Labels", "Unit", "Buckets (le)"],
    XAI_FAMILIES.map((family: MetricFamily) => [
      code(family.name),
      family.type,
      family.labels.map((label) => code(label)).join(", "),
      cell(family.unit ?? ""),
      bucketsText(family),
    ]),
  );
  const sections = categories.map((category) => {
    const names = XAI_FAMILIES.filter((family) => family.category === category).map((family) =>
      code(family.name),
    );
    return `- ${code(category)}: ${names.join(", ")}`;
  });
  return prettierMarkdown([scrape, families, "By category:", sections.join("\n")].join("\n\n"), targetFile);
}
