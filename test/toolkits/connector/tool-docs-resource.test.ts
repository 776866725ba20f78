import { beforeAll, describe, expect, it } from "vitest";
import type { ToolDefinition } from "../../../src/mcp/define";
import { toolkits } from "../../../src/toolkits";
import { exampleCall } from "../../../src/toolkits/connector/tool-docs";
import { callTool, openSession, rpc, signIn } from "../../helpers/worker";

const registered: ToolDefinition[] = toolkits.flatMap((toolkit) => toolkit.tools);

let token: string;
let session: string;
beforeAll(async () => {
  token = (await signIn()).tokens.access_token; // every scope: tools/list shows every tool
  session = await openSession(token);
});

async function readDocs(name: string, as = { token: () => token, session: () => session }): Promise<string> {
  const reply = await rpc(as.token(), as.session(), "resources/read", { uri: `docs://tools/${name}` });
  expect(reply.error, JSON.stringify(reply.error)).toBeUndefined();
  expect(reply.result.contents[0]).toMatchObject({ uri: `docs://tools/${name}`, mimeType: "text/markdown" });
  return reply.result.contents[0].text;
}

/** The JSON in the fenced block that follows a heading. */
function jsonAfter(markdown: string, heading: string): unknown {
  const section = markdown.split(`## ${heading}\n`)[1] ?? "";
  const block = /```json\n([\s\S]*?)\n```/.exec(section.split("\n## ")[0] ?? "");
  return block ? JSON.parse(block[1] as string) : undefined;
}

describe("docs://tools/{name}", () => {
  it("documents every registered tool with the schemas tools/list serves, byte for byte", async () => {
    expect(registered.length).toBeGreaterThan(0);
    const listed = new Map(
      (await rpc(token, session, "tools/list")).result.tools.map((tool: any) => [tool.name, tool]),
    );
    for (const tool of registered) {
      const markdown = await readDocs(tool.name);
      const wire = listed.get(tool.name) as Record<string, any>;
      expect(markdown.startsWith(`# ${tool.title} (\`${tool.name}\`)\n\n${tool.description}\n`), tool.name).toBe(true);
      expect(markdown).toContain(`**Required scope:** \`${tool.scope}\``);
      expect(jsonAfter(markdown, "Input schema"), tool.name).toEqual(wire.inputSchema);
      if (wire.outputSchema) expect(jsonAfter(markdown, "Output schema"), tool.name).toEqual(wire.outputSchema);
      else expect(markdown).toContain("None: the result is text content.");
      for (const [hint, value] of Object.entries(tool.annotations)) {
        expect(wire.annotations[hint]).toBe(value);
        expect(markdown).toContain(`| ${hint} | ${value} |`);
      }
    }
  });

  it("gives every registered tool an example call that passes its input validation", async () => {
    for (const tool of registered) {
      const example = exampleCall(tool);
      expect(example.valid, `${tool.name}: ${JSON.stringify(example.request)}`).toBe(true);
      const markdown = await readDocs(tool.name);
      expect(jsonAfter(markdown, "Example call")).toEqual(example.request);
      expect(markdown).toContain("with plausible arguments");
    }
  });

  it("shows example calls the server accepts (read-only tools that stay inside the connector, called for real)", async () => {
    const safe = registered.filter((tool) => tool.annotations.readOnlyHint && !tool.annotations.openWorldHint);
    expect(safe.map((tool) => tool.name)).toContain("session_info");
    for (const tool of safe) {
      const { params } = jsonAfter(await readDocs(tool.name), "Example call") as {
        params: { name: string; arguments: Record<string, unknown> };
      };
      const reply = await callTool(token, session, params.name, params.arguments);
      expect(reply.error, tool.name).toBeUndefined();
      expect(JSON.stringify(reply.result.content), tool.name).not.toContain("Input validation error");
    }
  });

  it("says whether this connection may call the tool", async () => {
    const readOnly = (await signIn({ requestScope: "session:read", scopes: ["session:read"] })).tokens.access_token;
    const readOnlySession = await openSession(readOnly);
    const as = { token: () => readOnly, session: () => readOnlySession };
    expect(await readDocs("session_recall", as)).toContain("**This connection:** may call it.");
    expect(await readDocs("session_remember", as)).toContain("was not granted `session:write`; reconnect and tick it");
  });

  it("answers -32002 for a tool that does not exist", async () => {
    for (const uri of [
      "docs://tools/no_such_tool",
      "docs://tools/SESSION_INFO",
      "docs://tools/session_info/extra",
      "docs://tools/",
    ]) {
      const reply = await rpc(token, session, "resources/read", { uri });
      expect(reply.error?.code, uri).toBe(-32002);
    }
  });

  it("completes {name} by prefix, then by any part of the name", async () => {
    const complete = async (value: string) =>
      (
        await rpc(token, session, "completion/complete", {
          ref: { type: "ref/resource", uri: "docs://tools/{name}" },
          argument: { name: "name", value },
        })
      ).result.completion;
    const sessionTools = registered.filter((tool) => tool.name.startsWith("session_")).map((tool) => tool.name);
    expect((await complete("session_")).values).toEqual(sessionTools);
    expect((await complete("recall")).values).toEqual(["session_recall"]);
    expect((await complete("")).values).toEqual(registered.map((tool) => tool.name).slice(0, 100));
    expect((await complete("zzz")).values).toEqual([]);
  });
});
