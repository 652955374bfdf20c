/**
 * Descriptions for settings whose schema field carries no doc comment yet. A doc comment (or zod
 * `.describe()`) on the field itself wins over an entry here, so prefer writing it there.
 */
export const FALLBACK_DESCRIPTIONS: Readonly<Record<string, { description: string; defaultText?: string }>> =
  {
    target: { description: "Where the stack runs: `docker` for the dev stack, `kubernetes` for prod." },
    environment: {
      description: "Environment name, added to every series as the `environment` external label.",
      defaultText: "the stack name",
    },
    cluster: {
      description: "Cluster name, added to every series as the `cluster` external label; alerts group by it.",
      defaultText: "`xai-<stack>`",
    },
  };
