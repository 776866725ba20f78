import type { Child } from "hono/jsx";

const STYLE = `
:root{color-scheme:light dark;--fg:#1d1d1f;--muted:#5f6368;--bg:#fafaf7;--card:#fff;--line:#e3e1da;--accent:#b4532a;--warn:#8a5a00;--warnbg:#fff6dc;--err:#a4161a;--errbg:#fde8e8}
@media (prefers-color-scheme:dark){:root{--fg:#ececec;--muted:#a0a0a0;--bg:#191918;--card:#232321;--line:#3a3936;--accent:#e08a5e;--warn:#ffd27a;--warnbg:#3a2f12;--err:#ffb4b4;--errbg:#3a1616}}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,Segoe UI,sans-serif;background:var(--bg);color:var(--fg)}
main{max-width:34rem;margin:1rem auto;padding:0 .75rem}.card{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:1.1rem 1.25rem}
@media (min-width:40rem) and (min-height:40rem){main{margin:2rem auto}}
h1{font-size:1.3rem;margin:0 0 .5rem;overflow-wrap:anywhere}h2{font-size:1rem;margin:1rem 0 .4rem}p{margin:.4rem 0}.muted{color:var(--muted);font-size:.9rem}
code{font:.9em ui-monospace,monospace;background:var(--bg);padding:.1em .3em;border-radius:4px;overflow-wrap:anywhere}
.who{margin:.25rem 0 .6rem}.who strong,.who code{font-weight:700;font-size:1rem}
.note{border-radius:8px;padding:.5rem .75rem;margin:.5rem 0}.warn{background:var(--warnbg);color:var(--warn)}.error{background:var(--errbg);color:var(--err)}
.scopes-head{display:flex;justify-content:space-between;align-items:center;gap:.5rem}.scopes-head h2{margin-bottom:.4rem}
label.scope{display:flex;gap:.6rem;align-items:flex-start;padding:.3rem 0;border-top:1px solid var(--line);line-height:1.35}label.scope input{margin-top:.2rem}label.scope code{font-size:.75rem;white-space:nowrap}
input[type=password],input[type=text],input[type=url],select{width:100%;padding:.55rem;font:inherit;border:1px solid var(--line);border-radius:8px;background:var(--bg);color:var(--fg)}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;margin-top:1rem}button{font:inherit;padding:.55rem 1.2rem;border-radius:8px;border:1px solid var(--line);background:var(--card);color:var(--fg);cursor:pointer}
button.small{padding:.25rem .7rem;font-size:.85rem;white-space:nowrap}button:disabled,input:disabled{opacity:.5;cursor:not-allowed}
button.primary{background:var(--accent);border-color:var(--accent);color:#fff}ol,ul{padding-left:1.2rem;margin:.3rem 0}
pre{margin:.4rem 0;padding:.6rem .75rem;background:var(--bg);border:1px solid var(--line);border-radius:8px;white-space:pre-wrap;overflow-wrap:anywhere}pre code{padding:0}
pre.copy{user-select:all;-webkit-user-select:all;cursor:text}.copy-button{font-size:.85rem;padding:.25rem .7rem}
h3{font-size:.95rem;margin:1rem 0 .35rem}h4{font-size:.85rem;margin:.6rem 0 .2rem;color:var(--muted)}section{border-top:1px solid var(--line);margin-top:1rem}
a.button{display:inline-block;padding:.6rem 1.2rem;border-radius:8px;background:var(--accent);color:#fff;text-decoration:none}
main.wide{max-width:60rem}nav.console{display:flex;flex-wrap:wrap;gap:.3rem .9rem;align-items:center;margin:0 0 .75rem}nav.console a{color:var(--fg)}nav.console a[aria-current=page]{font-weight:700;color:var(--accent)}
.console-head{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.5rem;align-items:baseline}.console-head form{margin:0}
.app{border-top:1px solid var(--line);padding:.7rem 0}.app h3{margin:0 0 .2rem}.app dl{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .8rem;margin:.3rem 0;font-size:.9rem}.app dt{color:var(--muted)}.app dd{margin:0;overflow-wrap:anywhere}
.table-wrap{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{text-align:left;padding:.35rem .5rem;border-top:1px solid var(--line);vertical-align:top}th{color:var(--muted);font-weight:600}
.outcome-ok{color:inherit}.outcome-error,.outcome-refused{color:var(--err);font-weight:600}
`;

/**
 * The tab icon, inline: without one every browser asks for /favicon.ico and logs a 404 in its console
 * (CSP's img-src allows data: URLs).
 */
const ICON = `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><path d="M8 1 15 14H1z" fill="#b4532a"/></svg>')}`;

/** The HTML shell for every page. hono/jsx escapes every interpolated string. */
export function Layout(props: {
  title: string;
  children: Child /** Wider pages with tables (the owner's console). */;
  wide?: boolean;
}) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <link rel="icon" href={ICON} />
        <title>{props.title}</title>
        <style>{STYLE}</style>
      </head>
      <body>
        <main class={props.wide ? "wide" : undefined}>{props.children}</main>
      </body>
    </html>
  );
}

/** A page that only says something: errors, refusals, "try again in N s". */
export function MessagePage(props: { title: string; message: string; hint?: string }) {
  return (
    <Layout title={props.title}>
      <div class="card">
        <h1>{props.title}</h1>
        <p>{props.message}</p>
        {props.hint ? <p class="muted">{props.hint}</p> : null}
      </div>
    </Layout>
  );
}

/**
 * Content-Security-Policy for server-rendered pages: no scripts but those whose hashes are listed
 * (`scriptHashes`, `'sha256-…'`; pages work without them), inline styles only, forms may post to
 * this origin and then redirect to `formTargets` (Chrome applies form-action to the redirect after
 * a POST, so the client's callback origin must be listed).
 */
export function pageSecurityHeaders(formTargets: string[] = [], scriptHashes: string[] = []): Record<string, string> {
  return {
    "Content-Security-Policy": [
      "default-src 'none'",
      ...(scriptHashes.length > 0 ? [`script-src ${scriptHashes.join(" ")}`] : []),
      "style-src 'unsafe-inline'",
      "img-src 'self' https: data:",
      `form-action 'self' ${formTargets.join(" ")}`.trim(),
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ].join("; "),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
  };
}
