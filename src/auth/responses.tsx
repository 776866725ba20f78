import { MessagePage, pageSecurityHeaders } from "../web/layout";
import { SignInErrorPage, type SignInErrorPageProps } from "../web/sign-in-error-page";

const HTML = "text/html; charset=utf-8";

/** A page that only explains something (errors, expired links), never cached or framed. */
export function messagePage(status: number, title: string, message: string, hint?: string): Response {
  const html = `<!doctype html>${<MessagePage title={title} message={message} hint={hint} />}`;
  return new Response(html, { status, headers: { ...pageSecurityHeaders(), "Content-Type": HTML } });
}

/** Why sign-in stopped, with the link that returns the OAuth error to the app. `headers` may clear cookies. */
export function signInErrorPage(status: number, props: SignInErrorPageProps, headers?: Headers): Response {
  const html = `<!doctype html>${<SignInErrorPage {...props} />}`;
  const merged = new Headers(pageSecurityHeaders());
  headers?.forEach((value, name) => {
    if (name.toLowerCase() === "set-cookie") merged.append(name, value);
  });
  merged.set("Content-Type", HTML);
  return new Response(html, { status, headers: merged });
}
