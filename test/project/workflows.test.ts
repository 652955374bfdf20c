import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Script } from "node:vm";
import { validateWorkflow } from "@action-validator/core";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { z } from "zod";

/**
 * The GitHub workflows are checked twice: against GitHub's published workflow schema (action-validator),
 * so a malformed file fails here rather than on GitHub; and against what the issue asks of each one.
 */

const WORKFLOW_DIR = join(__dirname, "..", "..", ".github", "workflows");
const REPO_ROOT = join(__dirname, "..", "..");

const stepSchema = z.object({
  name: z.string().optional(),
  id: z.string().optional(),
  if: z.string().optional(),
  uses: z.string().optional(),
  run: z.string().optional(),
  with: z.record(z.string(), z.union([z.string(), z.boolean(), z.number()])).optional(),
  env: z.record(z.string(), z.string()).optional(),
});
type Step = z.infer<typeof stepSchema>;

const jobSchema = z.object({
  name: z.string().optional(),
  if: z.string().optional(),
  needs: z.union([z.string(), z.array(z.string())]).optional(),
  "runs-on": z.string(),
  container: z.object({ image: z.string() }).optional(),
  environment: z.union([z.string(), z.object({ name: z.string(), url: z.string().optional() })]).optional(),
  strategy: z
    .object({ "fail-fast": z.boolean().optional(), matrix: z.record(z.string(), z.array(z.string())) })
    .optional(),
  env: z.record(z.string(), z.string()).optional(),
  steps: z.array(stepSchema),
});
type Job = z.infer<typeof jobSchema>;

const workflowSchema = z.object({
  name: z.string(),
  on: z.record(z.string(), z.union([z.null(), z.object({ branches: z.array(z.string()).optional() })])),
  permissions: z.record(z.string(), z.enum(["read", "write", "none"])),
  concurrency: z.object({ group: z.string(), "cancel-in-progress": z.boolean() }).optional(),
  env: z.record(z.string(), z.string()).optional(),
  jobs: z.record(z.string(), jobSchema),
});
type Workflow = z.infer<typeof workflowSchema>;

function workflowFiles(): string[] {
  return readdirSync(WORKFLOW_DIR)
    .filter((file) => /\.ya?ml$/.test(file))
    .sort();
}

function source(file: string): string {
  return readFileSync(join(WORKFLOW_DIR, file), "utf8");
}

function load(file: string): Workflow {
  return workflowSchema.parse(parse(source(file)));
}

function job(workflow: Workflow, id: string): Job {
  const found = workflow.jobs[id];
  if (!found) throw new Error(`job ${id} is missing; jobs are ${Object.keys(workflow.jobs).join(", ")}`);
  return found;
}

function allSteps(workflow: Workflow): Step[] {
  return Object.values(workflow.jobs).flatMap((each) => each.steps);
}

function stepUsing(steps: readonly Step[], action: string): Step[] {
  return steps.filter((step) => step.uses?.startsWith(`${action}@`));
}

function runText(steps: readonly Step[]): string {
  return steps.map((step) => step.run ?? "").join("\n");
}

const PULUMI_ACTION_MAJOR = 7;
const documentedSecrets = [
  "GITHUB_TOKEN",
  "PROD_KUBECONFIG",
  "PULUMI_BACKEND_URL",
  "PULUMI_CONFIG_PASSPHRASE",
];

describe("every workflow", () => {
  it("finds the three workflows", () => {
    expect(workflowFiles()).toEqual(["ci.yml", "deploy.yml", "preview.yml"]);
  });

  it.each(workflowFiles())("%s passes GitHub's workflow schema (action-validator)", (file) => {
    expect(validateWorkflow(source(file)).errors).toEqual([]);
  });

  it("has a validator that rejects a broken workflow", () => {
    // The same file with a misspelt key must fail, or the check above proves nothing.
    const broken = source("ci.yml").replace("runs-on:", "run-on:");
    expect(broken).not.toBe(source("ci.yml"));
    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
  });

  it.each(workflowFiles())("%s pins every action to an exact release", (file) => {
    const uses = allSteps(load(file)).flatMap((step) => (step.uses ? [step.uses] : []));
    expect(uses.length).toBeGreaterThan(0);
    for (const reference of uses) {
      expect(reference, reference).toMatch(/^[\w.-]+\/[\w.-]+@(v\d+\.\d+\.\d+|[0-9a-f]{40})$/);
    }
  });

  it.each(workflowFiles())("%s declares least-privilege permissions at the top", (file) => {
    const { permissions } = load(file);
    expect(permissions.contents).toBe("read");
    const writes = Object.entries(permissions).filter(([, level]) => level === "write");
    expect(writes).toEqual(file === "preview.yml" ? [["pull-requests", "write"]] : []);
  });

  it.each(workflowFiles())("%s passes secrets to scripts through env, never inline", (file) => {
    // Inline ${{ secrets.X }} in a script would be expanded into the script text itself.
    for (const step of allSteps(load(file))) {
      expect(step.run ?? "", step.name).not.toMatch(/\$\{\{\s*secrets\./);
    }
  });

  it("uses only the secrets the docs tell operators to create", () => {
    const used = new Set(
      workflowFiles().flatMap((file) =>
        [...source(file).matchAll(/secrets\.([A-Z0-9_]+)/g)].map((m) => m[1]),
      ),
    );
    expect([...used].sort()).toEqual(documentedSecrets);
    const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
    const checklist = readFileSync(join(REPO_ROOT, "docs", "SETUP_CHECKLIST.md"), "utf8");
    for (const secret of documentedSecrets.filter((name) => name !== "GITHUB_TOKEN")) {
      expect(readme, `README names ${secret}`).toContain(`\`${secret}\``);
      expect(checklist, `the checklist names ${secret}`).toContain(`\`${secret}\``);
    }
  });

  it.each(workflowFiles())("%s has shell steps that bash can parse", (file) => {
    for (const step of allSteps(load(file))) {
      if (!step.run) continue;
      // Expressions are substituted by GitHub before bash sees the script.
      const script = step.run.replace(/\$\{\{[^}]*\}\}/g, "x");
      const result = spawnSync("bash", ["-n"], { input: script, encoding: "utf8" });
      expect(result.stderr, `${file}: ${step.name ?? step.run}`).toBe("");
      expect(result.status).toBe(0);
    }
  });

  it.each(workflowFiles())("%s calls only npm scripts that package.json defines", (file) => {
    const packageJson = z
      .object({ scripts: z.record(z.string(), z.string()) })
      .parse(JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")));
    const called = [...runText(allSteps(load(file))).matchAll(/npm run (?:--silent )?([\w:-]+)/g)].map(
      (m) => m[1],
    );
    for (const script of called) expect(Object.keys(packageJson.scripts)).toContain(script);
  });
});

describe("ci.yml", () => {
  const ci = load("ci.yml");
  const steps = job(ci, "test").steps;

  it("runs on every push and pull request", () => {
    expect(Object.keys(ci.on).sort()).toEqual(["pull_request", "push"]);
    expect(ci.on.push).toBeNull();
  });

  it("installs Node, then runs .ci/run, which installs the upstream binaries and runs the checks", () => {
    const node = stepUsing(steps, "actions/setup-node");
    expect(node).toHaveLength(1);
    expect(String(node[0]?.with?.["node-version"])).toBe("24");
    const ciRunStep = steps.findIndex((step) => step.run?.trim() === "bash .ci/run");
    expect(ciRunStep).toBeGreaterThan(steps.indexOf(node[0] as Step));

    const ciRun = readFileSync(join(REPO_ROOT, ".ci", "run"), "utf8");
    const packages = /DEBIAN_PACKAGES=\(([^)]*)\)/.exec(ciRun)?.[1]?.split(/\s+/) ?? [];
    // The Prometheus tools come from sid through tools/upstream/install.sh, never from the system's suite.
    expect(packages.filter((name) => name.startsWith("prometheus"))).toEqual([]);
    expect(ciRun).toMatch(/apt-get install[^\n]*DEBIAN_PACKAGES/);
    expect(ciRun).toMatch(/^"\$\{SUDO\[@\]\}" bash tools\/upstream\/install\.sh$/m);
    expect(ciRun).toMatch(/^export PATH="\$PWD\/\.upstream\/node\/bin:\$PATH"$/m);
    expect(ciRun).toMatch(/^npm ci$/m);
    expect(ciRun).toMatch(/^npm run check$/m);
  });

  it("runs in a Debian 12 container, where the static sid binaries and npm's Node 24 run as they do here", () => {
    expect(job(ci, "test").container?.image).toMatch(/^debian:12\.\d+(-slim)?$/);
  });

  it("type-checks, lints and tests (npm run check), then renders both stacks", () => {
    const packageJson = z
      .object({ scripts: z.record(z.string(), z.string()) })
      .parse(JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")));
    expect(packageJson.scripts.check).toMatch(/npm run build.*npm run lint.*npm test/);
    const commands = steps.map((step) => step.run ?? "");
    const at = (text: string): number => commands.findIndex((command) => command.includes(text));
    const order = ["bash .ci/run", "npm run render -- --stack dev", "npm run render -- --stack prod"];
    const positions = order.map(at);
    expect(
      positions.every((position) => position >= 0),
      JSON.stringify(positions),
    ).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it("uploads the rendered files as an artifact", () => {
    const upload = stepUsing(steps, "actions/upload-artifact");
    expect(upload).toHaveLength(1);
    const renderDirs = [...runText(steps).matchAll(/--out (\S+)/g)].map((m) => m[1] ?? "");
    expect(renderDirs).toHaveLength(2);
    const uploaded = String(upload[0]?.with?.path);
    for (const dir of renderDirs) expect(dir.startsWith(uploaded.replace(/\/$/, ""))).toBe(true);
    // upload-artifact skips dot-directories unless told otherwise.
    if (uploaded.startsWith(".")) expect(upload[0]?.with?.["include-hidden-files"]).toBe(true);
    expect(upload[0]?.with?.["if-no-files-found"]).toBe("error");
  });
});

describe("preview.yml", () => {
  const preview = load("preview.yml");
  const pulumiJob = job(preview, "pulumi-preview");
  const diffJob = job(preview, "rendered-diff");

  it("runs on pull requests with contents read and pull-requests write only", () => {
    expect(Object.keys(preview.on)).toEqual(["pull_request"]);
    expect(preview.permissions).toEqual({ contents: "read", "pull-requests": "write" });
  });

  it("keeps one preview per pull request, cancelling the older run", () => {
    expect(preview.concurrency?.group).toContain("github.event.pull_request.number");
    expect(preview.concurrency?.["cancel-in-progress"]).toBe(true);
  });

  it("previews dev and prod as a matrix with the current pulumi/actions major", () => {
    expect(pulumiJob.strategy?.matrix.stack).toEqual(["dev", "prod"]);
    const pulumi = stepUsing(pulumiJob.steps, "pulumi/actions");
    expect(pulumi).toHaveLength(1);
    expect(pulumi[0]?.uses).toMatch(new RegExp(`^pulumi/actions@v${PULUMI_ACTION_MAJOR}\\.`));
    expect(pulumi[0]?.with).toMatchObject({
      command: "preview",
      "stack-name": "${{ matrix.stack }}",
      "comment-on-pr": true,
      "edit-pr-comment": true,
      "cloud-url": "${{ secrets.PULUMI_BACKEND_URL }}",
    });
  });

  it("takes the config passphrase from a secret", () => {
    expect(pulumiJob.env?.PULUMI_CONFIG_PASSPHRASE).toBe("${{ secrets.PULUMI_CONFIG_PASSPHRASE }}");
  });

  it("gives only the prod preview the cluster kubeconfig, from a secret, before previewing", () => {
    const index = pulumiJob.steps.findIndex((step) => step.env?.PROD_KUBECONFIG !== undefined);
    const kubeconfig = pulumiJob.steps[index];
    expect(kubeconfig?.if).toBe("matrix.stack == 'prod'");
    expect(kubeconfig?.env?.PROD_KUBECONFIG).toBe("${{ secrets.PROD_KUBECONFIG }}");
    expect(kubeconfig?.run).toContain("KUBECONFIG=");
    expect(kubeconfig?.run).toContain("GITHUB_ENV");
    const previewIndex = pulumiJob.steps.findIndex((step) => step.uses?.startsWith("pulumi/actions@"));
    expect(index).toBeGreaterThanOrEqual(0);
    expect(index).toBeLessThan(previewIndex);
  });

  it("installs dependencies before the action runs the program", () => {
    const install = pulumiJob.steps.findIndex((step) => step.run?.includes("npm ci"));
    const previewIndex = pulumiJob.steps.findIndex((step) => step.uses?.startsWith("pulumi/actions@"));
    expect(install).toBeGreaterThanOrEqual(0);
    expect(install).toBeLessThan(previewIndex);
  });

  it("renders base and PR for both stacks and comments the diff", () => {
    const checkouts = stepUsing(diffJob.steps, "actions/checkout");
    expect(checkouts.map((step) => step.with?.path).sort()).toEqual(["base", "pr"]);
    expect(checkouts.find((step) => step.with?.path === "base")?.with?.ref).toBe(
      "${{ github.event.pull_request.base.sha }}",
    );
    const scripts = runText(diffJob.steps);
    expect(scripts).toMatch(/npm run --silent render -- --stack "\$stack" --out/);
    expect(scripts).toContain("for stack in dev prod");
    expect(scripts).toMatch(/render_side pr\b/);
    expect(scripts).toMatch(/render_side base\b/);
    expect(scripts).toMatch(/git diff --no-index --no-color base pr/);

    const comment = stepUsing(diffJob.steps, "actions/github-script");
    expect(comment).toHaveLength(1);
    const script = String(comment[0]?.with?.script);
    expect(script).toContain("createComment");
    expect(script).toContain("updateComment");
  });

  it("has a comment script that compiles", () => {
    const comment = stepUsing(diffJob.steps, "actions/github-script")[0];
    // github-script wraps the script in an async function; compile it the same way.
    expect(() => new Script(`(async () => {\n${String(comment?.with?.script)}\n})`)).not.toThrow();
  });

  describe("the diff comment script, run with a fake GitHub client", () => {
    interface Call {
      readonly method: string;
      readonly args: Record<string, unknown>;
    }
    type AsyncScript = (
      github: unknown,
      context: unknown,
      require: (id: string) => unknown,
      process: { env: Record<string, string> },
    ) => Promise<void>;

    async function runScript(options: {
      diff: string;
      changed: boolean;
      existing: readonly { id: number; body: string }[];
    }): Promise<Call[]> {
      const calls: Call[] = [];
      const record =
        (method: string) =>
        (args: Record<string, unknown>): Promise<void> => {
          calls.push({ method, args });
          return Promise.resolve();
        };
      const github = {
        paginate: (_list: unknown, args: Record<string, unknown>) => {
          calls.push({ method: "listComments", args });
          return Promise.resolve(options.existing);
        },
        rest: {
          issues: {
            listComments: {},
            createComment: record("createComment"),
            updateComment: record("updateComment"),
          },
        },
      };
      const context = {
        repo: { owner: "xai", repo: "observability" },
        payload: { pull_request: { number: 7 } },
      };
      const fakeFs = {
        readFileSync: (path: string) => {
          expect(path).toBe("rendered-config.diff");
          return options.diff;
        },
      };
      const script = String(stepUsing(diffJob.steps, "actions/github-script")[0]?.with?.script);
      // github-script runs the script as the body of an async function with these parameters.
      const asyncProbe = async (): Promise<void> => {
        await Promise.resolve();
      };
      const AsyncFunction = (
        Object.getPrototypeOf(asyncProbe) as { constructor: new (...args: string[]) => AsyncScript }
      ).constructor;
      const run = new AsyncFunction("github", "context", "require", "process", script);
      await run(github, context, () => fakeFs, { env: { DIFF_CHANGED: String(options.changed) } });
      return calls;
    }

    it("creates the comment on the first run", async () => {
      const calls = await runScript({ diff: "diff --git a/x b/x\n+new rule\n", changed: true, existing: [] });
      const created = calls.find((call) => call.method === "createComment");
      expect(created?.args).toMatchObject({ owner: "xai", repo: "observability", issue_number: 7 });
      expect(String(created?.args.body)).toContain("+new rule");
      expect(calls.some((call) => call.method === "updateComment")).toBe(false);
    });

    it("edits its own earlier comment instead of adding another", async () => {
      const first = await runScript({ diff: "diff --git a/x b/x\n", changed: true, existing: [] });
      const marker =
        String(first.find((call) => call.method === "createComment")?.args.body).split("\n")[0] ?? "";
      const calls = await runScript({
        diff: "diff --git a/y b/y\n",
        changed: true,
        existing: [
          { id: 1, body: "a human comment" },
          { id: 2, body: `${marker}\nold diff` },
        ],
      });
      expect(
        calls.filter((call) => call.method === "updateComment").map((call) => call.args.comment_id),
      ).toEqual([2]);
      expect(calls.some((call) => call.method === "createComment")).toBe(false);
    });

    it("cuts a diff too large for a comment and says where the rest is", async () => {
      const calls = await runScript({
        diff: `diff --git a/x b/x\n${"+".repeat(200_000)}`,
        changed: true,
        existing: [],
      });
      const body = String(calls.find((call) => call.method === "createComment")?.args.body);
      expect(body.length).toBeLessThanOrEqual(65_536);
      expect(body).toContain("rendered-config-diff");
    });

    it("says so when nothing changed", async () => {
      const calls = await runScript({ diff: "", changed: false, existing: [] });
      expect(String(calls.find((call) => call.method === "createComment")?.args.body)).toContain("No change");
    });
  });

  it("does not check out with a persisted token while running PR code", () => {
    for (const checkout of stepUsing([...pulumiJob.steps, ...diffJob.steps], "actions/checkout")) {
      expect(checkout.with?.["persist-credentials"]).toBe(false);
    }
  });
});

describe("deploy.yml", () => {
  const deploy = load("deploy.yml");
  const dev = job(deploy, "deploy-dev");
  const prod = job(deploy, "deploy-prod");

  it("runs on pushes to main only and never cancels a running deploy", () => {
    expect(deploy.on).toEqual({ push: { branches: ["main"] } });
    expect(deploy.concurrency?.["cancel-in-progress"]).toBe(false);
  });

  it("runs pulumi up on dev, then on prod", () => {
    for (const [stack, each] of [
      ["dev", dev],
      ["prod", prod],
    ] as const) {
      const up = stepUsing(each.steps, "pulumi/actions");
      expect(up).toHaveLength(1);
      expect(up[0]?.uses).toMatch(new RegExp(`^pulumi/actions@v${PULUMI_ACTION_MAJOR}\\.`));
      expect(up[0]?.with).toMatchObject({ command: "up", "stack-name": stack });
    }
    expect(prod.needs).toBe("deploy-dev");
  });

  it("deploys dev from the dev host's runner, and prod after dev unless dev failed", () => {
    expect(dev.if).toBe("vars.DEV_DEPLOY_RUNNER != ''");
    expect(dev["runs-on"]).toBe("${{ vars.DEV_DEPLOY_RUNNER }}");
    expect(prod.if).toMatch(/!failure\(\)/);
    expect(prod.if).toMatch(/!cancelled\(\)/);
  });

  it("puts prod behind the production environment", () => {
    expect(prod.environment).toMatchObject({ name: "production" });
  });

  it("reads backend and passphrase from secrets", () => {
    expect(deploy.env).toEqual({
      PULUMI_BACKEND_URL: "${{ secrets.PULUMI_BACKEND_URL }}",
      PULUMI_CONFIG_PASSPHRASE: "${{ secrets.PULUMI_CONFIG_PASSPHRASE }}",
    });
  });

  it("writes each stack's outputs to the job summary without secrets", () => {
    for (const each of [dev, prod]) {
      const upIndex = each.steps.findIndex((step) => step.uses?.startsWith("pulumi/actions@"));
      const summaryIndex = each.steps.findIndex((step) => step.run?.includes("GITHUB_STEP_SUMMARY"));
      expect(summaryIndex).toBeGreaterThan(upIndex);
      const summary = each.steps[summaryIndex]?.run ?? "";
      expect(summary).toContain("pulumi stack output");
      expect(summary).not.toContain("--show-secrets");
    }
  });
});
