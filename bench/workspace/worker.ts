/**
 * Bench-only worker: the production Workspace class with routes to seed a corpus in bulk and to
 * time searches inside the object. Never deployed; see bench/workspace/search.mjs.
 */
import { searchNotes } from "../../src/workspace/search";
import { Workspace } from "../../src/workspace/workspace";
import { generateNote, PLANTED, syntheticWord } from "./corpus";

export interface BenchQuery {
  /** The query as a user types it (the workspace's search language). */
  query: string;
  /** The same question as a LIKE scan: every pattern must match title or body; optional tag. */
  like: string[];
  tag?: string;
}

export class BenchWorkspace extends Workspace {
  /** Append notes [from, to) of the corpus in one transaction; the FTS triggers index each row. */
  async seed(from: number, to: number): Promise<number> {
    const sql = this.ctx.storage.sql;
    const now = Date.now();
    this.ctx.storage.transactionSync(() => {
      for (let index = from; index < to; index++) {
        const note = generateNote(index);
        const id = `n_${index.toString(32).padStart(16, "0")}`;
        const { rowid } = sql
          .exec<{ rowid: number }>(
            "INSERT INTO notes (id, title, title_key, body, tags, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, 1) RETURNING rowid",
            id,
            note.title,
            note.title.toLowerCase(),
            note.body,
            JSON.stringify(note.tags),
            now - (to - index) * 1000,
            now - (to - index) * 1000,
          )
          .one();
        for (const tag of note.tags) sql.exec("INSERT INTO note_tags (tag, note_rowid) VALUES (?, ?)", tag, rowid);
      }
    });
    return this.notes.count();
  }

  /** Whether the clock moves during pure CPU work in this runtime (it does not under Spectre mitigations). */
  async clockProbe(): Promise<{ elapsedMs: number; spins: number }> {
    const start = performance.now();
    let spins = 0;
    let x = 0;
    while (spins < 20_000_000) {
      x = (x * 31 + spins) % 1_000_003;
      spins++;
    }
    return { elapsedMs: performance.now() - start + (x < 0 ? 1 : 0), spins };
  }

  /**
   * Latency samples in ms for one query, inside the object. The clock here moves in whole
   * milliseconds, so each FTS sample is the mean of `repeat` back-to-back runs; a LIKE scan takes
   * long enough to time one run per sample.
   */
  async timeQuery(
    query: BenchQuery,
    samples: number,
    repeat: number,
    likeRepeat: number,
  ): Promise<{ fts: number[]; like: number[]; ftsHits: number; likeHits: number }> {
    const sql = this.ctx.storage.sql;
    const fts: number[] = [];
    const like: number[] = [];
    let ftsHits = 0;
    let likeHits = 0;
    for (let s = 0; s < samples; s++) {
      const t0 = performance.now();
      for (let r = 0; r < repeat; r++) {
        const result = searchNotes(sql, { query: query.query, limit: 20 });
        if (!result.ok) throw new Error(`${query.query}: ${result.error.message}`);
        ftsHits = result.value.items.length + (result.value.remaining ?? 0);
      }
      fts.push((performance.now() - t0) / repeat);
      const t1 = performance.now();
      for (let r = 0; r < likeRepeat; r++) likeHits = likeScan(sql, query);
      like.push((performance.now() - t1) / likeRepeat);
    }
    return { fts, like, ftsHits, likeHits };
  }

  /** The LIKE scan alone, for timing from outside. */
  async likeOnce(query: BenchQuery): Promise<number> {
    return likeScan(this.ctx.storage.sql, query);
  }

  async searchOnce(query: string): Promise<number> {
    const result = searchNotes(this.ctx.storage.sql, { query, limit: 20 });
    return result.ok ? result.value.items.length : -1;
  }

  async noop(): Promise<number> {
    return 0;
  }

  /** Create `count` notes through the public path (validation, one transaction each, index maintained), timed. */
  async createMany(from: number, count: number): Promise<{ ms: number; created: number; notes: number }> {
    const t0 = performance.now();
    for (let i = 0; i < count; i++) {
      const result = this.notes.create(generateNote(from + i));
      if (!result.ok) throw new Error(result.error.message);
    }
    return { ms: performance.now() - t0, created: count, notes: this.notes.count() };
  }

  async createOne(index: number): Promise<boolean> {
    return this.notes.create(generateNote(index)).ok;
  }
}

/**
 * What the same question costs without the index: every row's title and body scanned with LIKE,
 * matches ordered by recency and the first 20 kept, plus a count of all matches (the search path
 * also counts, to say how many remain).
 */
function likeScan(sql: SqlStorage, query: BenchQuery): number {
  const where = query.like.map(() => "(title LIKE ? OR body LIKE ?)");
  const params: string[] = query.like.flatMap((pattern) => [`%${pattern}%`, `%${pattern}%`]);
  if (query.tag) {
    where.push("rowid IN (SELECT note_rowid FROM note_tags WHERE tag = ?)");
    params.push(query.tag);
  }
  const clause = where.join(" AND ");
  const rows = sql
    .exec(
      `SELECT id, title, substr(body, 1, 100) AS opening FROM notes WHERE ${clause} ORDER BY updated_at DESC LIMIT 20`,
      ...params,
    )
    .toArray();
  const total = sql.exec<{ n: number }>(`SELECT count(*) AS n FROM notes WHERE ${clause}`, ...params).one().n;
  return Math.max(rows.length, total);
}

const stub = (env: Env) =>
  env.WORKSPACE.get(env.WORKSPACE.idFromName("bench")) as unknown as DurableObjectStub<BenchWorkspace>;

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    const body = request.method === "POST" ? ((await request.json()) as Record<string, any>) : {};
    const ws = stub(env);
    const json = (value: unknown) => Response.json(value);
    switch (url.pathname) {
      case "/health":
        return json({ status: "ok" });
      case "/corpus":
        // A very common and a mid-frequency word of the synthetic vocabulary, for the query mix.
        return json({ common: syntheticWord(1), mid: syntheticWord(200), planted: PLANTED });
      case "/seed":
        return json({ notes: await ws.seed(body.from, body.to) });
      case "/clock":
        return json(await ws.clockProbe());
      case "/time":
        return json(await ws.timeQuery(body.query, body.samples, body.repeat, body.likeRepeat));
      case "/search":
        return json({ hits: await ws.searchOnce(body.query) });
      case "/like":
        return json({ hits: await ws.likeOnce(body.query) });
      case "/noop":
        return json({ ok: await ws.noop() });
      case "/create-many":
        return json(await ws.createMany(body.from, body.count));
      case "/create":
        return json({ ok: await ws.createOne(body.index) });
      default:
        return json({ error: "not_found" });
    }
  },
} satisfies ExportedHandler<Env>;
