/**
 * Workspace search scaling: search latency inside the Workspace object at 1k, 10k and 100k notes,
 * against a LIKE scan of the same rows in the same run, and note-creation throughput with the index
 * maintained. Runs bench/workspace/worker.ts (the real Workspace class plus bench-only routes)
 * under its own `wrangler dev`. Called by bench/run.mjs; also runnable alone:
 *
 *   node bench/workspace/search.mjs [--smoke]
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadHarness, startBenchWorker } from "../lib/harness.mjs";
import { ratio, summarize } from "../lib/stats.mjs";

const CONFIG = "bench/workspace/wrangler.toml";
const SEED_BATCH = 5_000;

const FULL = {
  sizes: [1_000, 10_000, 100_000],
  samples: 7,
  repeat: 20,
  likeRepeat: 1,
  creates: 1_000,
  outsideRequests: 30,
};
const SMOKE = { sizes: [1_000], samples: 2, repeat: 3, likeRepeat: 1, creates: 100, outsideRequests: 5 };

/** The query mix: each a realistic search, with the equivalent LIKE scan. */
function queryMix(words, smoke) {
  const mix = [
    { name: "rare word (1 in 1000 notes)", query: "zeppelin", like: ["zeppelin"] },
    { name: "two words, AND", query: "sourdough starter", like: ["sourdough", "starter"] },
    { name: "phrase", query: '"budget review"', like: ["budget review"] },
    { name: "prefix", query: "zeppel*", like: ["zeppel"] },
    { name: "word + tag filter", query: "budget tag:finance", like: ["budget"], tag: "finance" },
    { name: "common word (1 in 10 notes)", query: "budget", like: ["budget"] },
    { name: "mid-frequency vocabulary word", query: words.mid, like: [words.mid] },
    { name: "very common vocabulary word", query: words.common, like: [words.common] },
  ];
  return smoke ? mix.slice(0, 3) : mix;
}

export default async function benchWorkspaceSearch({ smoke = false } = {}) {
  const plan = smoke ? SMOKE : FULL;
  const log = (message) => process.stderr.write(`[workspace-search] ${message}\n`);
  const harness = await loadHarness();
  const worker = await startBenchWorker({ harness, configPath: CONFIG });
  const post = async (path, body = {}) => {
    const response = await fetch(`${worker.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
    return response.json();
  };
  try {
    const words = await post("/corpus");
    const queries = queryMix(words, smoke);
    const clock = await post("/clock");
    const results = [];
    let seeded = 0;
    let notes = 0;
    let nextCreate = 10_000_000;
    for (const size of plan.sizes) {
      // Seed in bulk up to `creates` short of the size, then create the rest through the public
      // path (timed: the creation throughput at this index size), so search runs at exactly `size`.
      const seedStart = performance.now();
      while (notes < size - plan.creates) {
        const to = seeded + Math.min(SEED_BATCH, size - plan.creates - notes);
        notes = (await post("/seed", { from: seeded, to })).notes;
        seeded = to;
      }
      const seedMs = performance.now() - seedStart;
      const creation = await post("/create-many", { from: nextCreate, count: size - notes });
      nextCreate += creation.created;
      notes = creation.notes;
      if (notes !== size) throw new Error(`expected ${size} notes, the workspace holds ${notes}`);
      log(`${size} notes ready`);
      const perQuery = [];
      for (const query of queries) {
        const timed = await post("/time", {
          query,
          samples: plan.samples,
          repeat: plan.repeat,
          likeRepeat: plan.likeRepeat,
        });
        perQuery.push({ name: query.name, query: query.query, ...timed });
      }
      // Cross-check from outside: wall time of one search request minus a no-op request.
      const noop = [];
      const outside = [];
      for (let i = 0; i < plan.outsideRequests; i++) {
        let t = performance.now();
        await post("/noop");
        noop.push(performance.now() - t);
        const query = queries[i % queries.length];
        t = performance.now();
        await post("/search", { query: query.query });
        outside.push(performance.now() - t);
      }
      const fts = summarize(perQuery.flatMap((q) => q.fts));
      const like = summarize(perQuery.flatMap((q) => q.like));
      const noopSummary = summarize(noop);
      const outsideSummary = summarize(outside);
      results.push({
        notes: size,
        seedSeconds: Number((seedMs / 1000).toFixed(2)),
        fts,
        like,
        speedupP50: ratio(like.p50, fts.p50),
        speedupP95: ratio(like.p95, fts.p95),
        outside: {
          searchP50: outsideSummary.p50,
          noopP50: noopSummary.p50,
          netP50: Number(Math.max(0, outsideSummary.p50 - noopSummary.p50).toFixed(3)),
        },
        createPerSecond: creation.ms > 0 ? Math.round((creation.created / creation.ms) * 1000) : null,
        createdForThroughput: creation.created,
        queries: perQuery.map((q) => ({
          name: q.name,
          query: q.query,
          hits: q.ftsHits,
          likeHits: q.likeHits,
          ftsP50: summarize(q.fts).p50,
          likeP50: summarize(q.like).p50,
        })),
      });
      log(`${size} notes: search p50 ${fts.p50} ms, LIKE p50 ${like.p50} ms, ${results.at(-1).speedupP50}×`);
    }
    const largest = results.at(-1);
    const goals = [
      {
        goal: `search p50 under 10 ms at ${largest.notes} notes`,
        met: largest.fts.p50 !== null && largest.fts.p50 < 10,
        actual: `${largest.fts.p50} ms`,
      },
      {
        goal: "search at least 20× faster than a LIKE scan (p50)",
        met: (largest.speedupP50 ?? 0) >= 20,
        actual: `${largest.speedupP50}×`,
      },
    ];
    const data = { smoke, plan, clock, results, goals };
    return { data, markdown: renderMarkdown(data) };
  } finally {
    await worker.stop();
  }
}

function renderMarkdown({ smoke, plan, clock, results, goals }) {
  const lines = [];
  lines.push("## Workspace search");
  lines.push("");
  lines.push(
    `Search runs inside the Workspace Durable Object (SQLite FTS5, bm25, snippets for the returned page, a count of all matches) on a synthetic corpus: Zipf-distributed vocabulary, 40–120 words per note, planted words at known rates. The baseline is a \`LIKE '%term%'\` scan of titles and bodies over the same rows in the same object and run, returning the 20 most recent matches and their count. Each row of the table pools ${plan.samples} samples of each of ${results[0]?.queries.length ?? 0} queries${smoke ? " (smoke run: small sample, not for comparison)" : ""}.`,
  );
  lines.push("");
  lines.push(
    `How it is timed: \`performance.now()\` inside the object does advance during CPU work under local \`wrangler dev\` (a 20 M-step loop measured ${clock.elapsedMs} ms), but only in whole milliseconds, so each search sample is the mean of ${plan.repeat} back-to-back runs of the query; LIKE samples are single runs (long enough to time). The outside column is the wall time of a search request minus a no-op request to the same object (p50 of each), as a cross-check that includes RPC and HTTP overhead.`,
  );
  lines.push("");
  lines.push(
    "| notes | search p50 | search p95 | LIKE p50 | LIKE p95 | speed-up p50 | speed-up p95 | outside net p50 | creates/s | seeding |",
  );
  lines.push("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of results) {
    lines.push(
      `| ${r.notes.toLocaleString("en-US")} | ${r.fts.p50} ms | ${r.fts.p95} ms | ${r.like.p50} ms | ${r.like.p95} ms | ${r.speedupP50}× | ${r.speedupP95}× | ${r.outside.netP50} ms | ${r.createPerSecond ?? "n/a"} | ${r.seedSeconds} s |`,
    );
  }
  lines.push("");
  const largest = results.at(-1);
  lines.push(`Per query at ${largest.notes.toLocaleString("en-US")} notes (p50; hits = all matches):`);
  lines.push("");
  lines.push("| query | hits | search | LIKE | speed-up |");
  lines.push("|---|---:|---:|---:|---:|");
  for (const q of largest.queries)
    lines.push(
      `| ${q.name}: \`${q.query}\` | ${q.hits} | ${q.ftsP50} ms | ${q.likeP50} ms | ${ratio(q.likeP50, q.ftsP50) ?? "n/a"}${ratio(q.likeP50, q.ftsP50) === null ? "" : "×"} |`,
    );
  lines.push("");
  lines.push(
    `Creates/s: notes created one at a time through the public path (validation, one transaction each, the FTS index and tag rows maintained by the same transaction), ${largest.createdForThroughput} notes per size, timed inside the object. Seeding (bench-only, ${SEED_BATCH.toLocaleString("en-US")} rows per transaction) is reported for scale, not as a product figure. "hits" for search counts bm25 token matches; LIKE counts substring matches, so the two can differ for words that occur inside longer words.`,
  );
  lines.push("");
  for (const goal of goals) lines.push(`- ${goal.met ? "Met" : "Missed"}: ${goal.goal} — ${goal.actual}.`);
  return lines.join("\n");
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await benchWorkspaceSearch({ smoke: process.argv.includes("--smoke") });
  process.stdout.write(`${result.markdown}\n`);
}
