import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// Two projects: `runtime` runs inside workerd with real Durable Objects, KV and SQLite;
// `e2e` runs in Node and drives a real `wrangler dev` with real MCP clients.
export default defineConfig({
  test: {
    projects: [
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              // Secrets a deployment sets with `wrangler secret put`; fixed here so tests are repeatable.
              bindings: {
                OWNER_PASSPHRASE: "correct horse battery staple",
                NOTIFY_ENCRYPTION_KEY: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
              },
            },
          }),
        ],
        test: {
          name: "runtime",
          // A real HTTP receiver on loopback for the notify tests (runs in Node; tests get its port via inject).
          // The fuzz suite's seed and scale, from FUZZ_SEED and FUZZ_SCALE (test/fuzz/seed-setup.ts).
          globalSetup: ["test/notify/receiver-setup.ts", "test/fuzz/seed-setup.ts"],
          // A file's first request bundles and starts the worker: seconds on a cold 2-core machine.
          testTimeout: 20_000,
          include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
          exclude: ["test/e2e/**"],
        },
      },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One wrangler dev per file; two cores here, so keep files sequential.
          fileParallelism: false,
        },
      },
    ],
  },
});
