import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { signIn } from "../helpers/worker";

describe("several origins in one isolate", () => {
  it("completes sign-in on localhost after another origin was served first", async () => {
    // Reaching the default handler on 127.0.0.1 first used to pin the consent helpers to that
    // origin's provider, and /authorize on localhost then refused its own resource.
    const other = await exports.default.fetch(new Request("http://127.0.0.1:8787/authorize?client_id=x"));
    expect(other.status).toBe(400);
    await other.text();
    const { tokens } = await signIn({ requestScope: "session:read session:write" });
    expect(tokens.access_token).toBeTruthy();
  });

  it("binds tokens to the origin that issued them", async () => {
    const { tokens } = await signIn();
    const elsewhere = await exports.default.fetch(
      new Request("http://127.0.0.1:8787/mcp", {
        method: "POST",
        headers: { Authorization: `Bearer ${tokens.access_token}` },
      }),
    );
    expect(elsewhere.status).toBe(401);
    await elsewhere.text();
  });
});
