/**
 * The OAuth provider answers some faults with a status and no body (a method other than GET on its
 * metadata documents, an unknown protected-resource metadata path). Every HTTP fault gets a JSON
 * body that says what went wrong; the status and headers the provider chose stay as they are.
 */
import { describe, expect, it } from "vitest";
import { send } from "../helpers/worker";

describe("empty-bodied faults from the OAuth provider", () => {
  for (const path of [
    "/.well-known/oauth-authorization-server",
    "/.well-known/oauth-protected-resource",
    "/.well-known/oauth-authorization-server/mcp",
  ]) {
    it(`PUT ${path}: 405 with a JSON body and the Allow header`, async () => {
      const response = await send(path, { method: "PUT" });
      expect(response.status).toBe(405);
      expect(response.headers.get("Allow")).toBe("GET, HEAD, OPTIONS");
      expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
      const body = (await response.json()) as { error: string; message: string };
      expect(body.error).toBe("method_not_allowed");
      // Says which document this is and how to read it.
      expect(body.message).toContain(path);
      expect(body.message).toContain("GET");
    });
  }

  it("an unknown protected-resource metadata path: 404 with a JSON body", async () => {
    const response = await send("/.well-known/oauth-protected-resource/elsewhere");
    expect(response.status).toBe(404);
    expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(await response.json()).toMatchObject({ error: "not_found" });
  });

  it("a HEAD answer keeps its empty body", async () => {
    const response = await send("/.well-known/oauth-protected-resource/elsewhere", { method: "HEAD" });
    expect(response.status).toBe(404);
    expect(await response.text()).toBe("");
  });
});
