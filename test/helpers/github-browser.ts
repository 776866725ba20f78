/**
 * A browser for upstream sign-in tests inside workerd: it keeps cookies the way a browser does (per
 * name, dropped at Max-Age=0) and sends requests to the real worker with an environment that turns
 * GitHub sign-in on, as `wrangler.toml` vars and secrets would on a deployment.
 */

import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import worker from "../../src/index";
import { ORIGIN } from "./worker";

export class Browser {
  private readonly jar = new Map<string, string>();

  constructor(private readonly vars: Record<string, string>) {}

  get cookieHeader(): string {
    return [...this.jar].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  cookieNames(): string[] {
    return [...this.jar.keys()];
  }

  /** Send `path` (or an absolute URL on the worker's origin) to the worker; no redirects followed. */
  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.jar.size > 0) headers.set("Cookie", this.cookieHeader);
    const request = new Request(new URL(path, ORIGIN), { ...init, headers, redirect: "manual" });
    const ctx = createExecutionContext();
    const response = await worker.fetch(
      request as Parameters<typeof worker.fetch>[0],
      { ...env, ...this.vars } as Env,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    for (const setCookie of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = setCookie.split(";");
      const name = pair.slice(0, pair.indexOf("="));
      if (attributes.some((attribute) => attribute.trim().toLowerCase() === "max-age=0")) this.jar.delete(name);
      else this.jar.set(name, pair.slice(pair.indexOf("=") + 1));
    }
    return response;
  }

  /** GET the consent page and return its handle. */
  async openConsent(path: string): Promise<{ response: Response; html: string; handle: string }> {
    const response = await this.fetch(path);
    const html = await response.text();
    return { response, html, handle: /name="handle" value="([^"]+)"/.exec(html)?.[1] ?? "" };
  }

  /** Submit the consent form with the button for `method`. */
  submit(path: string, fields: [string, string][]): Promise<Response> {
    return this.fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields),
    });
  }
}
