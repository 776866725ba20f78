/**
 * Confirmations end to end: the SDK v2 client, with an elicitation handler standing in for the
 * user, against `wrangler dev`. Pinned to 2026-07-28 the client fulfils Outpost's `input_required`
 * round and retries with the signed state; in its default (2025) mode the same handler answers the
 * session's `elicitation/create` request. Either way the note goes only when the answer accepts.
 */
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "./harness";
import { signIn } from "./oauth";

let server: DevServer;
let token: string;
beforeAll(async () => {
  server = await startDevServer();
  token = (await signIn(server.url, { passphrase: server.passphrase, scope: "workspace:read workspace:write", clientName: "Outpost e2e (confirm)" })).tokens.access_token;
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

type Answer = { action: "accept" | "decline" | "cancel"; content?: Record<string, boolean> };

async function connect(era: "2026-07-28" | "2025", answer: Answer, asked: string[]): Promise<Client> {
  const client = new Client(
    { name: "outpost-e2e-confirm", version: "1.0.0" },
    { capabilities: { elicitation: { form: {} } }, ...(era === "2026-07-28" && { versionNegotiation: { mode: { pin: "2026-07-28" } } }) },
  );
  client.setRequestHandler("elicitation/create", async (request) => {
    asked.push((request.params as { message: string }).message);
    return answer;
  });
  await client.connect(new StreamableHTTPClientTransport(new URL("/mcp", server.url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
  return client;
}

const text = (result: { content?: unknown }) => ((result.content ?? []) as { type: string; text?: string }[]).map((block) => block.text ?? "").join("\n");

for (const era of ["2026-07-28", "2025"] as const) {
  describe(`the SDK v2 client (${era})`, () => {
    it("deletes a note once its elicitation handler accepts", async () => {
      const asked: string[] = [];
      const client = await connect(era, { action: "accept", content: { confirm: true } }, asked);
      try {
        const created = await client.callTool({ name: "notes_create", arguments: { title: `Confirm ${era}`, body: "x" } });
        const id = (created.structuredContent as { id: string }).id;
        const deleted = await client.callTool({ name: "notes_delete", arguments: { id } });
        expect(deleted.structuredContent).toEqual({ id, deleted: true });
        expect(asked).toHaveLength(1);
        expect(asked[0]).toContain(`"Confirm ${era}"`);
      } finally {
        await client.close();
      }
    });

    it("keeps the note when the handler declines, and says so", async () => {
      const asked: string[] = [];
      const client = await connect(era, { action: "decline" }, asked);
      try {
        const created = await client.callTool({ name: "notes_create", arguments: { title: "Keep me", body: "x" } });
        const id = (created.structuredContent as { id: string }).id;
        const declined = await client.callTool({ name: "notes_delete", arguments: { id } });
        expect(text(declined)).toContain("declined");
        expect(asked).toHaveLength(1);
        const still = await client.callTool({ name: "notes_get", arguments: { id } });
        expect(still.isError).not.toBe(true);
      } finally {
        await client.close();
      }
    });
  });
}
