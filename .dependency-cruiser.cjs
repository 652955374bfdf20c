/**
 * The import order of the tree: settings → metrics → rules → dashboards → components → stack. A layer
 * imports only from itself and the layers before it, and nothing imports in a circle. Scripts, tools,
 * the harness, bench and tests sit outside the flow and may read any layer (bench not from test/).
 * docs/ARCHITECTURE.md explains each layer; `npm run lint` runs this check.
 */
const LAYERS = ["settings", "metrics", "rules", "dashboards", "components"];
const STACK = "^(index\\.ts|components/stack\\.ts)$";

const layerRules = LAYERS.map((layer, index) => ({
  name: `${layer}-imports-only-earlier-layers`,
  comment: `${layer}/ may import only from ${LAYERS.slice(0, index + 1).join(", ")}`,
  severity: "error",
  from: { path: `^${layer}/`, pathNot: STACK },
  to: {
    pathNot: [...LAYERS.slice(0, index + 1).map((allowed) => `^${allowed}/`), "^node_modules/"],
    // Packages, resolved or not (the Grafana SDK's exports map is not resolved: "unknown"); a local
    // path that does not resolve fails tsc anyway.
    dependencyTypesNot: [
      "core",
      "npm",
      "npm-dev",
      "npm-optional",
      "npm-peer",
      "npm-bundled",
      "npm-no-pkg",
      "unknown",
    ],
  },
}));

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "a cycle means two modules are one; split out what both need",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    ...layerRules,
    {
      name: "layers-do-not-import-the-stack",
      severity: "error",
      from: { path: `^(${LAYERS.join("|")})/`, pathNot: STACK },
      to: { path: STACK },
    },
    {
      name: "source-does-not-import-tests-or-tooling",
      severity: "error",
      from: { path: `^(${LAYERS.join("|")}|index\\.ts)` },
      to: { path: "^(test|bench|scripts|tools|harness)/" },
    },
    {
      name: "bench-does-not-import-tests",
      comment: "what bench shares with the tests lives in harness/",
      severity: "error",
      from: { path: "^bench/" },
      to: { path: "^test/" },
    },
    {
      name: "harness-does-not-import-tests",
      severity: "error",
      from: { path: "^harness/" },
      to: { path: "^test/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|\\.upstream|dist|\\.render)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".mts", ".js", ".mjs", ".cjs", ".json"] },
  },
};
