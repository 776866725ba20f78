/**
 * A headless browser for sign-in across two origins (Outpost under `wrangler dev` and a loopback
 * OpenID Provider): keeps cookies per host and port, follows redirects by hand, and fills in the
 * provider's development login and consent forms.
 */

export class HeadlessBrowser {
  private readonly jars = new Map<string, Map<string, string>>();

  async fetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url);
    const jar = this.jars.get(target.host) ?? new Map<string, string>();
    this.jars.set(target.host, jar);
    const headers = new Headers(init.headers);
    if (jar.size > 0) headers.set("Cookie", [...jar].map(([name, value]) => `${name}=${value}`).join("; "));
    const response = await fetch(target, { ...init, headers, redirect: "manual" });
    for (const setCookie of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = setCookie.split(";");
      const name = pair.slice(0, pair.indexOf("=")).trim();
      const value = pair.slice(pair.indexOf("=") + 1).trim();
      const expired = attributes.some(
        (attribute) => /^\s*max-age=0\s*$/i.test(attribute) || /^\s*expires=thu, 01 jan 1970/i.test(attribute),
      );
      if (expired || value === "") jar.delete(name);
      else jar.set(name, value);
    }
    return response;
  }

  cookieNames(host: string): string[] {
    return [...(this.jars.get(host)?.keys() ?? [])];
  }
}

/** Hidden and text inputs of the first form on a page, and where it posts. */
export function firstForm(html: string, base: string): { action: URL; fields: Record<string, string> } | undefined {
  const form = /<form\b[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) return undefined;
  const fields: Record<string, string> = {};
  for (const input of (form[2] ?? "").matchAll(/<input\b([^>]*)>/gi)) {
    const name = /name="([^"]*)"/.exec(input[1] ?? "")?.[1];
    if (name) fields[name] = /value="([^"]*)"/.exec(input[1] ?? "")?.[1] ?? "";
  }
  return { action: new URL((form[1] ?? "").replace(/&amp;/g, "&"), base), fields };
}

/**
 * From the provider's authorization URL, sign in as `account` (any password) and approve, following
 * redirects until one leaves for `until` (the callback on Outpost), which is returned undelivered so
 * the test decides when, or whether, to follow it.
 */
export async function signInAtProvider(
  browser: HeadlessBrowser,
  start: string,
  account: string,
  until: string,
): Promise<string> {
  let url = new URL(start);
  let init: RequestInit | undefined;
  for (let step = 0; step < 20; step++) {
    if (url.toString().startsWith(until)) return url.toString();
    const response = await browser.fetch(url, init);
    init = undefined;
    const location = response.headers.get("Location");
    if (response.status >= 300 && response.status < 400 && location) {
      url = new URL(location, url);
      continue;
    }
    const html = await response.text();
    const form = response.status === 200 ? firstForm(html, url.toString()) : undefined;
    if (!form) throw new Error(`the provider stopped at ${url} with ${response.status}: ${html.slice(0, 300)}`);
    if ("login" in form.fields) Object.assign(form.fields, { login: account, password: "any password works here" });
    url = form.action;
    init = {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form.fields),
    };
  }
  throw new Error("too many redirects at the provider");
}
