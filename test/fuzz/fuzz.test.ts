/**
 * The bounded fuzz run of `npm test`: every property of properties.ts with a fixed seed and a few
 * dozen cases, through the worker's own fetch inside workerd. Long runs against `wrangler dev`
 * with any seed: `npm run fuzz -- --runs N --seed S` (docs/reliability.md).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { healthProblems } from "./health";
import { KNOWN_FAILURES } from "./known-failures";
import { PROPERTIES } from "./properties";
import { fuzzProperty } from "./runner";
import { type RuntimeTarget, runtimeTarget } from "./runtime-target";

/** Fixed, so `npm test` is repeatable; FUZZ_SEED replays another, and `npm run fuzz` takes any. */
const SEED = inject("fuzzSeed") ?? 20_260_728;
const SCALE = inject("fuzzScale");
/** Cases per property: about 800 requests, 10–30 s on a busy 2-core machine. */
const RUNS: Record<string, number> = {
  "mcp-modern": 100,
  "mcp-session": 80,
  "mcp-raw-body": 40,
  "mcp-methods-paths": 60,
  "oauth-register": 40,
  "oauth-token": 60,
  "authorize-get": 40,
  "consent-post": 20,
  "public-paths": 80,
  "tool-call": 250,
};

let target: RuntimeTarget;

beforeAll(async () => {
  target = await runtimeTarget();
}, 60_000);

afterAll(() => target?.close());

describe("fuzzing every endpoint and every tool (seeded, bounded)", () => {
  for (const property of PROPERTIES) {
    it(
      `${property.name}: ${property.covers}`,
      async () => {
        const outcome = await fuzzProperty(target, property, {
          seed: SEED,
          numRuns: Math.ceil((RUNS[property.name] ?? 20) * SCALE),
          timeLimitMs: 45_000 * SCALE,
        });
        if (outcome.failed) expect.fail(`${property.name} broke an invariant.\n${outcome.report}`);
      },
      60_000 * SCALE,
    );
  }
});

describe.skipIf(KNOWN_FAILURES.length === 0)(
  "known failures (each must still fail: delete the entry once its fix lands)",
  () => {
    for (const entry of KNOWN_FAILURES) {
      it(`${entry.property}: ${entry.defect}`, async () => {
        const property = PROPERTIES.find((candidate) => candidate.name === entry.property);
        if (!property) throw new Error(`no property named ${entry.property}`);
        const problems = await property.check(target, entry.example);
        expect(
          problems.some((problem) => entry.explains(problem, entry.example)),
          `the example no longer shows "${entry.defect}": remove the entry`,
        ).toBe(true);
      });
    }
  },
);

describe("after the fuzzing", () => {
  it("is healthy: /health answers ok, and a tool call works in each era", async () => {
    expect(await healthProblems(target)).toEqual([]);
  });
});
