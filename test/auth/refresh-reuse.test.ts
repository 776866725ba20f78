/**
 * Refresh token rotation with reuse detection (RFC 9700 §4.14.2). A rotated refresh token works
 * once more within a short grace window (the client may have lost the response that carried its
 * successor); any other use of a rotated token ends the whole grant: its access and refresh
 * tokens stop working, whoever holds them.
 */
import { env } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { REFRESH_REUSE } from "../../src/worker/refresh-rotation";
import { type Client, INITIALIZE, postMcp, refreshTokens, signIn, type Tokens } from "../helpers/worker";

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

async function refreshed(client: Client, refreshToken: string | undefined): Promise<Tokens> {
  const response = await refreshTokens(client, refreshToken ?? "");
  expect(response.status, "refresh status").toBe(200);
  return (await response.json()) as Tokens;
}

async function expectReuseRefused(client: Client, refreshToken: string | undefined): Promise<void> {
  const response = await refreshTokens(client, refreshToken ?? "");
  expect(response.status).toBe(400);
  expect(response.headers.get("Cache-Control")).toContain("no-store");
  const body = (await response.json()) as { error: string; error_description: string };
  expect(body.error).toBe("invalid_grant");
  expect(body.error_description).toMatch(/already used/);
  expect(body.error_description).toMatch(/sign in again/i);
}

async function mcpStatus(accessToken: string): Promise<number> {
  const response = await postMcp(accessToken, INITIALIZE);
  await response.text();
  return response.status;
}

/** Every token of the grant is dead: access tokens get 401, refresh tokens invalid_grant. */
async function expectGrantEnded(client: Client, tokens: Tokens[]): Promise<void> {
  for (const pair of tokens) {
    expect(await mcpStatus(pair.access_token)).toBe(401);
    const response = await refreshTokens(client, pair.refresh_token ?? "");
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe("invalid_grant");
  }
}

function advanceSeconds(seconds: number): void {
  vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + seconds * 1000 });
}

describe("refresh token reuse", () => {
  it(`keeps rotation working: each new refresh token refreshes once`, async () => {
    const { client, tokens } = await signIn();
    let current = tokens;
    for (let i = 0; i < 3; i++) current = await refreshed(client, current.refresh_token);
    expect(await mcpStatus(current.access_token)).toBe(200);
  });

  it(`accepts a rotated token once more within ${REFRESH_REUSE.graceSeconds} s, then ends the grant on the next replay`, async () => {
    const { client, tokens: first } = await signIn();
    const lost = await refreshed(client, first.refresh_token);
    // The response carrying `lost` never arrived: the client retries with the token it still has.
    const retried = await refreshed(client, first.refresh_token);
    expect(await mcpStatus(retried.access_token)).toBe(200);

    await expectReuseRefused(client, first.refresh_token);
    await expectGrantEnded(client, [first, lost, retried]);
  });

  it(`ends the grant when a rotated token comes back after ${REFRESH_REUSE.graceSeconds} s`, async () => {
    const { client, tokens: first } = await signIn();
    const second = await refreshed(client, first.refresh_token);
    expect(await mcpStatus(second.access_token)).toBe(200);

    advanceSeconds(REFRESH_REUSE.graceSeconds + 1);
    await expectReuseRefused(client, first.refresh_token);
    await expectGrantEnded(client, [first, second]);
  });

  it(`still gives the grace replay at ${REFRESH_REUSE.graceSeconds} s exactly`, async () => {
    const { client, tokens: first } = await signIn();
    await refreshed(client, first.refresh_token);
    advanceSeconds(REFRESH_REUSE.graceSeconds);
    const retried = await refreshed(client, first.refresh_token);
    expect(await mcpStatus(retried.access_token)).toBe(200);
  });

  it("ends the grant when the successor a grace replay replaced shows up (it may be in someone else's hands)", async () => {
    const { client, tokens: first } = await signIn();
    const lost = await refreshed(client, first.refresh_token);
    const retried = await refreshed(client, first.refresh_token);
    await expectReuseRefused(client, lost.refresh_token);
    await expectGrantEnded(client, [retried]);
  });

  it("ends the grant when an older token is replayed within the window after its successor was used", async () => {
    const { client, tokens: first } = await signIn();
    const second = await refreshed(client, first.refresh_token);
    const third = await refreshed(client, second.refresh_token);
    await expectReuseRefused(client, first.refresh_token);
    await expectGrantEnded(client, [second, third]);
  });

  it("keeps hashes of rotated tokens, never the tokens, and only for as long as a grant lives", async () => {
    const put = vi.spyOn(env.OAUTH_KV, "put");
    const { client, tokens: first } = await signIn();
    await refreshed(client, first.refresh_token);
    const records = put.mock.calls.filter(([key]) => String(key).startsWith(REFRESH_REUSE.keyPrefix));
    expect(records).toHaveLength(1);
    const [key, value, options] = records[0]!;
    const secret = (first.refresh_token ?? "").split(":")[2]!;
    expect(String(key)).not.toContain(secret);
    expect(String(value)).not.toContain(secret);
    expect(String(key)).toMatch(new RegExp(`^${REFRESH_REUSE.keyPrefix}[0-9a-f]{64}$`));
    expect(options).toMatchObject({ expirationTtl: REFRESH_REUSE.recordSeconds });
  });

  it("still returns the new tokens when the rotation cannot be recorded", async () => {
    const { client, tokens: first } = await signIn();
    const put = env.OAUTH_KV.put.bind(env.OAUTH_KV);
    vi.spyOn(env.OAUTH_KV, "put").mockImplementation(async (key, ...rest) => {
      if (String(key).startsWith(REFRESH_REUSE.keyPrefix)) throw new Error("KV PUT failed: 429 Too Many Requests");
      return put(key, ...rest);
    });
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const second = await refreshed(client, first.refresh_token);
    expect(await mcpStatus(second.access_token)).toBe(200);
    expect(log.mock.calls.some(([line]) => String(line).includes("refresh_rotation_unrecorded"))).toBe(true);
  });
});
