/**
 * vitest globalSetup for the runtime project: hand the fuzz suite a seed and a run multiplier from
 * the environment (tests inside workerd cannot read it), so a developer can replay or widen the
 * bounded run without editing it: `FUZZ_SEED=123 FUZZ_SCALE=5 npx vitest run test/fuzz`.
 */
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    fuzzSeed: number | null;
    fuzzScale: number;
  }
}

export default function setup(project: TestProject): void {
  const seed = Number.parseInt(process.env.FUZZ_SEED ?? "", 10);
  const scale = Number(process.env.FUZZ_SCALE ?? "1");
  project.provide("fuzzSeed", Number.isFinite(seed) ? seed : null);
  project.provide("fuzzScale", Number.isFinite(scale) && scale > 0 ? scale : 1);
}
