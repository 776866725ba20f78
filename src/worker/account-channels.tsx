import { Hono } from "hono";
import { readIdentityConfig } from "../auth/identity-config";
import { constantTimeEqual, OWNER_SUBJECT, passphraseSignIn } from "../auth/passphrase";
import { messagePage } from "../auth/responses";
import { signInAttempt } from "../auth/sign-in-attempt";
import { readCookie } from "../auth/signed-cookie";
import { signInThrottle } from "../auth/throttle";
import { publicOrigin, requestConfig } from "../config";
import { isLoopbackOrigin } from "../lib/host-name";
import { readBodyLimited } from "../lib/read-body";
import { encodeUserId } from "../mcp/props";
import type { Outbox } from "../notify/outbox";
import { SERVICES, type ServiceName } from "../notify/services";
import { CHANNEL_PAGE_PATH } from "../toolkits/notify/channel-link";
import { channelName } from "../toolkits/notify/schemas";
import { ChannelAddedPage, ChannelPage, type ChannelPageProps } from "../web/channel-page";
import { pageSecurityHeaders } from "../web/layout";

const MAX_FORM_BYTES = 16 * 1024;
const CSRF_COOKIE = "__Host-outpost-csrf";
/** Counted by the sign-in throttle like a consent attempt from a client of this name. */
const THROTTLE_CLIENT = "outpost:channel-page";

/**
 * `/account/channels/new` (URL-mode elicitation from notify_channel_link): the one-time link names
 * the user's Outbox and a secret; the page makes the owner sign in with the passphrase, and the
 * Outbox adds the channel only for the user the link was made for, spending the link. CSRF: a
 * random value in a SameSite=Strict cookie must match the form's, besides the unguessable link.
 * Only passphrase sign-in is offered here for now: a link made for a GitHub or OpenID user explains
 * that and points back to notify_channel_add.
 */
export const accountChannelRoutes = new Hono<{ Bindings: Env }>();

accountChannelRoutes.get(CHANNEL_PAGE_PATH, async (c) => {
  const opened = await openLink(c.env, c.req.query("link"));
  if (opened instanceof Response) return opened;
  const csrf = randomValue();
  return page(
    c.env,
    c.req.raw,
    200,
    {
      link: opened.token,
      csrf,
      expiresAt: opened.link.expiresAt,
      service: opened.link.service,
      name: opened.link.name,
    },
    [csrfCookie(csrf)],
  );
});

accountChannelRoutes.post(CHANNEL_PAGE_PATH, async (c) => {
  const body = await readBodyLimited(c.req.raw, MAX_FORM_BYTES);
  if (body === undefined) return messagePage(413, "Form too large", "The form sent more data than it can hold.");
  let form: FormData;
  try {
    form = await new Response(body, {
      headers: { "Content-Type": c.req.header("Content-Type") ?? "application/x-www-form-urlencoded" },
    }).formData();
  } catch {
    return messagePage(400, "Unreadable form", "The form could not be read. Open the link from Claude again.");
  }
  const field = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : undefined;
  };
  const cookie = readCookie(c.req.raw, CSRF_COOKIE);
  const posted = field("csrf");
  if (!cookie || !posted || !(await constantTimeEqual(cookie, posted))) {
    return messagePage(
      403,
      "Open the page again",
      "This form was not sent from the page this browser opened. Open the link from Claude again and submit it from there.",
    );
  }
  const opened = await openLink(c.env, field("link"));
  if (opened instanceof Response) return opened;

  const service = field("service");
  const url = field("url")?.trim() ?? "";
  const name = field("name")?.trim() || undefined;
  const secret = field("secret") || undefined;
  const again = (status: number, error: string, extra: Partial<ChannelPageProps> = {}, cookies: string[] = []) =>
    page(
      c.env,
      c.req.raw,
      status,
      {
        link: opened.token,
        csrf: posted,
        expiresAt: opened.link.expiresAt,
        service: isService(service) ? service : opened.link.service,
        name,
        url,
        error,
        ...extra,
      },
      cookies,
    );
  if (!isService(service)) return again(400, "Choose one of the services.");
  if (name !== undefined && !channelName.safeParse(name).success)
    return again(
      400,
      "The name may use letters, digits, spaces, '_', '-' and '.', up to 40 characters, starting with a letter or digit.",
    );
  if (secret !== undefined && (secret.length < 16 || secret.length > 256))
    return again(400, "A signing secret has 16 to 256 characters; leave it empty for none.");

  const signIn = await passphraseSignIn({ passphrase: c.env.OWNER_PASSPHRASE, throttle: signInThrottle(c.env) }).verify(
    form,
    signInAttempt(c.req.raw, THROTTLE_CLIENT),
  );
  if (!signIn.ok) return again(signIn.status, signIn.message, { passphraseLocked: signIn.status === 429 });

  const added = await opened.outbox.addChannelFromLink(opened.secret, encodeUserId(signIn.user.subject), {
    service,
    url,
    name,
    secret,
  });
  const cookies = signIn.cookies;
  if (!added.ok) return again(400, added.error, {}, cookies);
  const headers = new Headers({ ...pageSecurityHeaders(), "Content-Type": "text/html; charset=utf-8" });
  for (const value of [...cookies, clearCsrfCookie()]) headers.append("Set-Cookie", value);
  return new Response(`<!doctype html>${<ChannelAddedPage channel={added.value} />}`, { status: 200, headers });
});

interface OpenedLink {
  token: string;
  secret: string;
  outbox: DurableObjectStub<Outbox>;
  link: { userId: string; expiresAt: number; service?: ServiceName; name?: string };
}

/** The Outbox and live link a token names, or the page that explains why not. */
async function openLink(env: Env, token: string | undefined): Promise<OpenedLink | Response> {
  const match = /^([0-9a-f]{64})\.([A-Za-z0-9_-]{43})$/.exec(token ?? "");
  if (!match)
    return messagePage(
      400,
      "This link is not complete",
      "Open the whole link Claude gave you, or ask Claude for a new one.",
    );
  let outbox: DurableObjectStub<Outbox>;
  try {
    outbox = env.OUTBOX.get(env.OUTBOX.idFromString(match[1]!));
  } catch {
    return messagePage(404, "This link is not valid", "Ask Claude for a new link to add a channel.");
  }
  const link = await outbox.openChannelLink(match[2]!);
  if (!link)
    return messagePage(
      410,
      "This link has expired",
      "It was already used, or is more than ten minutes old. Ask Claude for a new one.",
    );
  if (!readIdentityConfig(env).methods.includes("passphrase") || link.userId !== encodeUserId(OWNER_SUBJECT)) {
    return messagePage(
      403,
      "Sign-in here needs the owner passphrase",
      "This page signs you in with the owner passphrase only, and this link was made for an account that signs in another way.",
      "Ask Claude to add the channel with notify_channel_add instead.",
    );
  }
  return { token: token as string, secret: match[2]!, outbox, link };
}

function page(
  env: Env,
  request: Request,
  status: number,
  props: Omit<ChannelPageProps, "local">,
  cookies: string[] = [],
): Response {
  const origin = publicOrigin(requestConfig(env), request.url);
  const headers = new Headers({ ...pageSecurityHeaders(), "Content-Type": "text/html; charset=utf-8" });
  for (const value of cookies) headers.append("Set-Cookie", value);
  return new Response(`<!doctype html>${<ChannelPage {...props} local={isLoopbackOrigin(origin)} />}`, {
    status,
    headers,
  });
}

function isService(value: string | undefined): value is ServiceName {
  return (SERVICES as readonly string[]).includes(value ?? "");
}

function randomValue(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(24))))
    .replaceAll("+", "-")
    .replaceAll("/", "_");
}

function csrfCookie(value: string): string {
  return `${CSRF_COOKIE}=${value}; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=900`;
}

function clearCsrfCookie(): string {
  return `${CSRF_COOKIE}=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0`;
}
