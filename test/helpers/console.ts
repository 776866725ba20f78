/** Signing in to the owner's console (`/account`) as a browser would, inside workerd. */
import { exports } from "cloudflare:workers";
import { applyCookies, ORIGIN, PASSPHRASE } from "./worker";

export interface ConsoleBrowser {
  origin: string;
  cookie: string;
  /** The session's CSRF token, as the console's forms carry it. */
  csrf: string;
}

export function consoleFetch(
  browser: Pick<ConsoleBrowser, "origin" | "cookie">,
  path: string,
  init: RequestInit = {},
): Promise<Response> {
  const headers = new Headers(init.headers);
  if (browser.cookie) headers.set("Cookie", browser.cookie);
  return exports.default.fetch(new Request(new URL(path, browser.origin), { redirect: "manual", ...init, headers }));
}

/** The sign-in page: its form token and the cookies it set. */
export async function openConsoleSignIn(
  origin = ORIGIN,
  headers: HeadersInit = {},
): Promise<{ form: string; cookie: string; html: string; response: Response }> {
  const response = await consoleFetch(
    { origin, cookie: new Headers(headers).get("Cookie") ?? "" },
    "/account/sign-in",
    { headers },
  );
  const html = await response.clone().text();
  const form = /name="form" value="([^"]+)"/.exec(html)?.[1] ?? "";
  return {
    form,
    cookie: applyCookies(new Headers(headers).get("Cookie") ?? "", response.headers.getSetCookie()),
    html,
    response,
  };
}

export function postSignIn(
  origin: string,
  page: { form: string; cookie: string },
  fields: { passphrase?: string; ip?: string; method?: string; next?: string } = {},
): Promise<Response> {
  return consoleFetch({ origin, cookie: page.cookie }, "/account/sign-in", {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      ...(fields.ip ? { "CF-Connecting-IP": fields.ip } : {}),
    },
    body: new URLSearchParams({
      form: page.form,
      method: fields.method ?? "passphrase",
      passphrase: fields.passphrase ?? PASSPHRASE,
      next: fields.next ?? "/account",
    }),
  });
}

/** Sign in with the passphrase; returns the browser's cookies and the CSRF token of its session. */
export async function consoleSignIn(origin = ORIGIN, ip?: string): Promise<ConsoleBrowser> {
  const page = await openConsoleSignIn(origin, ip ? { "CF-Connecting-IP": ip } : {});
  const response = await postSignIn(origin, page, { ip });
  if (response.status !== 303) throw new Error(`console sign-in failed: ${response.status} ${await response.text()}`);
  const cookie = applyCookies(page.cookie, response.headers.getSetCookie());
  const home = await consoleFetch({ origin, cookie }, "/account");
  const html = await home.text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";
  if (!csrf) throw new Error(`no csrf token on /account: ${home.status}`);
  return { origin, cookie, csrf };
}

/** POST a console form with the session's cookie; `csrf` is added unless given. */
export function postConsoleForm(
  browser: ConsoleBrowser,
  path: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return consoleFetch(browser, path, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams({ csrf: browser.csrf, ...fields }),
  });
}
