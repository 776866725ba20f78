/**
 * The feature checks every full client runs once it is connected: tools, resources, prompts,
 * completion, logging and progress. The server is discovered, not assumed: whatever it lists is
 * exercised through a representative item, and the session toolkit is always covered.
 */
import { assert, NotApplicable, type Recorder } from "./results";

/** The slice of an MCP client the checks need; each SDK generation gets a thin adapter. */
export interface McpApi {
  capabilities(): Record<string, unknown> | undefined;
  listTools(): Promise<{ tools: Tool[] }>;
  callTool(name: string, args: Record<string, unknown>, onProgress?: (progress: number) => void): Promise<ToolResult>;
  listResources(): Promise<{ resources: { uri: string; name?: string }[] }>;
  listResourceTemplates(): Promise<{ resourceTemplates: { uriTemplate: string; name?: string }[] }>;
  readResource(uri: string): Promise<{ contents: { uri: string; mimeType?: string; text?: string; blob?: string }[] }>;
  listPrompts(): Promise<{ prompts: { name: string; arguments?: { name: string; required?: boolean }[] }[] }>;
  getPrompt(name: string, args: Record<string, string>): Promise<{ messages: unknown[] }>;
  complete(ref: { type: "ref/prompt"; name: string } | { type: "ref/resource"; uri: string }, argument: { name: string; value: string }): Promise<{ completion: { values: string[] } }>;
  setLoggingLevel(level: "debug" | "info" | "warning" | "error"): Promise<unknown>;
  /** How many `notifications/message` arrived so far. */
  logMessages(): number;
}

export interface Tool {
  name: string;
  title?: string;
  inputSchema?: { required?: string[] };
  annotations?: { readOnlyHint?: boolean; destructiveHint?: boolean; idempotentHint?: boolean; openWorldHint?: boolean; [key: string]: unknown };
}

export interface ToolResult {
  isError?: boolean;
  content?: { type: string; text?: string }[];
  structuredContent?: Record<string, unknown>;
}

export const SESSION_TOOLS = ["session_remember", "session_recall", "session_info"];
export const SCRATCHPAD = "session://scratchpad";
const ANNOTATIONS = ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"] as const;
/** At most this many completion values (MCP completion/complete). */
const MAX_COMPLETIONS = 100;

export function textOf(result: ToolResult): string {
  return (result.content ?? []).filter((block) => block.type === "text").map((block) => block.text ?? "").join("\n");
}

export function checkToolList(tools: Tool[]): string {
  const names = tools.map((tool) => tool.name);
  for (const name of SESSION_TOOLS) assert(names.includes(name), `${name} is not listed (got ${names.join(", ")})`);
  for (const tool of tools) {
    assert(typeof tool.title === "string" && tool.title.length > 0, `${tool.name} has no title`);
    const missing = ANNOTATIONS.filter((hint) => typeof tool.annotations?.[hint] !== "boolean");
    assert(missing.length === 0, `${tool.name} lacks ${missing.join(", ")}`);
  }
  return `${tools.length} tools listed, each with a title and all four annotations`;
}

/** One read-only, closed-world tool without required arguments per toolkit (name prefix) other than session. */
function representativeTools(tools: Tool[]): Tool[] {
  const byToolkit = new Map<string, Tool>();
  for (const tool of tools) {
    const toolkit = tool.name.split("_")[0] ?? tool.name;
    if (toolkit === "session" || byToolkit.has(toolkit)) continue;
    const safe = tool.annotations?.readOnlyHint === true && tool.annotations?.openWorldHint === false;
    if (safe && (tool.inputSchema?.required ?? []).length === 0) byToolkit.set(toolkit, tool);
  }
  return [...byToolkit.values()];
}

/**
 * Run the feature checks for one connected client. `label` keeps this client's note apart from
 * other clients' in the shared server.
 */
export async function exercise(recorder: Recorder, client: string, transport: string, api: McpApi, label: string): Promise<void> {
  const key = `interop-${label}`;
  const value = `saved by ${client} over ${transport}`;
  const progress: number[][] = [];
  const call = async (name: string, args: Record<string, unknown>) => {
    const seen: number[] = [];
    progress.push(seen);
    return api.callTool(name, args, (step) => seen.push(step));
  };

  await recorder.check(client, transport, "tools", async () => {
    const { tools } = await api.listTools();
    const listed = checkToolList(tools);
    const saved = await call("session_remember", { key, value });
    assert(!saved.isError, `session_remember failed: ${textOf(saved)}`);
    assert(saved.structuredContent?.key === key, `session_remember returned ${JSON.stringify(saved.structuredContent)}`);
    const recalled = await call("session_recall", { key });
    assert(!recalled.isError && textOf(recalled).includes(value), `session_recall did not return the note: ${textOf(recalled)}`);
    const info = await call("session_info", {});
    assert(!info.isError && typeof info.structuredContent?.sessionId === "string", `session_info: ${textOf(info)}`);
    const others = representativeTools(tools);
    for (const tool of others) {
      // A tool may refuse (isError with a message); a JSON-RPC error or a crash reference is a failure.
      const result = await call(tool.name, {});
      assert(!/unexpected error|reference [0-9a-f]{8}/i.test(textOf(result)), `${tool.name} crashed: ${textOf(result)}`);
    }
    // A bulk import reports progress per batch: the one call here that exercises progress.
    const importer = tools.find((tool) => tool.name === "notes_import");
    if (importer) {
      const notes = [1, 2].map((n) => ({ title: `${key} ${n}`, body: `Imported by ${client} over ${transport}.` }));
      const imported = await call(importer.name, { notes, tags: ["interop"] });
      assert(!imported.isError && imported.structuredContent?.createdCount === 2, `notes_import: ${textOf(imported)}`);
    }
    const called = ["session_remember", "session_recall", "session_info", ...others.map((tool) => tool.name), ...(importer ? [importer.name] : [])];
    return `${listed}; called ${called.join(", ")}`;
  });

  await recorder.check(client, transport, "resources", async () => {
    const { resources } = await api.listResources();
    const uris = resources.map((resource) => resource.uri);
    assert(uris.includes(SCRATCHPAD), `${SCRATCHPAD} is not listed (got ${uris.join(", ")})`);
    const read = await api.readResource(SCRATCHPAD);
    const content = read.contents[0];
    assert(content?.uri === SCRATCHPAD && content.mimeType === "text/markdown", `scratchpad read returned ${JSON.stringify(content).slice(0, 200)}`);
    assert(content.text?.includes(key), `the scratchpad does not show the note "${key}"`);
    const other = uris.find((uri) => uri !== SCRATCHPAD);
    if (other) {
      const otherRead = await api.readResource(other);
      assert(otherRead.contents.length > 0, `${other} has no contents`);
    }
    const { resourceTemplates } = await api.listResourceTemplates();
    return `${resources.length} resources and ${resourceTemplates.length} templates listed; read ${SCRATCHPAD}${other ? ` and ${other}` : ""}`;
  });

  await recorder.check(client, transport, "prompts", async () => {
    const { prompts } = await api.listPrompts();
    if (prompts.length === 0) throw new NotApplicable("n/a (server has none)");
    // A client fills the required arguments only. A prompt may still need one of its optional
    // ones (MCP cannot declare "one of"); its -32602 is a valid answer, so try the next prompt.
    const refused: string[] = [];
    for (const prompt of prompts) {
      const args: Record<string, string> = {};
      for (const argument of prompt.arguments ?? []) {
        if (!argument.required) continue;
        const suggested = await api
          .complete({ type: "ref/prompt", name: prompt.name }, { name: argument.name, value: "" })
          .then((result) => result.completion.values[0])
          .catch(() => undefined);
        args[argument.name] = suggested ?? "interop";
      }
      let result: { messages: unknown[] };
      try {
        result = await api.getPrompt(prompt.name, args);
      } catch (error) {
        if (!isInvalidParams(error)) throw error;
        refused.push(`${prompt.name} refused its required arguments alone with -32602`);
        continue;
      }
      assert(result.messages.length > 0, `${prompt.name} returned no messages`);
      return [`${prompts.length} prompts listed`, ...refused, `got ${prompt.name} (${result.messages.length} messages)`].join("; ");
    }
    throw new Error(`no prompt could be got with its required arguments: ${refused.join("; ")}`);
  });

  await recorder.check(client, transport, "completion", async () => {
    if (!api.capabilities()?.completions) throw new NotApplicable("n/a (server does not advertise completions)");
    const { prompts } = await api.listPrompts();
    const prompt = prompts.find((candidate) => (candidate.arguments ?? []).length > 0);
    const { resourceTemplates } = await api.listResourceTemplates();
    const template = resourceTemplates.find((candidate) => /\{[^}]+\}/.test(candidate.uriTemplate));
    const checked: string[] = [];
    if (prompt) {
      const argument = prompt.arguments![0]!.name;
      const { completion } = await api.complete({ type: "ref/prompt", name: prompt.name }, { name: argument, value: "" });
      assert(Array.isArray(completion.values) && completion.values.length <= MAX_COMPLETIONS, `prompt completion returned ${JSON.stringify(completion)}`);
      checked.push(`prompt ${prompt.name}.${argument} (${completion.values.length} values)`);
    }
    if (template) {
      const variable = /\{[+#./;?&]?([^}*,:]+)/.exec(template.uriTemplate)![1]!;
      const { completion } = await api.complete({ type: "ref/resource", uri: template.uriTemplate }, { name: variable, value: "" });
      assert(Array.isArray(completion.values) && completion.values.length <= MAX_COMPLETIONS, `template completion returned ${JSON.stringify(completion)}`);
      checked.push(`template ${template.uriTemplate} {${variable}} (${completion.values.length} values)`);
    }
    if (checked.length === 0) throw new NotApplicable("n/a (server has no prompt arguments or templates)");
    return `completed ${checked.join("; ")}`;
  });

  await recorder.check(client, transport, "logging", async () => {
    if (!api.capabilities()?.logging) throw new NotApplicable("n/a (server does not advertise logging)");
    await api.setLoggingLevel("debug");
    const before = api.logMessages();
    await call("session_info", {});
    return `logging/setLevel debug accepted; ${api.logMessages() - before} notifications/message during a tool call`;
  });

  await recorder.check(client, transport, "progress", async () => {
    const reported = progress.filter((steps) => steps.length > 0);
    if (reported.length === 0) throw new NotApplicable(`n/a (none of the ${progress.length} tool calls reported progress)`);
    for (const steps of reported) {
      for (let index = 1; index < steps.length; index++) {
        assert(steps[index]! > steps[index - 1]!, `progress went ${steps.join(" → ")}, not strictly increasing`);
      }
    }
    return `${reported.length} calls reported strictly increasing progress`;
  });
}

/** A JSON-RPC -32602 (invalid params) error, as either SDK generation raises it. */
function isInvalidParams(error: unknown): boolean {
  return error instanceof Error && ((error as { code?: unknown }).code === -32602 || /MCP error -32602\b/.test(error.message));
}
