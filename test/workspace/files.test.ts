/** Files in the real object and R2: round trips, limits, quota, deletion and the sweeper. */
import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { FilesStore } from "../../src/workspace/files-store";
import { FILE_LIMITS } from "../../src/workspace/limits";
import { migrate } from "../../src/workspace/schema";
import { pdfDocument, pngImage, sha256Hex } from "./fixtures";
import { refused, value, workspace } from "./helpers";

const text = (s: string) => new TextEncoder().encode(s);

/** The R2 keys stored under one workspace's prefix. */
async function keysOf(ws: ReturnType<typeof workspace>): Promise<string[]> {
  const listed = await env.FILES.list({ prefix: `users/${ws.id.toString()}/` });
  return listed.objects.map((object) => object.key);
}

/** A FilesStore over the object's real storage and bucket, with small limits for edge tests. */
function smallStore(
  state: DurableObjectState,
  limits: { fileMaxBytes: number; quotaBytes: number },
  bucket: R2Bucket = env.FILES,
) {
  migrate(state.storage);
  return new FilesStore({ storage: state.storage, bucket, prefix: `users/${state.id.toString()}/files/`, limits });
}

describe("file round trips", () => {
  it("stores a PNG and a PDF and returns them byte for byte", async () => {
    const ws = workspace();
    for (const [name, bytes, type] of [
      ["chart.png", pngImage(), "image/png"],
      ["report.pdf", pdfDocument(), "application/pdf"],
    ] as const) {
      const info = value(await ws.putFile({ name, bytes }));
      expect(info).toMatchObject({ name, contentType: type, size: bytes.byteLength, sha256: await sha256Hex(bytes) });
      expect(info.id).toMatch(/^f_[0-9a-z]{16}$/);
      const read = value(await ws.getFile(info.id));
      expect(read.info).toEqual(info);
      expect(read.bytes).toEqual(bytes);
      expect(value(await ws.getFileInfo(info.id))).toEqual(info);
    }
    const keys = await keysOf(ws);
    expect(keys).toHaveLength(2);
    // Keys name the object, never the user.
    for (const key of keys) expect(key).toMatch(new RegExp(`^users/${ws.id.toString()}/files/f_[0-9a-z]{16}$`));
  });

  it("keeps text, including emoji and right-to-left text, exactly", async () => {
    const ws = workspace();
    const content = "# Notes 📝\n\nשלום — مرحبا\n";
    const info = value(await ws.putFile({ name: "notes.md", bytes: text(content) }));
    expect(info.contentType).toBe("text/markdown");
    expect(new TextDecoder().decode(value(await ws.getFile(info.id)).bytes)).toBe(content);
  });

  it("refuses contradictory types and bad names, storing nothing", async () => {
    const ws = workspace();
    expect(
      refused(await ws.putFile({ name: "x.pdf", declaredType: "application/pdf", bytes: pngImage() }), "invalid")
        .message,
    ).toContain("image/png");
    refused(await ws.putFile({ name: "x.png", declaredType: "image/png", bytes: text("hello") }), "invalid");
    for (const name of ["", "a/b.txt", "nul\u0000.txt", "x".repeat(FILE_LIMITS.nameChars + 1)])
      refused(await ws.putFile({ name, bytes: text("x") }), "invalid");
    expect(await keysOf(ws)).toEqual([]);
    expect(await ws.usage()).toMatchObject({ files: 0, fileBytes: 0 });
  });

  it("answers invalid and unknown ids", async () => {
    const ws = workspace();
    for (const id of ["", "n_0123456789abcdef", "f_short", "../../etc/passwd"]) {
      expect(refused(await ws.getFile(id), "invalid").message).toContain('"f_" followed by 16');
    }
    refused(await ws.getFile("f_0123456789abcdef"), "not_found");
    refused(await ws.getFileInfo("f_0123456789abcdef"), "not_found");
    refused(await ws.deleteFile("f_0123456789abcdef"), "not_found");
  });
});

describe("limits", () => {
  it("enforces the configured per-file limit at its edge", async () => {
    const ws = workspace();
    const usage = await ws.usage();
    expect(usage.fileMaxBytes).toBe(Number(env.WORKSPACE_FILE_MAX_BYTES));
    expect(usage.quotaBytes).toBe(Number(env.WORKSPACE_QUOTA_BYTES));
    const atLimit = new Uint8Array(usage.fileMaxBytes);
    atLimit[0] = 1;
    expect(value(await ws.putFile({ name: "exact.bin", bytes: atLimit })).size).toBe(usage.fileMaxBytes);
    const over = refused(
      await ws.putFile({ name: "over.bin", bytes: new Uint8Array(usage.fileMaxBytes + 1) }),
      "too_large",
    );
    expect(over.message).toContain("10 MB");
    expect(over.message).toContain(String(usage.fileMaxBytes));
    expect(await keysOf(ws)).toHaveLength(1);
  });

  it("enforces the quota at its edge and frees space on delete", async () => {
    const ws = workspace();
    await runInDurableObject(ws, async (_instance, state) => {
      const store = smallStore(state, { fileMaxBytes: 1000, quotaBytes: 2500 });
      value(await store.put({ name: "a.bin", bytes: new Uint8Array(1000).fill(7) }));
      const b = value(await store.put({ name: "b.bin", bytes: new Uint8Array(1000).fill(8) }));
      expect(refused(await store.put({ name: "c.bin", bytes: new Uint8Array(1001) }), "too_large").message).toContain(
        "1000 bytes",
      );
      const full = refused(await store.put({ name: "c.bin", bytes: new Uint8Array(501).fill(9) }), "quota");
      expect(full.message).toContain("500 bytes) is free");
      value(await store.put({ name: "c.bin", bytes: new Uint8Array(500).fill(9) }));
      expect(store.usage()).toEqual({ files: 3, fileBytes: 2500 });
      refused(await store.put({ name: "d.bin", bytes: new Uint8Array(1).fill(9) }), "quota");
      value(await store.delete(b.id));
      expect(store.usage()).toEqual({ files: 2, fileBytes: 1500 });
      value(await store.put({ name: "d.bin", bytes: new Uint8Array(1000).fill(9) }));
    });
    expect(await keysOf(ws)).toHaveLength(3);
  });

  it("reserves quota before the R2 write, so concurrent uploads cannot overshoot it", async () => {
    const ws = workspace();
    await runInDurableObject(ws, async (_instance, state) => {
      const store = smallStore(state, { fileMaxBytes: 1000, quotaBytes: 1500 });
      const results = await Promise.all(
        [1, 2, 3].map((n) => store.put({ name: `${n}.bin`, bytes: new Uint8Array(1000).fill(n) })),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok && r.error.code === "quota")).toHaveLength(2);
      expect(store.usage().fileBytes).toBe(1000);
    });
    expect(await keysOf(ws)).toHaveLength(1);
  });
});

describe("listing and completion", () => {
  it("pages newest first and completes names by prefix", async () => {
    const ws = workspace();
    const names = ["Budget 2026.csv", "budget-notes.md", "photo.png", "Résumé.pdf", "receipt.txt"];
    for (const name of names) value(await ws.putFile({ name, bytes: text(name) }));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = value(await ws.listFiles({ limit: 2, cursor }));
      seen.push(...page.items.map((f) => f.name));
      if (page.nextCursor) expect(page.remaining).toBe(names.length - seen.length);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...names].reverse());
    expect(value(await ws.completeFileNames("BUDGET")).map((f) => f.name)).toEqual([
      "Budget 2026.csv",
      "budget-notes.md",
    ]);
    expect(value(await ws.completeFileNames("rés")).map((f) => f.name)).toEqual(["Résumé.pdf"]);
    refused(await ws.listFiles({ cursor: "bogus" }), "invalid_cursor");
    const notes = value(
      await ws.importNotes([
        { title: "a", body: "" },
        { title: "b", body: "" },
      ]),
    );
    expect(notes).toHaveLength(2);
    refused(await ws.listFiles({ cursor: value(await ws.listNotes({ limit: 1 })).nextCursor }), "invalid_cursor");
  });
});

describe("deletion and cleanup", () => {
  it("deletes the row and the bytes", async () => {
    const ws = workspace();
    const info = value(await ws.putFile({ name: "gone.png", bytes: pngImage() }));
    value(await ws.deleteFile(info.id));
    refused(await ws.getFile(info.id), "not_found");
    expect(value(await ws.listFiles({})).items).toEqual([]);
    expect(await keysOf(ws)).toEqual([]);
    expect((await ws.usage()).fileBytes).toBe(0);
  });

  it("removes the pending row when the R2 write fails", async () => {
    const ws = workspace();
    await runInDurableObject(ws, async (_instance, state) => {
      // Fault injection at the storage edge: the real bucket, except that put fails.
      const failing = new Proxy(env.FILES, {
        get: (target, property) =>
          property === "put"
            ? () => Promise.reject(new Error("R2 unavailable"))
            : Reflect.get(target, property).bind(target),
      });
      const store = smallStore(state, { fileMaxBytes: 1000, quotaBytes: 1000 }, failing);
      await expect(store.put({ name: "a.txt", bytes: text("hello") })).rejects.toThrow("R2 unavailable");
      expect(store.usage()).toEqual({ files: 0, fileBytes: 0 });
      expect(state.storage.sql.exec("SELECT count(*) AS n FROM files").one().n).toBe(0);
    });
    expect(await keysOf(ws)).toEqual([]);
  });

  it("sweeps interrupted uploads, unfinished deletes and orphaned objects", async () => {
    const ws = workspace();
    const kept = value(await ws.putFile({ name: "kept.txt", bytes: text("keep me") }));
    const prefix = `users/${ws.id.toString()}/files/`;
    const old = Date.now() - FILE_LIMITS.pendingTtlMs - 1000;
    // What a crash leaves: a pending row with its bytes (crash before "ready"), a pending row
    // without bytes (crash before the put), a deleting row, and bytes with no row.
    await env.FILES.put(`${prefix}f_aaaaaaaaaaaaaaaa`, "half-done upload");
    await env.FILES.put(`${prefix}f_cccccccccccccccc`, "half-deleted");
    await env.FILES.put(`${prefix}f_dddddddddddddddd`, "orphan");
    await runInDurableObject(ws, async (_instance, state) => {
      const insert = (id: string, status: string, at: number) =>
        state.storage.sql.exec(
          "INSERT INTO files (id, name, name_key, content_type, size, sha256, state, created_at, state_at) VALUES (?, 'x', 'x', 'text/plain', 10, '', ?, ?, ?)",
          id,
          status,
          at,
          at,
        );
      insert("f_aaaaaaaaaaaaaaaa", "pending", old);
      insert("f_bbbbbbbbbbbbbbbb", "pending", old);
      insert("f_cccccccccccccccc", "deleting", Date.now());
      insert("f_eeeeeeeeeeeeeeee", "pending", Date.now());
      await state.storage.setAlarm(Date.now() + 60_000);
    });
    // The young pending upload still counts against the quota; stale ones do too until swept.
    expect((await ws.usage()).files).toBe(4);
    expect(await runDurableObjectAlarm(ws)).toBe(true);
    expect(await keysOf(ws)).toEqual([`${prefix}${kept.id}`]);
    const remaining = await runInDurableObject(ws, (_instance, state) =>
      state.storage.sql.exec<{ id: string; state: string }>("SELECT id, state FROM files ORDER BY id").toArray(),
    );
    expect(remaining).toEqual(
      [
        { id: "f_eeeeeeeeeeeeeeee", state: "pending" },
        { id: kept.id, state: "ready" },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    );
    // Something still waits (the young upload), so the sweeper re-armed itself.
    const alarm = await runInDurableObject(ws, (_instance, state) => state.storage.getAlarm());
    expect(alarm).not.toBeNull();
    expect(value(await ws.getFile(kept.id)).bytes).toEqual(text("keep me"));
  });

  it("drops metadata whose bytes are gone", async () => {
    const ws = workspace();
    const info = value(await ws.putFile({ name: "lost.txt", bytes: text("soon gone") }));
    await env.FILES.delete(`users/${ws.id.toString()}/files/${info.id}`);
    expect(refused(await ws.getFile(info.id), "not_found").message).toContain("missing");
    expect(value(await ws.listFiles({})).items).toEqual([]);
    expect((await ws.usage()).files).toBe(0);
  });
});
