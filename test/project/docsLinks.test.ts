import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/** Links between the operator docs must land: on a file that exists, and on a heading it has. */

const REPO_ROOT = join(__dirname, "..", "..");
const DOCS = [
  "README.md",
  "docs/MONITORING_GUIDE.md",
  "docs/METRICS_INTEGRATION.md",
  "docs/SETUP_CHECKLIST.md",
];

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function headingSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_\- ]/gu, "")
    .replace(/ /g, "-");
}

function anchorsOf(markdown: string): Set<string> {
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, "");
  return new Set([...withoutCode.matchAll(/^#{1,6} (.+)$/gm)].map((match) => headingSlug(match[1] ?? "")));
}

/** Relative links outside code blocks, as [text](target). */
function relativeLinks(markdown: string): string[] {
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
  return [...withoutCode.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1] ?? "")
    .filter((target) => !/^[a-z]+:/.test(target));
}

describe("headingSlug", () => {
  it("follows GitHub's rules", () => {
    expect(headingSlug("7. Troubleshooting by symptom")).toBe("7-troubleshooting-by-symptom");
    expect(headingSlug("Pull requests: previews, checks and deploys")).toBe(
      "pull-requests-previews-checks-and-deploys",
    );
    expect(headingSlug('A container restarts with "permission denied" on its data')).toBe(
      "a-container-restarts-with-permission-denied-on-its-data",
    );
  });
});

describe.each(DOCS)("links in %s", (file) => {
  const path = join(REPO_ROOT, file);
  const links = relativeLinks(readFileSync(path, "utf8"));

  it.each(links)("%s resolves", (link) => {
    const [target = "", anchor] = link.split("#");
    const targetPath = target === "" ? path : resolve(dirname(path), target);
    expect(existsSync(targetPath), `${file}: ${link} points at a missing file`).toBe(true);
    if (anchor && targetPath.endsWith(".md")) {
      expect([...anchorsOf(readFileSync(targetPath, "utf8"))], `${file}: ${link}`).toContain(anchor);
    }
  });
});
