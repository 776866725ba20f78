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
  const scope = "workspace:read workspace:write notify:manage notify:read";
  token = (await signIn(server.url, { passphrase: server.passphrase, scope, clientName: "Outpost e2e (confirm)" }))
    .tokens.access_token;
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

type Answer = { action: "accept" | "decline" | "cancel"; content?: Record<string, boolean> };

async function connect(
  era: "2026-07-28" | "2025",
  answer: Answer,
  asked: string[],
  modes: { form?: Record<string, never>; url?: Record<string, never> } = { form: {} },
): Promise<Client> {
  const client = new Client(
    { name: "outpost-e2e-confirm", version: "1.0.0" },
    {
      capabilities: { elicitation: modes },
      ...(era === "2026-07-28" && { versionNegotiation: { mode: { pin: "2026-07-28" } } }),
    },
  );
  client.setRequestHandler("elicitation/create", async (request) => {
    const params = request.params as { message: string; mode?: string; url?: string };
    asked.push(params.mode === "url" ? `url ${params.url}` : params.message);
    return answer;
  });
  await client.connect(
    new StreamableHTTPClientTransport(new URL("/mcp", server.url), {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
    }),
  );
  return client;
}

const text = (result: { content?: unknown }) =>
  ((result.content ?? []) as { type: string; text?: string }[]).map((block) => block.text ?? "").join("\n");

for (const era of ["2026-07-28", "2025"] as const) {
  describe(`the SDK v2 client (${era})`, () => {
    it("deletes a note once its elicitation handler accepts", async () => {
      const asked: string[] = [];
      const client = await connect(era, { action: "accept", content: { confirm: true } }, asked);
      try {
        const created = await client.callTool({
          name: "notes_create",
          arguments: { title: `Confirm ${era}`, body: "x" },
        });
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

/** What a browser does with the page: open it, then post the form with the owner passphrase. */
async function addChannelOnPage(link: string, name: string): Promise<Response> {
  const opened = await fetch(link);
  expect(opened.status).toBe(200);
  const html = await opened.text();
  const cookie = opened.headers
    .getSetCookie()
    .map((value) => value.split(";")[0])
    .join("; ");
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";
  return fetch(new URL("/account/channels/new", server.url), {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
    body: new URLSearchParams({
      link: new URL(link).searchParams.get("link") ?? "",
      csrf,
      service: "slack",
      url: "https://hooks.slack.com/services/T000/B000/e2e-secret-token",
      name,
      passphrase: server.passphrase,
    }),
  });
}

for (const era of ["2026-07-28", "2025"] as const) {
  describe(`URL mode with the SDK v2 client (${era})`, () => {
    it("offers the channel page; the webhook URL entered there never appears in an MCP message", async () => {
      const asked: string[] = [];
      const client = await connect(era, { action: "accept" }, asked, { url: {} });
      try {
        const offered = await client.callTool({ name: "notify_channel_link", arguments: { service: "slack" } });
        const link = (offered.structuredContent as { link: string }).link;
        expect(asked).toEqual([`url ${link}`]);
        expect(link.startsWith(`${server.url}/account/channels/new?link=`)).toBe(true);
        const added = await addChannelOnPage(link, `team-${era === "2025" ? "legacy" : "modern"}`);
        expect(added.status).toBe(200);
        expect(await added.text()).toContain("Channel added");
        const listed = await client.callTool({ name: "notify_channels_list", arguments: {} });
        expect(JSON.stringify(listed)).toContain(`team-${era === "2025" ? "legacy" : "modern"}`);
        expect(JSON.stringify(listed)).not.toContain("e2e-secret-token");
      } finally {
        await client.close();
      }
    });
  });
}
