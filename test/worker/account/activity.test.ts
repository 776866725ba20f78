/**
 * The activity log end to end: real tool calls in both protocol eras and sign-ins appear on the
 * console's Activity page within seconds, without arguments or results unless the owner turns
 * that on; the JSON export downloads.
 */
import { describe, expect, it } from "vitest";
import type { AuditEntry } from "../../../src/workspace/audit";
import { consoleFetch, consoleSignIn, postConsoleForm } from "../../helpers/console";
import { modernTool } from "../../helpers/modern";
import { beginAuthorization, callTool, openSession, registerClient, signIn, submitConsent } from "../../helpers/worker";

async function exported(
  browser: Awaited<ReturnType<typeof consoleSignIn>>,
): Promise<{ response: Response; entries: AuditEntry[] }> {
  const response = await consoleFetch(browser, "/account/activity.json");
  const body = (await response.clone().json()) as { entries: AuditEntry[] };
  return { response, entries: body.entries };
}

describe("activity log", () => {
  it("shows tool calls from both eras and sign-ins, without arguments, and exports them", async () => {
    const client = await registerClient("Activity App");
    const { tokens } = await signIn({ client, scopes: ["calc:use"] });
    const sessionId = await openSession(tokens.access_token);
    await callTool(tokens.access_token, sessionId, "calculate", { expression: "6*7" });
    await callTool(tokens.access_token, sessionId, "weather_current", { location: "Oslo" });
    await modernTool(tokens.access_token, "calculate", { expression: "40+2" });

    const browser = await consoleSignIn(undefined, "198.51.100.50");
    await expect
      .poll(async () => (await exported(browser)).entries.filter((entry) => entry.clientName === "Activity App").length)
      .toBeGreaterThanOrEqual(4);
    const { response, entries } = await exported(browser);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="outpost-activity-\d{4}-\d\d-\d\d\.json"$/,
    );

    const mine = entries.filter((entry) => entry.clientName === "Activity App");
    const tools = mine.filter((entry) => entry.kind === "tool");
    expect(tools.map((entry) => [entry.name, entry.outcome]).sort()).toEqual([
      ["calculate", "ok"],
      ["calculate", "ok"],
      ["weather_current", "refused"],
    ]);
    for (const entry of tools) {
      expect(entry.clientId).toBe(client.clientId);
      expect(entry.grantId).toBe(tokens.access_token.split(":")[1]);
      expect(typeof entry.ms).toBe("number");
      expect(entry.detail).toBeUndefined();
    }
    expect(
      mine.some((entry) => entry.kind === "sign_in" && entry.name === "passphrase" && entry.outcome === "ok"),
    ).toBe(true);
    // The console's own sign-in is there too; arguments and results are not.
    expect(entries.some((entry) => entry.kind === "sign_in" && entry.clientName === "Outpost console")).toBe(true);
    const text = JSON.stringify(entries);
    expect(text).not.toContain("6*7");
    expect(text).not.toContain("Oslo");

    const page = await (await consoleFetch(browser, "/account/activity")).text();
    expect(page).toContain("<code>calculate</code>");
    expect(page).toContain("Activity App");
    expect(page).toContain("refused");
    expect(page).toContain('href="/account/activity.json"');
  });

  it("records a wrong passphrase on the consent page as a refused sign-in", async () => {
    const { form } = await beginAuthorization(await registerClient("Guessing App"));
    expect((await submitConsent(form, { passphrase: "wrong", ip: "198.51.100.51" })).status).toBe(401);
    const browser = await consoleSignIn(undefined, "198.51.100.52");
    const { entries } = await exported(browser);
    expect(
      entries.some(
        (entry) => entry.kind === "sign_in" && entry.clientName === "Guessing App" && entry.outcome === "refused",
      ),
    ).toBe(true);
  });

  it("keeps a truncated copy of arguments and results once the owner turns that on", async () => {
    const browser = await consoleSignIn(undefined, "198.51.100.53");
    expect((await postConsoleForm(browser, "/account/activity/settings", { record_details: "on" })).status).toBe(303);
    const client = await registerClient("Detailed App");
    const { tokens } = await signIn({ client, scopes: ["workspace:write"] });
    await modernTool(tokens.access_token, "notes_create", { title: "Long note", body: "1+".repeat(1500) });
    await expect
      .poll(async () => (await exported(browser)).entries.find((entry) => entry.clientName === "Detailed App")?.detail)
      .toBeDefined();
    const entry = (await exported(browser)).entries.find((item) => item.clientName === "Detailed App");
    expect(entry?.detail?.arguments).toContain("1+1+");
    expect(entry?.detail?.arguments).toContain("more characters not kept");
    expect(entry?.detail?.result?.length).toBeGreaterThan(0);
    const page = await (await consoleFetch(browser, "/account/activity")).text();
    expect(page).toContain("Arguments and result");
    // Off again: the copies go.
    await postConsoleForm(browser, "/account/activity/settings", {});
    expect((await exported(browser)).entries.some((item) => item.detail !== undefined)).toBe(false);
  });

  it("answers a stale page link with the newest page and a 400", async () => {
    const browser = await consoleSignIn(undefined, "198.51.100.54");
    const response = await consoleFetch(browser, "/account/activity?cursor=bm9wZQ");
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("no longer valid");
  });
});
