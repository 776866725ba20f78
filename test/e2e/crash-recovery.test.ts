/**
 * A power cut in the middle of writes: `kill -9` of the whole `wrangler dev` process group while
 * concurrent clients create notes, then a restart on the same storage (`--persist-to`) and port.
 * Every note whose creation was acknowledged before the kill must be there, whole; no note may be
 * half-written; and search must agree with the notes (each present note found by its own word,
 * no hit for a note that is not there).
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modernInit } from "../fuzz/catalog";
import { type DevServer, freePort, startDevServer } from "./harness";
import { signIn } from "./oauth";

const WRITERS = 8;
/** Kill after this many acknowledged writes (or after KILL_AFTER_MS, whichever comes first). */
const KILL_AFTER_ACKS = 40;
const KILL_AFTER_MS = 8_000;

let dir: string;
let server: DevServer | undefined;
const passphrase = `crash-${randomBytes(9).toString("base64url")}`;
const secrets = { NOTIFY_ENCRYPTION_KEY: randomBytes(32).toString("base64") };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "outpost-crash-"));
});
afterAll(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
});

/** One 2026-07-28 tools/call over plain fetch; the structured result, or undefined for anything else. */
async function callTool(
  base: string,
  token: string,
  name: string,
  args: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<Record<string, any> | undefined> {
  const response = await fetch(`${base}/mcp`, {
    ...modernInit(token, "tools/call", { name, arguments: args }),
    signal,
  });
  const text = await response.text();
  const data =
    text
      .split("\n")
      .find((line) => line.startsWith("data: "))
      ?.slice(6) ?? text;
  const reply = JSON.parse(data) as { result?: { isError?: boolean; structuredContent?: Record<string, any> } };
  return reply.result && !reply.result.isError ? reply.result.structuredContent : undefined;
}

/** What note `w`-`i` holds: a unique word for search, and a body long enough to span pages. */
const wordOf = (w: number, i: number) => `crashword${w}x${i}`;
const bodyOf = (w: number, i: number) =>
  `${wordOf(w, i)} ${`line ${w}.${i} of a note written while the server was killed.\n`.repeat(60)}`;

describe("kill -9 in the middle of concurrent note writes", () => {
  it("keeps every acknowledged note whole after a restart on the same storage, and search agrees", async () => {
    const port = await freePort();
    const persistTo = join(dir, "state");
    server = await startDevServer({ port, persistTo, passphrase, secrets });
    const { tokens } = await signIn(server.url, { passphrase, scope: "workspace:read workspace:write offline_access" });
    const token = tokens.access_token;

    const acknowledged = new Map<string, { w: number; i: number }>();
    const attempted: { w: number; i: number }[] = [];
    const stopWriting = new AbortController();
    const writers = Array.from({ length: WRITERS }, async (_, w) => {
      for (let i = 0; !stopWriting.signal.aborted; i++) {
        attempted.push({ w, i });
        try {
          const note = await callTool(
            server!.url,
            token,
            "notes_create",
            { title: `crash ${w}.${i}`, body: bodyOf(w, i), tags: ["crash"] },
            stopWriting.signal,
          );
          if (note?.id) acknowledged.set(note.id, { w, i });
        } catch {
          return; // The server is gone: this writer's last write was never acknowledged.
        }
      }
    });
    const started = Date.now();
    while (acknowledged.size < KILL_AFTER_ACKS && Date.now() - started < KILL_AFTER_MS)
      await new Promise((resolve) => setTimeout(resolve, 10));
    await server.crash();
    stopWriting.abort();
    await Promise.all(writers);
    const acknowledgedAtKill = new Map(acknowledged);
    expect(acknowledgedAtKill.size).toBeGreaterThan(0);
    await server.stop();

    server = await startDevServer({ port, persistTo, passphrase, secrets });
    // The same token: OAuth state lives in the same storage, and the resource (origin and port) is unchanged.
    const listed: { id: string; title: string; chars: number }[] = [];
    let cursor: string | undefined;
    do {
      const page = await callTool(server.url, token, "notes_list", {
        tag: "crash",
        limit: 100,
        ...(cursor && { cursor }),
      });
      expect(page, "notes_list after the restart").toBeDefined();
      listed.push(...page!.notes);
      cursor = page!.nextCursor;
    } while (cursor);

    const listedIds = new Set(listed.map((note) => note.id));
    for (const id of acknowledgedAtKill.keys())
      expect(listedIds.has(id), `acknowledged note ${id} is missing after the restart`).toBe(true);
    // At most the writes in flight at the kill may have landed without an acknowledgement.
    expect(listed.length).toBeLessThanOrEqual(acknowledgedAtKill.size + WRITERS);

    for (const summary of listed) {
      const [w, i] = (/^crash (\d+)\.(\d+)$/.exec(summary.title) ?? []).slice(1).map(Number) as [number, number];
      const note = await callTool(server.url, token, "notes_get", { id: summary.id });
      expect(note?.body, `note ${summary.title} is not whole`).toBe(bodyOf(w, i));
      const hits = await callTool(server.url, token, "notes_search", { query: wordOf(w, i) });
      expect(
        hits?.hits.map((hit: { id: string }) => hit.id),
        `search for ${summary.title}`,
      ).toEqual([summary.id]);
    }
    // No search hit for a write that did not land (a row in the index without its note).
    for (const { w, i } of attempted
      .filter(({ w, i }) => !listed.some((note) => note.title === `crash ${w}.${i}`))
      .slice(0, 10)) {
      const hits = await callTool(server.url, token, "notes_search", { query: wordOf(w, i) });
      expect(hits?.hits, `search for the lost write ${w}.${i}`).toEqual([]);
    }
    const after = await callTool(server.url, token, "notes_create", {
      title: "after the crash",
      body: "writes work again",
    });
    expect(after?.id).toMatch(/^n_/);
    process.stdout.write(
      `crash-recovery: ${acknowledgedAtKill.size} writes acknowledged before kill -9, ${listed.length} notes after the restart, all whole\n`,
    );
  }, 180_000);
});
