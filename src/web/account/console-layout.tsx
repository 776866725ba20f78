import type { Child } from "hono/jsx";
import { Layout } from "../layout";
import { CONSOLE_PAGES } from "./nav";

export interface ConsoleViewer {
  displayName: string;
  identity: string;
  /** Epoch seconds when the console session ends. */
  expiresAt: number;
  csrf: string;
}

/**
 * Every signed-in console page: the navigation (nav.ts), who is signed in, until when, and Sign out
 * (a form: it changes state, so it is a CSRF-protected POST, not a link).
 */
export function ConsoleLayout(props: { title: string; current: string; viewer: ConsoleViewer; children: Child }) {
  const { viewer } = props;
  return (
    <Layout title={`${props.title} · Outpost`} wide>
      <div class="card">
        <div class="console-head">
          <nav class="console" aria-label="Console">
            {CONSOLE_PAGES.map((page) => (
              <a href={page.path} aria-current={page.path === props.current ? "page" : undefined}>
                {page.label}
              </a>
            ))}
          </nav>
          <form method="post" action="/account/sign-out">
            <input type="hidden" name="csrf" value={viewer.csrf} />
            <button class="small" type="submit">
              Sign out
            </button>
          </form>
        </div>
        <p class="muted">
          Signed in as <strong>{viewer.displayName}</strong> ({viewer.identity}) until {clock(viewer.expiresAt)} UTC.
          Console sessions last 30 minutes; then you sign in again.
        </p>
        <h1>{props.title}</h1>
        {props.children}
      </div>
    </Layout>
  );
}

/** "14:05" in UTC: the server cannot know the reader's zone without a script. */
function clock(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().slice(11, 16);
}

/** "2026-11-26 14:05 UTC". */
export function when(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
