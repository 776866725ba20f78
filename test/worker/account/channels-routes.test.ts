/**
 * The console's channels pages against real Outbox objects and a real loopback receiver: the
 * sub-app is mounted on a throwaway app with a stand-in sign-in (a header) and a fixed CSRF token,
 * as the console mounts it behind its own.
 */
import { env } from "cloudflare:workers";
import { Hono } from "hono";
import { beforeEach, describe, expect, it } from "vitest";
import { MAX_CHANNELS } from "../../../src/notify/channels";
import type { OutboxResult } from "../../../src/notify/types";
import { channelsRoutes } from "../../../src/worker/account/channels-routes";
import { allowLoopback, newBox, outbox, received, receiverOrigin, script, setRatePerHour } from "../../notify/helpers";

const BASE = "/account/channels";
const CSRF = "csrf-token-for-this-session";

const app = new Hono<{ Bindings: Env }>();
app.route(
  BASE,
  channelsRoutes({
    currentUser: (c) => c.req.header("X-Test-User") || undefined,
    csrfToken: () => CSRF,
    verifyCsrf: (_c, token) => token === CSRF,
  }),
);

function value<T>(result: OutboxResult<T>): T {
  if (!result.ok) throw new Error(`expected ok, got: ${result.error}`);
  return result.value;
}

function newUser(): string {
  return `user-${crypto.randomUUID()}`;
}

async function get(user: string | undefined, path: string): Promise<{ response: Response; body: string }> {
  const response = await app.request(path, { headers: user ? { "X-Test-User": user } : {} }, env);
  return { response, body: await response.text() };
}

async function post(
  user: string | undefined,
  path: string,
  fields: Record<string, string>,
  csrf: string | null = CSRF,
) {
  const form = new URLSearchParams(csrf === null ? fields : { csrf, ...fields });
  const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded" };
  if (user) headers["X-Test-User"] = user;
  const response = await app.request(path, { method: "POST", headers, body: form.toString() }, env);
  return { response, body: await response.text() };
}

/** POST, expect the 303 to the list, and GET the page it names. */
async function postAndFollow(
  user: string,
  path: string,
  fields: Record<string, string>,
): Promise<{ location: string; body: string }> {
  const { response } = await post(user, path, fields);
  expect(response.status).toBe(303);
  const location = response.headers.get("Location") ?? "";
  expect(location.startsWith(`${BASE}?`)).toBe(true);
  const page = await get(user, location);
  expect(page.response.status).toBe(200);
  return { location, body: page.body };
}

beforeEach(() => allowLoopback(true));

describe("the channel list", () => {
  it("shows each channel's name, service, default and masked target, never the URL", async () => {
    const user = newUser();
    const box = newBox();
    value(await outbox(user).addChannel({ service: "ntfy", url: `${receiverOrigin()}/${box}`, name: "phone" }));
    value(
      await outbox(user).addChannel({
        service: "slack",
        url: `${receiverOrigin()}/${box}/services/T0001/B0001/zzsecretzz99`,
        name: "team",
      }),
    );
    const { response, body } = await get(user, BASE);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toContain("text/html");
    expect(response.headers.get("Content-Security-Policy")).toContain("default-src 'none'");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(body).toContain("<bdi>phone</bdi>");
    expect(body).toContain("<bdi>team</bdi>");
    expect(body).toMatch(/<bdi>phone<\/bdi><\/strong><span class="tag">ntfy<\/span><span class="tag">default<\/span>/);
    expect(body).toContain(`/…/${box.slice(-4)}`);
    expect(body).toContain("/…/zz99");
    expect(body).not.toContain(box);
    expect(body).not.toContain("zzsecretzz");
    expect(body).toContain(`2 of ${MAX_CHANNELS} channels`);
  });

  it("says there are none yet, with the add form", async () => {
    const { body } = await get(newUser(), BASE);
    expect(body).toContain("No channels yet");
    expect(body).toContain(`action="${BASE}/add"`);
    expect(body).toContain(`name="csrf" value="${CSRF}"`);
  });

  it("never shows another user's channels, and refuses to act on them", async () => {
    const owner = newUser();
    const other = newUser();
    const mine = value(
      await outbox(owner).addChannel({ service: "ntfy", url: `${receiverOrigin()}/${newBox()}`, name: "owners-only" }),
    );
    expect((await get(other, BASE)).body).not.toContain("owners-only");
    expect((await get(other, `${BASE}/${mine.id}/remove`)).response.status).toBe(404);
    expect((await post(other, `${BASE}/${mine.id}/test`, {})).response.status).toBe(404);
    expect((await post(other, `${BASE}/owners-only/remove`, {})).response.status).toBe(404);
    expect((await outbox(owner).listChannels()).map((c) => c.name)).toEqual(["owners-only"]);
    // A test's id does not open another user's delivery either.
    const tested = value(await outbox(owner).testChannel(mine.id));
    expect((await get(other, `${BASE}?tested=${tested.id}`)).body).not.toContain("test message");
  });

  it("escapes a hostile channel name on the list and on the confirmation page", async () => {
    const user = newUser();
    // Stored through the Outbox directly: the form's name rule would refuse it, an older caller might not have.
    const hostile = `<img src=x onerror="alert(1)">&'`;
    const channel = value(
      await outbox(user).addChannel({ service: "ntfy", url: `${receiverOrigin()}/${newBox()}`, name: hostile }),
    );
    const list = await get(user, BASE);
    const confirm = await get(user, `${BASE}/${channel.id}/remove`);
    for (const body of [list.body, confirm.body]) {
      expect(body).not.toContain("<img");
      expect(body).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;");
    }
  });
});

describe("adding a channel through the page", () => {
  it("adds a valid channel, redirects, and names it in the notice", async () => {
    const user = newUser();
    const box = newBox();
    const { location, body } = await postAndFollow(user, `${BASE}/add`, {
      service: "ntfy",
      url: `${receiverOrigin()}/${box}`,
      name: "phone",
    });
    const [channel, ...rest] = await outbox(user).listChannels();
    expect(rest).toEqual([]);
    expect(channel?.name).toBe("phone");
    expect(channel?.isDefault).toBe(true);
    expect(location).toBe(`${BASE}?added=${channel?.id}`);
    expect(body).toContain("Added &quot;phone&quot;, the default channel.");
    expect(body).not.toContain(box);
  });

  it("signs a webhook with a secret, and neither the token in its URL nor the secret reaches the page", async () => {
    const user = newUser();
    const token = `tok${crypto.randomUUID().replaceAll("-", "")}`;
    const secret = `s3cret-${crypto.randomUUID()}`;
    const { body } = await postAndFollow(user, `${BASE}/add`, {
      service: "webhook",
      url: `${receiverOrigin()}/${newBox()}/hooks/${token}`,
      name: "ci",
      secret,
      makeDefault: "on",
    });
    expect(body).toContain('<span class="tag">signed</span>');
    expect(body).not.toContain(token.slice(0, -4));
    expect(body).not.toContain(secret);
    const [channel] = await outbox(user).listChannels();
    expect(channel?.signed).toBe(true);
  });

  it("leaves out an empty name and secret, as a tool call would", async () => {
    const user = newUser();
    await postAndFollow(user, `${BASE}/add`, {
      service: "ntfy",
      url: `${receiverOrigin()}/${newBox()}`,
      name: "",
      secret: "",
    });
    const [channel] = await outbox(user).listChannels();
    expect(channel?.name).toBe("ntfy");
    expect(channel?.signed).toBe(false);
  });

  it("refuses what is not a URL, shows the Outbox's reason, and does not echo the URL or secret back", async () => {
    const user = newUser();
    const { response, body } = await post(user, `${BASE}/add`, {
      service: "webhook",
      url: "not a url zq7",
      name: "ci",
      secret: "not-echoed-secret-value",
    });
    expect(response.status).toBe(400);
    expect(body).toContain("That is not a URL.");
    expect(body).not.toContain("zq7");
    expect(body).not.toContain("not-echoed-secret-value");
    // What is safe to keep stays filled in.
    expect(body).toContain('value="ci"');
    expect(body).toMatch(/<option value="webhook" selected/);
    expect(await outbox(user).listChannels()).toEqual([]);
  });

  it("refuses a loopback URL unless the development switch is on (the Outbox's SSRF guard)", async () => {
    allowLoopback(false);
    const user = newUser();
    const { response, body } = await post(user, `${BASE}/add`, {
      service: "ntfy",
      url: `${receiverOrigin()}/${newBox()}`,
    });
    expect(response.status).toBe(400);
    expect(body).toContain("Loopback addresses (localhost, 127.0.0.1, ::1) are not allowed");
    const privateAddress = await post(user, `${BASE}/add`, { service: "webhook", url: "https://10.0.0.7/hook" });
    expect(privateAddress.response.status).toBe(400);
    expect(await outbox(user).listChannels()).toEqual([]);
  });

  it("refuses form values the tool's schema refuses: a bad name, a short secret, an unknown service, no URL", async () => {
    const user = newUser();
    const url = `${receiverOrigin()}/${newBox()}`;
    const cases: [Record<string, string>, string][] = [
      [{ service: "ntfy", url, name: "-dash first" }, "A name may use letters, digits"],
      [{ service: "webhook", url, secret: "short" }, "A signing secret must be 16 to 256 characters long"],
      [{ service: "pager", url }, "Choose one of the listed services."],
      [{ service: "ntfy", url: "  " }, "Paste the channel&#39;s URL."],
      [{ service: "ntfy", url: `https://ntfy.sh/${"a".repeat(2049)}` }, "longer than 2,048 characters"],
      [
        { service: "ntfy", url, secret: "a-secret-of-enough-length" },
        "A signing secret applies only to generic webhooks",
      ],
    ];
    for (const [fields, message] of cases) {
      const { response, body } = await post(user, `${BASE}/add`, fields);
      expect(response.status, message).toBe(400);
      expect(body).toContain(message);
    }
    expect(await outbox(user).listChannels()).toEqual([]);
  });

  it("refuses a name already taken, whatever its case", async () => {
    const user = newUser();
    value(await outbox(user).addChannel({ service: "ntfy", url: `${receiverOrigin()}/${newBox()}`, name: "phone" }));
    const { response, body } = await post(user, `${BASE}/add`, {
      service: "ntfy",
      url: `${receiverOrigin()}/${newBox()}`,
      name: "Phone",
    });
    expect(response.status).toBe(400);
    expect(body).toContain("A channel named &quot;Phone&quot; exists already.");
    expect(await outbox(user).listChannels()).toHaveLength(1);
  });

  it(`stops at ${MAX_CHANNELS} channels: no form on the page, and a POST is refused`, async () => {
    const user = newUser();
    for (let i = 0; i < MAX_CHANNELS - 1; i++)
      value(await outbox(user).addChannel({ service: "ntfy", url: `${receiverOrigin()}/${newBox()}`, name: `c${i}` }));
    // One below the limit the form is there and the last one fits.
    expect((await get(user, BASE)).body).toContain(`action="${BASE}/add"`);
    await postAndFollow(user, `${BASE}/add`, { service: "ntfy", url: `${receiverOrigin()}/${newBox()}`, name: "last" });
    const full = await get(user, BASE);
    expect(full.body).not.toContain(`action="${BASE}/add"`);
    expect(full.body).toContain(`You have ${MAX_CHANNELS} channels, the most there can be.`);
    const { response, body } = await post(user, `${BASE}/add`, {
      service: "ntfy",
      url: `${receiverOrigin()}/${newBox()}`,
      name: "one-too-many",
    });
    expect(response.status).toBe(409);
    expect(body).toContain("Remove one to add another.");
    expect(await outbox(user).listChannels()).toHaveLength(MAX_CHANNELS);
  });
});

describe("testing a channel", () => {
  it("sends one test message and shows that it was delivered", async () => {
    const user = newUser();
    const box = newBox();
    const channel = value(
      await outbox(user).addChannel({ service: "ntfy", url: `${receiverOrigin()}/${box}`, name: "phone" }),
    );
    const { location, body } = await postAndFollow(user, `${BASE}/${channel.id}/test`, {});
    expect(location).toMatch(new RegExp(`^${BASE}\\?tested=ntf_[a-z0-9]+$`));
    expect(body).toContain("The test message reached &quot;phone&quot; (HTTP 200).");
    const requests = await received(box);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.body).toContain("notifications work");
  });

  it("shows the failure reason when the service refuses", async () => {
    const user = newUser();
    const box = newBox();
    await script(box, [{ status: 404, body: "no such topic" }]);
    const channel = value(
      await outbox(user).addChannel({ service: "ntfy", url: `${receiverOrigin()}/${box}`, name: "phone" }),
    );
    const { location, body } = await postAndFollow(user, `${BASE}/phone/test`, {});
    const delivery = value(await outbox(user).status(new URLSearchParams(location.split("?")[1]).get("tested") ?? ""));
    expect(delivery.state).toBe("failed");
    expect(delivery.channel).toBe(channel.name);
    expect(body).toContain("The test message was not delivered to &quot;phone&quot;:");
    expect(body).toContain(String(delivery.reason).replaceAll("'", "&#39;").replaceAll('"', "&quot;"));
    expect(body).toContain('role="alert"');
  });

  it("offers a refresh while a delivery is still pending", async () => {
    const user = newUser();
    value(await outbox(user).addChannel({ service: "ntfy", url: `${receiverOrigin()}/${newBox()}`, name: "phone" }));
    // A queued notification stays pending until the alarm runs: the state a slow test would show.
    const { delivery } = value(await outbox(user).send({ message: "queued", priority: "normal" }));
    const { body } = await get(user, `${BASE}?tested=${delivery.id}`);
    expect(body).toContain("is still being sent");
    expect(body).toContain(`<a href="${BASE}?tested=${delivery.id}">Refresh</a>`);
  });

  it("shows the hourly limit instead of sending", async () => {
    const user = newUser();
    const box = newBox();
    const channel = value(
      await outbox(user).addChannel({ service: "ntfy", url: `${receiverOrigin()}/${box}`, name: "phone" }),
    );
    setRatePerHour("1");
    try {
      await postAndFollow(user, `${BASE}/${channel.id}/test`, {});
      const { response, body } = await post(user, `${BASE}/${channel.id}/test`, {});
      expect(response.status).toBe(429);
      expect(body).toContain('class="note error"');
      expect(body).toMatch(
        /Rate limit reached: at most 1 notifications \(including channel tests\) per hour\. The next one can be sent at \d{4}-/,
      );
      // The advice meant for Claude is left out of the owner's page.
      expect(body).not.toContain("Tell the user");
      expect(await received(box)).toHaveLength(1);
    } finally {
      setRatePerHour("30");
    }
  });

  it("answers 404 for a channel that does not exist", async () => {
    const { response, body } = await post(newUser(), `${BASE}/nope/test`, {});
    expect(response.status).toBe(404);
    expect(body).toContain("That channel does not exist");
  });
});

describe("removing a channel", () => {
  it("asks first, then removes it and says so", async () => {
    const user = newUser();
    const channel = value(
      await outbox(user).addChannel({ service: "ntfy", url: `${receiverOrigin()}/${newBox()}`, name: "phone" }),
    );
    const confirm = await get(user, `${BASE}/${channel.id}/remove`);
    expect(confirm.response.status).toBe(200);
    expect(confirm.body).toContain("Remove <bdi>phone</bdi>?");
    expect(confirm.body).toContain(`<form method="post" action="${BASE}/${channel.id}/remove">`);
    expect(confirm.body).toContain(`name="csrf" value="${CSRF}"`);
    expect(confirm.body).toContain(`<a href="${BASE}">Cancel</a>`);
    // Opening the confirmation changes nothing.
    expect(await outbox(user).listChannels()).toHaveLength(1);

    const { body } = await postAndFollow(user, `${BASE}/${channel.id}/remove`, {});
    expect(body).toContain("Removed &quot;phone&quot;.");
    expect(body).toContain("No channels yet");
    expect(await outbox(user).listChannels()).toEqual([]);
  });

  it("says how many waiting notifications will not be sent", async () => {
    const user = newUser();
    const channel = value(
      await outbox(user).addChannel({ service: "ntfy", url: `${receiverOrigin()}/${newBox()}`, name: "phone" }),
    );
    value(await outbox(user).send({ message: "one", priority: "normal" }));
    value(await outbox(user).send({ message: "two", priority: "normal" }));
    const { body } = await postAndFollow(user, `${BASE}/${channel.id}/remove`, {});
    expect(body).toContain("2 waiting notifications will not be sent.");
  });

  it("answers 404 for a channel that does not exist", async () => {
    const user = newUser();
    expect((await get(user, `${BASE}/nope/remove`)).response.status).toBe(404);
    expect((await post(user, `${BASE}/nope/remove`, {})).response.status).toBe(404);
    expect((await get(user, `${BASE}/${"x".repeat(300)}/remove`)).response.status).toBe(404);
  });
});

describe("sign-in and CSRF", () => {
  it("answers 401 when nobody is signed in, to pages and forms alike", async () => {
    for (const { response, body } of [
      await get(undefined, BASE),
      await get(undefined, `${BASE}/x/remove`),
      await post(undefined, `${BASE}/add`, { service: "ntfy", url: "https://ntfy.sh/x" }),
    ]) {
      expect(response.status).toBe(401);
      expect(body).toContain("Sign in first");
    }
  });

  it("refuses a form with a missing or wrong token and changes nothing", async () => {
    const user = newUser();
    const channel = value(
      await outbox(user).addChannel({ service: "ntfy", url: `${receiverOrigin()}/${newBox()}`, name: "phone" }),
    );
    const attempts = [
      await post(
        user,
        `${BASE}/add`,
        { service: "ntfy", url: `${receiverOrigin()}/${newBox()}`, name: "forged" },
        "wrong",
      ),
      await post(
        user,
        `${BASE}/add`,
        { service: "ntfy", url: `${receiverOrigin()}/${newBox()}`, name: "forged" },
        null,
      ),
      await post(user, `${BASE}/${channel.id}/remove`, {}, ""),
      await post(user, `${BASE}/${channel.id}/test`, {}, "wrong"),
    ];
    for (const { response, body } of attempts) {
      expect(response.status).toBe(403);
      expect(body).toContain("nothing was changed");
    }
    expect((await outbox(user).listChannels()).map((c) => c.name)).toEqual(["phone"]);
    expect((await outbox(user).history({ limit: 10 })).total).toBe(0);
  });

  it("refuses an oversized form with 413", async () => {
    const { response } = await post(newUser(), `${BASE}/add`, {
      service: "webhook",
      url: `https://example.com/${"a".repeat(20_000)}`,
    });
    expect(response.status).toBe(413);
  });
});

describe("when something underneath fails", () => {
  it("answers a 503 page with a reference, never a 500 or a stack trace", async () => {
    const failing = new Hono<{ Bindings: Env }>();
    failing.route(
      BASE,
      channelsRoutes({
        currentUser: () => {
          throw new Error("session store unavailable at /internal/path");
        },
        csrfToken: () => CSRF,
        verifyCsrf: () => true,
      }),
    );
    const response = await failing.request(BASE, {}, env);
    const body = await response.text();
    expect(response.status).toBe(503);
    expect(body).toMatch(/reference [0-9a-f]{8}/);
    expect(body).not.toContain("/internal/path");
  });
});
