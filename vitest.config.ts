import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

/**
 * The MCP SDK and cron-schedule ship source maps whose sources are not in their packages; on a cold
 * cache vite warns once per such file (two dozen lines on a fresh clone). Nothing here can act on
 * it, so those warnings, and only those, are dropped.
 */
export const quietMissingSourceMaps = {
  name: "outpost:quiet-missing-source-maps",
  configResolved(config: { logger: { warnOnce(message: string, options?: unknown): void } }) {
    const warnOnce = config.logger.warnOnce.bind(config.logger);
    config.logger.warnOnce = (message, options) => {
      if (!/^Sourcemap for ".*" points to missing source files$/.test(message)) warnOnce(message, options);
    };
  },
};

// Two projects: `runtime` runs inside workerd with real Durable Objects, KV and SQLite;
// `e2e` runs in Node and drives a real `wrangler dev` with real MCP clients.
export default defineConfig({
  test: {
    // Console output (the worker's JSON log lines, chiefly) only for tests that fail: a passing run
    // stays readable, a failing test still shows what it logged. Tests that assert on log lines spy
    // on console.log, which this does not affect.
    silent: "passed-only",
    // Tool schema snapshots (test/toolkits/__toolsnaps__/) are rewritten only when asked to.
    ...(process.env.UPDATE_TOOLSNAPS === "1" && { update: true }),
    projects: [
      {
        plugins: [
          quietMissingSourceMaps,
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              // Secrets a deployment sets with `wrangler secret put`; fixed here so tests are repeatable.
              bindings: {
                OWNER_PASSPHRASE: "correct horse battery staple",
                NOTIFY_ENCRYPTION_KEY: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
                // Every test registers clients from the same (absent) address; the limit itself is
                // tested with its own value in test/worker/registration.test.ts.
                REGISTRATIONS_PER_HOUR: "100000",
              },
            },
          }),
        ],
        test: {
          name: "runtime",
          // A real HTTP receiver on loopback for the notify tests (runs in Node; tests get its port via inject).
          // The fuzz suite's seed and scale, from FUZZ_SEED and FUZZ_SCALE (test/fuzz/seed-setup.ts).
          globalSetup: ["test/notify/receiver-setup.ts", "test/fuzz/seed-setup.ts"],
          // A file's first request bundles and starts the worker: seconds on a cold 2-core machine,
          // and often in a beforeAll hook.
          testTimeout: 20_000,
          hookTimeout: 20_000,
          include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
          exclude: ["test/e2e/**", "test/browser/**", "test/architecture/**"],
        },
      },
      {
        test: {
          name: "e2e",
          // test/architecture: static checks of the source tree, read from disk.
          include: ["test/e2e/**/*.test.ts", "test/architecture/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One wrangler dev per file; two cores here, so keep files sequential.
          fileParallelism: false,
        },
      },
      {
        // Real pages in Debian's chromium against a real wrangler dev (`npm run test:browser`, not part
        // of `npm test`, which needs nothing beyond npm).
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
