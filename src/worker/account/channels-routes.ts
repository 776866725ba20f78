/**
 * The console's notification channels, as a sub-app the console mounts behind its own sign-in:
 * list, add, test and remove the signed-in user's channels in their own Outbox. Who the user is and
 * the CSRF token come from the console through `ChannelsRoutesOptions`; this file knows neither
 * cookies nor sessions. Successful forms answer POST-redirect-GET (303) with the outcome in the
 * query; refused ones show the page again with the reason. Adding validates with notify_channel_add's
 * schema and the Outbox's own URL guard, so a webhook URL with a token can reach Outpost without
 * passing through a conversation.
 */
import { type Context, Hono } from "hono";
import { messagePage } from "../../auth/responses";
import { logEvent } from "../../lib/log";
import { readBodyLimited } from "../../lib/read-body";
import { MAX_CHANNELS } from "../../notify/channels";
import { KEY_MISSING } from "../../notify/crypto";
import { RATE_LIMIT_ADVICE } from "../../notify/deliveries";
import type { ChannelView, DeliveryView, OutboxResult } from "../../notify/types";
import { channelAddInput, channelName, channelReference } from "../../toolkits/notify/schemas";
import {
  type AddFormState,
  ChannelsPage,
  type ChannelUrls,
  CSRF_FIELD,
  type Notice,
  RemoveChannelPage,
  testNotice,
} from "../../web/account/channels-page";
import type { ConsoleViewer } from "../../web/account/console-layout";
import { pageSecurityHeaders } from "../../web/layout";

type Ctx = Context<{ Bindings: Env }>;
type MaybePromise<T> = T | Promise<T>;

export interface ChannelsRoutesOptions {
  /** The signed-in user's id (their Outbox's name), or undefined when nobody is signed in. */
  currentUser: (c: Ctx) => MaybePromise<string | undefined>;
  /** The token to put in the forms' hidden `csrf` field. */
  csrfToken: (c: Ctx) => MaybePromise<string>;
  /** Whether a form's `csrf` value is the token issued to this session. */
  verifyCsrf: (c: Ctx, token: string) => MaybePromise<boolean>;
  /** Where the sub-app is mounted, for form targets and redirects. */
  basePath?: string;
  /** Who is signed in, for the console's frame (navigation, Sign out); without it the pages stand alone. */
  viewer?: (c: Ctx) => MaybePromise<ConsoleViewer | undefined>;
}

/** Forms here hold a URL, a name and a secret: a few kilobytes at most. */
const MAX_FORM_BYTES = 16 * 1024;
/** Delivery ids as the Outbox makes them (`ntf_` and 16 characters). */
const DELIVERY_ID = /^ntf_[a-z0-9]{1,32}$/;
const HTML = "text/html; charset=utf-8";

export function channelsRoutes(options: ChannelsRoutesOptions): Hono<{ Bindings: Env }> {
  const base = (options.basePath ?? "/account/channels").replace(/\/+$/, "");
  const urls: ChannelUrls = {
    list: base,
    add: `${base}/add`,
    test: (channel) => `${base}/${encodeURIComponent(channel.id)}/test`,
    remove: (channel) => `${base}/${encodeURIComponent(channel.id)}/remove`,
  };
  const routes = new Hono<{ Bindings: Env }>();
  const outbox = (c: Ctx, user: string) => c.env.OUTBOX.get(c.env.OUTBOX.idFromName(user));

  const render = (status: number, html: string) =>
    new Response(`<!doctype html>${html}`, { status, headers: { ...pageSecurityHeaders(), "Content-Type": HTML } });
  const listPage = async (c: Ctx, user: string, status: number, extra: { notice?: Notice; form?: AddFormState }) => {
    const channels = await outbox(c, user).listChannels();
    const viewer = await options.viewer?.(c);
    const page = ChannelsPage({
      channels,
      max: MAX_CHANNELS,
      csrf: await options.csrfToken(c),
      urls,
      ...(viewer && { viewer }),
      ...extra,
    });
    return render(status, String(page));
  };
  const seeOther = (query: Record<string, string>) =>
    new Response(null, {
      status: 303,
      headers: { Location: `${base}?${new URLSearchParams(query)}`, "Cache-Control": "no-store" },
    });

  /** The signed-in user, or the refusal to send instead. */
  const requireUser = async (c: Ctx): Promise<string | Response> =>
    (await options.currentUser(c)) ??
    messagePage(
      401,
      "Sign in first",
      "Only the signed-in owner can see notification channels.",
      "Sign in to the console, then open this page again.",
    );

  /** The signed-in user and the form they sent, once its size and CSRF token check out. */
  const requireForm = async (c: Ctx): Promise<{ user: string; form: FormData } | Response> => {
    const user = await requireUser(c);
    if (user instanceof Response) return user;
    const body = await readBodyLimited(c.req.raw, MAX_FORM_BYTES);
    if (body === undefined)
      return messagePage(
        413,
        "Form too large",
        "The form sent more data than a channel needs.",
        "Go back and check what was pasted into it.",
      );
    let form: FormData;
    try {
      form = await new Response(body, {
        headers: { "Content-Type": c.req.header("Content-Type") ?? "application/x-www-form-urlencoded" },
      }).formData();
    } catch {
      return messagePage(
        400,
        "Unreadable form",
        "The form could not be read.",
        "Go back, reload the page and try again.",
      );
    }
    const token = form.get(CSRF_FIELD);
    if (typeof token !== "string" || token === "" || !(await options.verifyCsrf(c, token))) {
      return messagePage(
        403,
        "Form expired",
        "This form is no longer valid, so nothing was changed.",
        "Go back, reload the page and send it again.",
      );
    }
    return { user, form };
  };

  /** The channel a path names (by id or name, as the Outbox finds them), or a 404 page. */
  const requireChannel = async (c: Ctx, user: string): Promise<ChannelView | Response> => {
    const reference = c.req.param("name") ?? "";
    const channels = channelReference.safeParse(reference).success ? await outbox(c, user).listChannels() : [];
    const channel =
      channels.find((candidate) => candidate.id === reference) ??
      channels.find((candidate) => candidate.name.toLowerCase() === reference.toLowerCase());
    return (
      channel ??
      messagePage(
        404,
        "No such channel",
        "That channel does not exist (it may have been removed already).",
        "Go back to the list of channels.",
      )
    );
  };

  routes.get("/", async (c) => {
    const user = await requireUser(c);
    if (user instanceof Response) return user;
    return listPage(c, user, 200, { notice: await noticeFromQuery(c, user) });
  });

  routes.post("/add", async (c) => {
    const sent = await requireForm(c);
    if (sent instanceof Response) return sent;
    const { user, form } = sent;
    const field = (key: string) => {
      const value = form.get(key);
      return typeof value === "string" ? value : undefined;
    };
    // Empty optional fields are absent, as a tool call would leave them out.
    const optional = (key: string) => (field(key)?.trim() ? field(key) : undefined);
    const kept: AddFormState = {
      service: field("service"),
      name: field("name")?.slice(0, 40),
      makeDefault: field("makeDefault") === "on",
    };
    const parsed = channelAddInput.safeParse({
      service: field("service"),
      url: field("url")?.trim() ?? "",
      name: optional("name")?.trim(),
      secret: optional("secret"),
      makeDefault: kept.makeDefault,
    });
    if (!parsed.success)
      return listPage(c, user, 400, { form: { ...kept, error: describeIssue(parsed.error.issues[0]) } });
    const channels = await outbox(c, user).listChannels();
    if (channels.length >= MAX_CHANNELS) {
      return listPage(c, user, 409, {
        form: {
          ...kept,
          error: `You have ${MAX_CHANNELS} channels, the most there can be. Remove one to add another.`,
        },
      });
    }
    const added = await outbox(c, user).addChannel(parsed.data);
    if (!added.ok)
      return listPage(c, user, added.error === KEY_MISSING ? 503 : 400, {
        form: { ...kept, error: `${added.error} Paste the URL again once it is corrected.` },
      });
    logEvent("console_channel_added", { service: added.value.service });
    return seeOther({ added: added.value.id });
  });

  routes.post("/:name/test", async (c) => {
    const sent = await requireForm(c);
    if (sent instanceof Response) return sent;
    const channel = await requireChannel(c, sent.user);
    if (channel instanceof Response) return channel;
    const tested: OutboxResult<DeliveryView> = await outbox(c, sent.user).testChannel(channel.id);
    // Refusals: the key is missing (the operator's to fix) or the hourly limit is reached.
    if (!tested.ok) {
      const text = tested.error.replace(` ${RATE_LIMIT_ADVICE}`, "");
      return listPage(c, sent.user, tested.error === KEY_MISSING ? 503 : 429, { notice: { kind: "error", text } });
    }
    return seeOther({ tested: tested.value.id });
  });

  routes.get("/:name/remove", async (c) => {
    const user = await requireUser(c);
    if (user instanceof Response) return user;
    const channel = await requireChannel(c, user);
    if (channel instanceof Response) return channel;
    const viewer = await options.viewer?.(c);
    return render(
      200,
      String(RemoveChannelPage({ channel, csrf: await options.csrfToken(c), urls, ...(viewer && { viewer }) })),
    );
  });

  routes.post("/:name/remove", async (c) => {
    const sent = await requireForm(c);
    if (sent instanceof Response) return sent;
    const channel = await requireChannel(c, sent.user);
    if (channel instanceof Response) return channel;
    const removed = await outbox(c, sent.user).removeChannel(channel.id);
    // Gone between the lookup and now (another tab): the outcome the owner wanted.
    if (!removed.ok) return seeOther({ removed: channel.name });
    logEvent("console_channel_removed", { service: channel.service, cancelled: removed.value.cancelled });
    return seeOther({ removed: channel.name, cancelled: String(removed.value.cancelled) });
  });

  routes.onError((error, c) => {
    const reference = crypto.randomUUID().slice(0, 8);
    logEvent("console_channels_error", { path: new URL(c.req.url).pathname, reference, error: error.name });
    return messagePage(
      503,
      "Something went wrong",
      `The channels could not be reached (reference ${reference}). Nothing may have changed.`,
      "Reload the page in a moment.",
    );
  });

  /** The notice the query names after a redirect; names in it are checked, so a crafted link can show only a channel name. */
  async function noticeFromQuery(c: Ctx, user: string): Promise<Notice | undefined> {
    const tested = c.req.query("tested");
    if (tested && DELIVERY_ID.test(tested)) {
      const status = await outbox(c, user).status(tested);
      if (status.ok) return testNotice(status.value, `${base}?${new URLSearchParams({ tested })}`);
    }
    const added = c.req.query("added");
    if (added) {
      const channel = (await outbox(c, user).listChannels()).find((candidate) => candidate.id === added);
      if (channel)
        return {
          kind: "ok",
          text: `Added "${channel.name}"${channel.isDefault ? ", the default channel" : ""}. Send a test to check that messages arrive.`,
        };
    }
    const removed = c.req.query("removed");
    if (removed !== undefined) {
      const which = channelName.safeParse(removed).success ? `"${removed}"` : "the channel";
      const cancelled = Number(c.req.query("cancelled"));
      const failed =
        Number.isInteger(cancelled) && cancelled > 0
          ? ` ${cancelled} waiting notification${cancelled === 1 ? "" : "s"} will not be sent.`
          : "";
      return { kind: "ok", text: `Removed ${which}.${failed}` };
    }
    return undefined;
  }

  return routes;
}

/** The first problem with the add form, in the form's own words. */
function describeIssue(issue: { path: PropertyKey[]; code: string; message: string } | undefined): string {
  const field = issue?.path[0];
  if (field === "url")
    return issue?.code === "too_big" ? "That URL is longer than 2,048 characters." : "Paste the channel's URL.";
  if (field === "service") return "Choose one of the listed services.";
  if (field === "name")
    return "A name may use letters, digits, spaces, '_', '-' and '.', up to 40 characters, starting with a letter or digit.";
  if (field === "secret") return "A signing secret must be 16 to 256 characters long, or left empty.";
  return issue?.message ?? "The form could not be read.";
}
