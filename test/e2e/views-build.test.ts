/**
 * The views ship as src/views/html.generated.ts, committed so that a clean clone builds and deploys
 * without a build step. This fails when a view's source changed and the module was not rebuilt.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NODE, REPO_ROOT } from "./harness";

describe("the generated views module", () => {
  it("matches a fresh build of src/views/app", () => {
    const run = spawnSync(NODE, [join(REPO_ROOT, "scripts/build-views.mjs"), "--check"], {
      cwd: REPO_ROOT,
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });
});
