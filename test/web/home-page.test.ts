/**
 * The page at `/`, rendered by the real worker: instructions that fit where the server runs,
 * every toolkit as its definition declares it, commands that can be copied without scripts, and
 * the sign-in methods the configuration turns on.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { toolkits } from "../../src/toolkits";

async function home(url: string, vars: Record<string, string> = {}): Promise<{ response: Response; html: string }> {
  const request = new Request(url, { headers: { Accept: "text/html" } });
  let response: Response;
  if (Object.keys(vars).length === 0) {
    response = await exports.default.fetch(request);
  } else {
    const ctx = createExecutionContext();
    response = await worker.fetch(request as Parameters<typeof worker.fetch>[0], { ...env, ...vars } as Env, ctx);
    await waitOnExecutionContext(ctx);
  }
  return { response, html: await response.text() };
}

/** The text of the page with tags removed and entities decoded, for phrases that span markup. */
function text(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, "")
    .replace(/<[^>]+>/g, "")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

describe("on a local server", () => {
  it("says claude.ai and the mobile apps cannot reach it, and gives Claude Code and mcp-remote lines", async () => {
    const { html } = await home("http://localhost:8787/");
    const page = text(html);
    expect(page).toContain("cannot reach localhost");
    expect(page).toContain("deploy");
    expect(page).toContain("claude mcp add --transport http outpost http://localhost:8787/mcp");
    expect(page).toContain('"command": "npx", "args": [ "-y", "mcp-remote", "http://localhost:8787/mcp" ]');
    expect(page).not.toContain("Add custom connector");
    expect(page).toContain("npm run -s passphrase");
  });

  it("on 127.0.0.1, points to localhost, where the consent cookie works", async () => {
    const page = text((await home("http://127.0.0.1:8787/")).html);
    expect(page).toContain("Use http://localhost:8787 rather than 127.0.0.1");
    expect(page).toContain("claude mcp add --transport http outpost http://127.0.0.1:8787/mcp");
  });
});

describe("on a deployed server", () => {
  it("gives the custom-connector steps with its https URL, and nothing about local files", async () => {
    const page = text((await home("https://connector.example.com/")).html);
    expect(page).toContain("Add custom connector");
    expect(page).toContain("https://connector.example.com/mcp");
    expect(page).toContain("claude mcp add --transport http outpost https://connector.example.com/mcp");
    expect(page).not.toContain("cannot reach");
    expect(page).not.toContain(".dev.vars");
    expect(page).not.toContain("npm run");
  });
});

describe("toolkits", () => {
  it("has one heading per toolkit, with its scopes, tools, resources and prompts from the definitions", async () => {
    const { html } = await home("https://connector.example.com/");
    const headings = [...html.matchAll(/<h3>([^<]+)<\/h3>/g)].map((match) => match[1]);
    for (const toolkit of toolkits) {
      expect(headings, toolkit.name).toContain(toolkit.title);
      const section = html.slice(html.indexOf(`<h3>${toolkit.title}</h3>`)).split("<section>")[0] ?? "";
      for (const [scope, description] of Object.entries(toolkit.scopes)) {
        expect(section, scope).toContain(`<code>${scope}</code>`);
        expect(text(section), scope).toContain(description);
      }
      for (const tool of toolkit.tools) expect(section, tool.name).toContain(`<code>${tool.name}</code>`);
      for (const resource of toolkit.resources ?? [])
        expect(section, resource.uri).toContain(`<code>${resource.uri}</code>`);
      for (const template of toolkit.resourceTemplates ?? [])
        expect(section, template.uriTemplate).toContain(`<code>${template.uriTemplate}</code>`);
      for (const prompt of toolkit.prompts ?? []) expect(section, prompt.name).toContain(`<code>${prompt.name}</code>`);
    }
  });
});

describe("layout", () => {
  it("wraps long URLs at their edges only when needed, never every word anywhere", async () => {
    const { html } = await home("http://localhost:8787/");
    expect(html).not.toContain("break-all");
    expect(html).toMatch(/pre\{[^}]*overflow-wrap:anywhere/);
    expect(html).toMatch(/pre\{[^}]*white-space:pre-wrap/);
  });

  it("every command can be selected whole without scripts; the one script is an enhancement the CSP allows by hash", async () => {
    const { response, html } = await home("http://localhost:8787/");
    const blocks = [...html.matchAll(/<pre class="copy"><code>([\s\S]*?)<\/code><\/pre>/g)];
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    expect(html).toMatch(/pre\.copy\{[^}]*user-select:all/);
    expect(html).not.toMatch(/<button/);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1] ?? "");
    expect(scripts).toHaveLength(1);
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(scripts[0]));
    const hash = `'sha256-${btoa(String.fromCharCode(...new Uint8Array(digest)))}'`;
    const csp = response.headers.get("Content-Security-Policy") ?? "";
    expect(csp).toContain(`script-src ${hash}`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain("unsafe-inline' 'unsafe-eval");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  });
});

describe("sign-in methods", () => {
  it("names the owner's passphrase when that is the only method", async () => {
    expect(text((await home("https://connector.example.com/")).html)).toContain("Sign-in: the owner's passphrase.");
  });

  it("names the providers SIGN_IN_METHODS turns on, and says which are not set up yet", async () => {
    const vars = {
      SIGN_IN_METHODS: "github,oidc",
      GITHUB_CLIENT_ID: "Iv1.x",
      GITHUB_CLIENT_SECRET: "s",
      OIDC_ISSUER: "",
      OIDC_NAME: "Okta",
    };
    const page = text((await home("https://connector.example.com/", vars)).html);
    expect(page).toContain("Sign-in: GitHub, or single sign-on (not set up yet).");
    expect(page).not.toContain("passphrase");
  });
});
