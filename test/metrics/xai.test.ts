import { describe, expect, it } from "vitest";
import { XAI_FAMILIES } from "../../metrics/xai";
import { XAI_NODE_SERIES_LABELS } from "../../settings/names";

describe("the node's series labels settings guard (settings/names.ts)", () => {
  it("are exactly the label names of the metric contract", () => {
    const contract = new Set(XAI_FAMILIES.flatMap((family) => family.labels));
    expect(new Set(XAI_NODE_SERIES_LABELS)).toEqual(contract);
  });
});
