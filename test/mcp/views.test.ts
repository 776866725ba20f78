/**
 * MCP Apps views in both eras: the extension is advertised, the tools name their `ui://` view in
 * `_meta`, and `resources/list` and `resources/read` serve each view as `text/html;profile=mcp-app`
 * with its CSP in `_meta.ui`: one self-contained document, no user data, within the size limit.
 */
import { EXTENSION_ID, RESOURCE_MIME_TYPE, RESOURCE_URI_META_KEY } from "@modelcontextprotocol/ext-apps/server";
import { beforeAll, describe, expect, it } from "vitest";
import { catalogOf } from "../../src/mcp/catalog";
import { APPS_EXTENSION_ID, LEGACY_VIEW_URI_META_KEY, VIEW_MIME_TYPE } from "../../src/mcp/wire";
import { toolkits } from "../../src/toolkits";
import { VIEW_MAX_BYTES } from "../../src/views/limits";
import { modernRpc } from "../helpers/modern";
import { INITIALIZE, openSession, postMcp, rpc, rpcMessages, signIn } from "../helpers/worker";

const views = [...new Set(toolkits.flatMap((toolkit) => toolkit.views ?? []))];
const viewTools = catalogOf(toolkits).tools.filter((tool) => tool.view);

let token: string;
beforeAll(async () => {
  token = (await signIn()).tokens.access_token;
});

/** Each era's way of sending one request: a session's JSON-RPC, or a stateless 2026-07-28 request. */
const eras = {
  "2025-11-25 session": async (method: string, params: Record<string, unknown> = {}, as = token) =>
    rpc(as, await openSession(as), method, params),
  "2026-07-28": (method: string, params: Record<string, unknown> = {}, as = token) => modernRpc(as, method, params),
};

describe("the view definitions", () => {
  it("use the MCP Apps extension's own id, MIME type and legacy key", () => {
    expect(APPS_EXTENSION_ID).toBe(EXTENSION_ID);
    expect(VIEW_MIME_TYPE).toBe(RESOURCE_MIME_TYPE);
    expect(LEGACY_VIEW_URI_META_KEY).toBe(RESOURCE_URI_META_KEY);
  });

  it("are listed by the toolkit of every tool that names one, under ui://, once each", () => {
    expect(viewTools.map((tool) => tool.name)).toEqual(
      expect.arrayContaining([
        "weather_forecast",
        "weather_compare",
        "notify_history",
        "notes_search",
        "notes_list",
        "files_list",
      ]),
    );
    for (const tool of viewTools) {
      // The catalog's tools are wrappers (each hands its handler the toolkit's env): match by name.
      const owner = toolkits.find((toolkit) => toolkit.tools.some((own) => own.name === tool.name));
      expect(owner?.views, tool.name).toContain(tool.view);
      expect(tool.view?.uri.startsWith("ui://"), tool.name).toBe(true);
      expect(tool.view?.scope, tool.name).toBe(tool.scope);
    }
  });

  it("are served once each, however many toolkits list them", () => {
    const uris = catalogOf(toolkits)
      .resources.map((resource) => resource.uri)
      .filter((uri) => uri.startsWith("ui://"));
    expect(uris.sort()).toEqual(views.map((view) => view.uri).sort());
    expect(new Set(uris).size).toBe(3);
  });

  it.each(views.map((view) => [view.uri, view] as const))(
    "%s is one self-contained document within the size limit",
    (_uri, view) => {
      const bytes = new TextEncoder().encode(view.html).byteLength;
      expect(bytes).toBeLessThan(VIEW_MAX_BYTES);
      expect(view.html.startsWith("<!doctype html>")).toBe(true);
      // Nothing loaded from elsewhere: no external script, stylesheet, image or font.
      expect(view.html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|@import|url\(\s*["']?https?:/i);
      expect(view.html).toMatch(
        /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'sha256-[^']+'; style-src 'sha256-[^']+'; img-src data:;/,
      );
      expect(view.csp).toEqual({ connectDomains: [], resourceDomains: [] });
    },
  );
});

describe.each(Object.entries(eras))("views over %s", (_era, send) => {
  it("advertises the MCP Apps extension", async () => {
    if (_era === "2026-07-28") {
      const reply = await modernRpc(token, "server/discover");
      expect(reply.result.capabilities.extensions).toEqual({ [EXTENSION_ID]: {} });
    } else {
      const [reply] = await rpcMessages(await postMcp(token, INITIALIZE));
      expect(reply?.result.capabilities.extensions).toEqual({ [EXTENSION_ID]: {} });
    }
  });

  it("names each tool's view in tools/list, the current key and the legacy one", async () => {
    const reply = await send("tools/list");
    const listed = new Map<string, { _meta?: Record<string, any> }>(
      reply.result.tools.map((tool: { name: string }) => [tool.name, tool]),
    );
    for (const tool of viewTools) {
      expect(listed.get(tool.name)?._meta, tool.name).toEqual({
        ui: { resourceUri: tool.view?.uri },
        [RESOURCE_URI_META_KEY]: tool.view?.uri,
      });
    }
    const plain = reply.result.tools.find((tool: { name: string }) => tool.name === "weather_current");
    expect(plain._meta?.ui).toBeUndefined();
  });

  it("lists every view with its MIME type and CSP", async () => {
    const reply = await send("resources/list");
    for (const view of views) {
      const entry = reply.result.resources.find((resource: { uri: string }) => resource.uri === view.uri);
      expect(entry, view.uri).toMatchObject({
        name: view.name,
        title: view.title,
        mimeType: RESOURCE_MIME_TYPE,
        _meta: { ui: { csp: { connectDomains: [], resourceDomains: [] }, prefersBorder: true } },
      });
    }
  });

  it.each(views.map((view) => [view.uri, view] as const))(
    "reads %s as the HTML with the CSP in _meta.ui",
    async (uri, view) => {
      const reply = await send("resources/read", { uri });
      expect(reply.result.contents).toEqual([
        {
          uri,
          mimeType: RESOURCE_MIME_TYPE,
          text: view.html,
          _meta: { ui: { csp: { connectDomains: [], resourceDomains: [] }, prefersBorder: true } },
        },
      ]);
    },
  );

  it("refuses a view to a grant without the scope of its tools, naming the scope", async () => {
    const narrow = (await signIn({ requestScope: "session:read", scopes: ["session:read"] })).tokens.access_token;
    const view = views[0]!;
    const reply = await send("resources/read", { uri: view.uri }, narrow);
    expect(reply.error.code).toBe(-32602);
    expect(reply.error.message).toContain(view.scope);
    const listed = await send("resources/list", {}, narrow);
    expect(listed.result.resources.map((resource: { uri: string }) => resource.uri)).not.toContain(view.uri);
  });
});
