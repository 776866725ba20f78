/**
 * The feature checks every full client runs once it is connected: tools, resources, prompts,
 * completion, logging and progress. The server is discovered, not assumed: whatever it lists is
 * exercised, with one call per toolkit, and the session toolkit is always covered.
 *
 * Both protocol eras go through the same checks, each the way that era works. A 2025-era connection
 * keeps its scratchpad in its session (`session://scratchpad`) and sets a session-wide log level with
 * `logging/setLevel`. A 2026-07-28 connection has no session: `session_remember` hands back a
 * scratchpad handle that later calls pass (`scratchpad://{handle}` reads it), and a request gets log
 * notifications only when its own `_meta` asks for a level.
 */
import { assert, NotApplicable, type Recorder } from "./results";

export type Era = "legacy" | "modern";
export type LogLevel = "debug" | "info" | "warning" | "error";

export interface CallOptions {
  onProgress?: (progress: number) => void;
  /** Modern era only: the request's `_meta` log level (a 2025 session uses `logging/setLevel`). */
  logLevel?: LogLevel;
}

/** The slice of an MCP client the checks need; each SDK generation gets a thin adapter (client-api.ts). */
export interface McpApi {
  /** `modern` when the connection negotiated MCP 2026-07-28 (no session, `_meta` per request). */
  era(): Era;
  capabilities(): Record<string, unknown> | undefined;
  listTools(): Promise<{ tools: Tool[] }>;
  callTool(name: string, args: Record<string, unknown>, options?: CallOptions): Promise<ToolResult>;
  listResources(): Promise<{ resources: { uri: string; name?: string }[] }>;
  listResourceTemplates(): Promise<{ resourceTemplates: { uriTemplate: string; name?: string }[] }>;
  readResource(uri: string): Promise<{ contents: { uri: string; mimeType?: string; text?: string; blob?: string }[] }>;
  listPrompts(): Promise<{ prompts: { name: string; arguments?: { name: string; required?: boolean }[] }[] }>;
  getPrompt(name: string, args: Record<string, string>): Promise<{ messages: unknown[] }>;
  complete(
    ref: { type: "ref/prompt"; name: string } | { type: "ref/resource"; uri: string },
    argument: { name: string; value: string },
  ): Promise<{ completion: { values: string[] } }>;
  setLoggingLevel(level: LogLevel): Promise<unknown>;
  /** How many `notifications/message` arrived so far. */
  logMessages(): number;
}

export interface Tool {
  name: string;
  title?: string;
  inputSchema?: { required?: string[] };
  annotations?: {
    readOnlyHint?: boolean;
    destructiveHint?: boolean;
    idempotentHint?: boolean;
    openWorldHint?: boolean;
    [key: string]: unknown;
  };
}

export interface ToolResult {
  isError?: boolean;
  content?: { type: string; text?: string }[];
  structuredContent?: Record<string, unknown>;
}

export const SESSION_TOOLS = ["session_remember", "session_recall", "session_info"];
export const SCRATCHPAD = "session://scratchpad";
/** Where a 2026-07-28 connection reads a scratchpad by its handle. */
const SCRATCHPAD_TEMPLATE = "scratchpad://{handle}";
const ANNOTATIONS = ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"] as const;
/** At most this many completion values (MCP completion/complete). */
const MAX_COMPLETIONS = 100;
/** Two places by coordinates (no geocoding): the comparison reports progress and logs per place. */
const COMPARE = { places: ["38.72, -9.14", "59.91, 10.75"] };

export function textOf(result: ToolResult): string {
  return (result.content ?? [])
    .filter((block) => block.type === "text")
    .map((block) => block.text ?? "")
    .join("\n");
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

/** `session_info`'s structured result; a refusal is a failure. */
export async function sessionInfo(api: McpApi): Promise<Record<string, unknown>> {
  const info = await api.callTool("session_info", {});
  assert(!info.isError, `session_info: ${textOf(info)}`);
  return info.structuredContent ?? {};
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

/** A tool may refuse (isError with a message); a crash reference is a failure. */
function assertNoCrash(name: string, result: ToolResult): void {
  assert(
    !/unexpected error|failed unexpectedly|reference [0-9a-f]{8}\b/i.test(textOf(result)),
    `${name} crashed: ${textOf(result)}`,
  );
}

/**
 * Run the feature checks for one connected client. `label` keeps this client's note apart from
 * other clients' in the shared server.
 */
export async function exercise(
  recorder: Recorder,
  client: string,
  transport: string,
  api: McpApi,
  label: string,
): Promise<void> {
  const modern = api.era() === "modern";
  const key = `interop-${label}`;
  const value = `saved by ${client} over ${transport}`;
  const progress: number[][] = [];
  let listed: string[] = [];
  let handle: string | undefined;
  const call = async (name: string, args: Record<string, unknown>, logLevel?: LogLevel) => {
    const seen: number[] = [];
    progress.push(seen);
    return api.callTool(name, args, { onProgress: (step) => seen.push(step), ...(logLevel && { logLevel }) });
  };

  await recorder.check(client, transport, "tools", async () => {
    const { tools } = await api.listTools();
    const checked = checkToolList(tools);
    listed = tools.map((tool) => tool.name);
    const saved = await call("session_remember", { key, value });
    assert(!saved.isError && saved.structuredContent?.key === key, `session_remember: ${textOf(saved)}`);
    handle = saved.structuredContent?.scratchpad as string | undefined;
    // 2026-07-28: state outlives the call only through the handle the server minted (SEP-2567).
    if (modern)
      assert(
        typeof handle === "string" && handle.startsWith("sp_"),
        `session_remember returned no scratchpad handle: ${JSON.stringify(saved.structuredContent)}`,
      );
    const recalled = await call("session_recall", { key, ...(modern && { scratchpad: handle }) });
    assert(
      !recalled.isError && textOf(recalled).includes(value),
      `session_recall did not return the note: ${textOf(recalled)}`,
    );
    const info = await sessionInfo(api);
    if (modern)
      assert(
        info.transport === "stateless" && info.sessionId === null,
        `session_info on a stateless connection: ${JSON.stringify(info)}`,
      );
    else assert(typeof info.sessionId === "string", `session_info names no session: ${JSON.stringify(info)}`);
    const called = ["session_remember", `session_recall${modern ? " (by handle)" : ""}`, "session_info"];
    for (const tool of representativeTools(tools)) {
      assertNoCrash(tool.name, await call(tool.name, {}));
      called.push(tool.name);
    }
    if (listed.includes("calculate")) {
      const product = await call("calculate", { expression: "6 * 7" });
      assert(
        !product.isError && String(product.structuredContent?.result) === "42",
        `calculate 6 * 7: ${textOf(product)}`,
      );
      called.push("calculate");
    }
    if (listed.includes("weather_compare")) {
      // Without network access every place fails, and the call says so (isError): not a crash.
      assertNoCrash("weather_compare", await call("weather_compare", COMPARE));
      called.push("weather_compare");
    }
    // A bulk import reports progress per batch.
    if (listed.includes("notes_import")) {
      const notes = [1, 2].map((n) => ({ title: `${key} ${n}`, body: `Imported by ${client} over ${transport}.` }));
      const imported = await call("notes_import", { notes, tags: ["interop"] });
      assert(!imported.isError && imported.structuredContent?.createdCount === 2, `notes_import: ${textOf(imported)}`);
      called.push("notes_import");
    }
    return `${checked}; called ${called.join(", ")}`;
  });

  await recorder.check(client, transport, "resources", async () => {
    const { resources } = await api.listResources();
    const { resourceTemplates } = await api.listResourceTemplates();
    const uris = resources.map((resource) => resource.uri);
    let scratchpad = SCRATCHPAD;
    if (modern) {
      assert(!uris.includes(SCRATCHPAD), `${SCRATCHPAD} is listed on a connection without a session`);
      const templates = resourceTemplates.map((template) => template.uriTemplate);
      assert(
        templates.includes(SCRATCHPAD_TEMPLATE),
        `${SCRATCHPAD_TEMPLATE} is not listed (got ${templates.join(", ")})`,
      );
      assert(handle, "no scratchpad handle from the tools check");
      scratchpad = `scratchpad://${handle}`;
    } else {
      assert(uris.includes(SCRATCHPAD), `${SCRATCHPAD} is not listed (got ${uris.join(", ")})`);
    }
    const read = await api.readResource(scratchpad);
    const content = read.contents[0];
    assert(
      content?.uri === scratchpad && content.mimeType === "text/markdown",
      `scratchpad read returned ${JSON.stringify(content).slice(0, 200)}`,
    );
    assert(content.text?.includes(key), `the scratchpad does not show the note "${key}"`);
    const other = uris.find((uri) => uri !== SCRATCHPAD);
    if (other) {
      const otherRead = await api.readResource(other);
      assert(otherRead.contents.length > 0, `${other} has no contents`);
    }
    return `${resources.length} resources and ${resourceTemplates.length} templates listed; read ${scratchpad}${other ? ` and ${other}` : ""}`;
  });

  await recorder.check(client, transport, "prompts", () => checkPrompts(api));
  await recorder.check(client, transport, "completion", () => checkCompletion(api));

  await recorder.check(client, transport, "logging", async () => {
    if (!api.capabilities()?.logging) throw new NotApplicable("n/a (server does not advertise logging)");
    // weather_compare logs one line per place; session_info, granted to every client here, logs nothing.
    const logger = listed.includes("weather_compare")
      ? { name: "weather_compare", args: COMPARE }
      : { name: "session_info", args: {} };
    const during = async (logLevel?: LogLevel) => {
      const before = api.logMessages();
      await call(logger.name, logger.args, logLevel);
      return api.logMessages() - before;
    };
    if (modern) {
      const unasked = await during();
      assert(
        unasked === 0,
        `${unasked} notifications/message arrived for a request whose _meta asked for no log level`,
      );
      const asked = await during("debug");
      assert(
        logger.name !== "weather_compare" || asked > 0,
        "weather_compare sent no notifications/message although _meta asked for debug",
      );
      return `no notifications/message without a _meta log level; ${asked} during ${logger.name} with _meta logLevel debug`;
    }
    await api.setLoggingLevel("debug");
    const sent = await during();
    assert(
      logger.name !== "weather_compare" || sent > 0,
      "weather_compare sent no notifications/message after logging/setLevel debug",
    );
    return `logging/setLevel debug accepted; ${sent} notifications/message during ${logger.name}`;
  });

  await recorder.check(client, transport, "progress", async () => {
    const reported = progress.filter((steps) => steps.length > 0);
    if (reported.length === 0)
      throw new NotApplicable(`n/a (none of the ${progress.length} tool calls reported progress)`);
    for (const steps of reported) {
      for (let index = 1; index < steps.length; index++) {
        assert(steps[index]! > steps[index - 1]!, `progress went ${steps.join(" → ")}, not strictly increasing`);
      }
    }
    return `${reported.length} calls reported strictly increasing progress`;
  });
}

async function checkPrompts(api: McpApi): Promise<string> {
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
    return [
      `${prompts.length} prompts listed`,
      ...refused,
      `got ${prompt.name} (${result.messages.length} messages)`,
    ].join("; ");
  }
  throw new Error(`no prompt could be got with its required arguments: ${refused.join("; ")}`);
}

async function checkCompletion(api: McpApi): Promise<string> {
  if (!api.capabilities()?.completions) throw new NotApplicable("n/a (server does not advertise completions)");
  const { prompts } = await api.listPrompts();
  const prompt = prompts.find((candidate) => (candidate.arguments ?? []).length > 0);
  const { resourceTemplates } = await api.listResourceTemplates();
  const template = resourceTemplates.find((candidate) => /\{[^}]+\}/.test(candidate.uriTemplate));
  const checked: string[] = [];
  if (prompt) {
    const argument = prompt.arguments![0]!.name;
    const { completion } = await api.complete({ type: "ref/prompt", name: prompt.name }, { name: argument, value: "" });
    assert(
      Array.isArray(completion.values) && completion.values.length <= MAX_COMPLETIONS,
      `prompt completion returned ${JSON.stringify(completion)}`,
    );
    checked.push(`prompt ${prompt.name}.${argument} (${completion.values.length} values)`);
  }
  if (template) {
    const variable = /\{[+#./;?&]?([^}*,:]+)/.exec(template.uriTemplate)![1]!;
    const { completion } = await api.complete(
      { type: "ref/resource", uri: template.uriTemplate },
      { name: variable, value: "" },
    );
    assert(
      Array.isArray(completion.values) && completion.values.length <= MAX_COMPLETIONS,
      `template completion returned ${JSON.stringify(completion)}`,
    );
    checked.push(`template ${template.uriTemplate} {${variable}} (${completion.values.length} values)`);
  }
  if (checked.length === 0) throw new NotApplicable("n/a (server has no prompt arguments or templates)");
  return `completed ${checked.join("; ")}`;
}

/** A JSON-RPC -32602 (invalid params) error, as either SDK generation raises it. */
function isInvalidParams(error: unknown): boolean {
  return (
    error instanceof Error &&
    ((error as { code?: unknown }).code === -32602 || /MCP error -32602\b/.test(error.message))
  );
}
