/** Acknowledged writes survive a restart: evict every object, then read everything back. */
import { env, evictAllDurableObjects } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { pdfDocument, pngImage } from "./fixtures";
import { value } from "./helpers";

describe("restart durability", () => {
  it("keeps notes, versions, tags, the search index and files across eviction", async () => {
    const name = `user-${crypto.randomUUID()}`;
    const stub = () => env.WORKSPACE.get(env.WORKSPACE.idFromName(name));
    const ws = stub();
    const a = value(
      await ws.createNote({ title: "Durable thought", body: "Written before the restart: zeppelin.", tags: ["ideas"] }),
    );
    value(
      await ws.updateNote({ id: a.id, expectedVersion: 1, body: "Rewritten before the restart: zeppelin airship." }),
    );
    const imported = value(
      await ws.importNotes(
        Array.from({ length: 30 }, (_, i) => ({ title: `Imported ${i}`, body: `bulk ${i}`, tags: ["bulk"] })),
      ),
    );
    const doomed = value(await ws.createNote({ title: "Deleted", body: "zeppelin" }));
    value(await ws.deleteNote(doomed.id));
    const png = value(await ws.putFile({ name: "image.png", bytes: pngImage() }));
    const pdf = value(await ws.putFile({ name: "doc.pdf", bytes: pdfDocument() }));
    const before = await ws.usage();

    await evictAllDurableObjects();
    const fresh = stub();
    expect(await fresh.usage()).toEqual(before);
    expect(value(await fresh.getNote(a.id))).toMatchObject({
      version: 2,
      body: "Rewritten before the restart: zeppelin airship.",
      tags: ["ideas"],
    });
    expect(value(await fresh.searchNotes({ query: "zeppelin" })).items.map((h) => h.id)).toEqual([a.id]);
    expect(value(await fresh.listNotes({ tag: "bulk", limit: 100 })).items).toHaveLength(imported.length);
    expect(value(await fresh.listTags())).toEqual([
      { tag: "bulk", count: 30 },
      { tag: "ideas", count: 1 },
    ]);
    expect(value(await fresh.getFile(png.id)).bytes).toEqual(pngImage());
    expect(value(await fresh.getFile(pdf.id)).bytes).toEqual(pdfDocument());
    const stale = await fresh.updateNote({ id: a.id, expectedVersion: 1, body: "stale" });
    expect(stale.ok ? "ok" : stale.error.code).toBe("conflict");
  });
});
