import { createExecutionContext, createScheduledController, env } from "cloudflare:test";
import { OAuthProvider } from "@cloudflare/workers-oauth-provider";
import { afterEach, describe, expect, it, vi } from "vitest";
import { readConfig } from "../../src/config";
import worker from "../../src/index";
import { oauthOptions } from "../../src/worker/oauth";
import { oauthHelpers } from "../helpers/grants";
import { signIn } from "../helpers/worker";

afterEach(() => vi.restoreAllMocks());

describe("DCR_ENABLED=false", () => {
  const provider = new OAuthProvider(
    oauthOptions("http://localhost", { ...readConfig(env), dcrEnabled: false }, { fetch: () => new Response("app") }),
  );
  const fetchIt = (path: string, init?: RequestInit) =>
    provider.fetch(new Request(`http://localhost${path}`, init), env, createExecutionContext());

  it("stops advertising and serving registration", async () => {
    const metadata = (await (await fetchIt("/.well-known/oauth-authorization-server")).json()) as Record<
      string,
      unknown
    >;
    expect(metadata.registration_endpoint).toBeUndefined();
    expect(metadata.client_id_metadata_document_supported).toBe(true);
    const register = await fetchIt("/register", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{}",
    });
    expect(register.status).not.toBe(201);
  });
});

function runCron() {
  return worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "17 3 * * *" }), env);
}

describe("scheduled purge", () => {
  it("runs the provider's purge to completion and logs counts only", async () => {
    const { client } = await signIn();
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    await runCron();
    const purge = log.mock.calls.map(([line]) => String(line)).find((line) => line.includes('"oauth_purge"'));
    expect(JSON.parse(purge ?? "{}")).toMatchObject({ event: "oauth_purge", done: true });
    // A live grant is not purged.
    const grants = await oauthHelpers().listUserGrants("passphrase%3Aowner");
    expect(grants.items.some((grant) => grant.clientId === client.clientId)).toBe(true);
  });

  it("purges grants whose client was deleted", async () => {
    const { client } = await signIn();
    await oauthHelpers().deleteClient(client.clientId);
    vi.spyOn(console, "log").mockImplementation(() => {});
    await runCron();
    const grants = await oauthHelpers().listUserGrants("passphrase%3Aowner");
    expect(grants.items.some((grant) => grant.clientId === client.clientId)).toBe(false);
  });
});
