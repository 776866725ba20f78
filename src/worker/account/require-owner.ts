import type { Context, MiddlewareHandler } from "hono";
import { type ConsoleSession, checkCsrf, consolePath, readConsoleSession } from "../../auth/console-session";
import { messagePage } from "../../auth/responses";
import { publicOrigin, requestConfig } from "../../config";
import { readBodyLimited } from "../../lib/read-body";

/** What a console route sees once `requireOwner()` let it through. */
export type ConsoleEnv = {
  Bindings: Env;
  Variables: {
    owner: ConsoleSession;
    /** The public origin the console is served on. */
    origin: string;
    /** A POST's form, already read (within MAX_CONSOLE_FORM_BYTES) and its CSRF token checked. */
    form: FormData;
  };
};

/** Console forms carry a token and a few fields; anything larger is not a person clicking. */
export const MAX_CONSOLE_FORM_BYTES = 16 * 1024;

/**
 * The guard in front of every signed-in console page: mount it on each route (`app.get(path,
 * requireOwner(), handler)`). Without a live console session a GET is sent to sign in (and back),
 * anything else gets 401. A state-changing request must not come from another origin (`Origin`,
 * when the browser sends a real one) and must carry the session's CSRF token in its form (`csrf`); its form is read
 * once, within MAX_CONSOLE_FORM_BYTES, and handed on as `c.var.form`.
 */
export function requireOwner(): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    const origin = publicOrigin(requestConfig(c.env as Env), c.req.url);
    const session = await consoleSessionOf(c);
    const reading = c.req.method === "GET" || c.req.method === "HEAD";
    if (!session) {
      if (reading)
        return c.redirect(`/account/sign-in?next=${encodeURIComponent(consolePath(new URL(c.req.url).pathname))}`, 303);
      return messagePage(
        401,
        "Signed out of the console",
        "Your console session has ended (they last 30 minutes), so nothing was changed.",
        "Sign in at /account and try again.",
      );
    }
    c.set("owner", session);
    c.set("origin", origin);
    if (!reading) {
      // Pages are served with `Referrer-Policy: no-referrer`, under which Chromium sends
      // `Origin: null` even on a same-origin form: "null" says nothing, so the token decides.
      const sentOrigin = c.req.header("Origin");
      if (sentOrigin !== undefined && sentOrigin !== "null" && sentOrigin !== origin) return refused();
      const form = await readForm(c.req.raw);
      if (form instanceof Response) return form;
      if (!(await checkCsrf(session, form.get("csrf")))) return refused();
      c.set("form", form);
    }
    await next();
  };
}

const sessions = new WeakMap<Request, Promise<ConsoleSession | undefined>>();

/** The console session of this request, read once however many callers ask (pages that read their own forms). */
export function consoleSessionOf(c: Context): Promise<ConsoleSession | undefined> {
  const request = c.req.raw;
  let session = sessions.get(request);
  if (!session) {
    session = readConsoleSession(c.env as Env, request, publicOrigin(requestConfig(c.env as Env), c.req.url));
    sessions.set(request, session);
  }
  return session;
}

/** A bounded console form, or the page that says why it could not be read. */
export async function readForm(request: Request): Promise<FormData | Response> {
  const body = await readBodyLimited(request, MAX_CONSOLE_FORM_BYTES);
  if (body === undefined)
    return messagePage(413, "Form too large", "The console form sent more data than it can hold.");
  try {
    const contentType = request.headers.get("Content-Type") ?? "application/x-www-form-urlencoded";
    return await new Response(body, { headers: { "Content-Type": contentType } }).formData();
  } catch {
    return messagePage(400, "Unreadable form", "The console form could not be read. Reload the page and try again.");
  }
}

function refused(): Response {
  return messagePage(
    403,
    "This form is out of date",
    "It was not sent from this console page, or it belongs to an earlier console session, so nothing was changed.",
    "Reload the page and try again.",
  );
}
