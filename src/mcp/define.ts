/**
 * The toolkit extension point: every tool, resource and prompt is a plain definition object built
 * with these helpers. Nothing here knows an SDK or a protocol era: `register.ts` meets SDK v1 (the
 * 2025-era session object) and `modern/register.ts` SDK v2 (stateless 2026-07-28 requests), and
 * every definition serves both. Policy (title, annotations, name and description limits) is checked
 * by test/mcp/policy.test.ts.
 */
import type { z } from "zod";
import type { Config } from "../config";
import type { Preferences, PreferencesChange, ScratchEntry } from "../workspace/user-state";
import type { SessionProps } from "./props";
import type { SessionStore } from "./session-store";
import {
  type ContentBlock,
  type GetPromptResult,
  type InputRequiredResult,
  type LoggingLevel,
  type ReadResourceResult,
  type Resource,
  RpcCode,
  RpcError,
} from "./wire";

/** The `scope` of a resource, template or prompt that every connection may use (tools always name a scope). */
export const ANY_GRANT = null;

/** Whether a grant's scopes allow something that needs `scope`. */
export function isGranted(granted: readonly string[], scope: string | typeof ANY_GRANT): boolean {
  return scope === ANY_GRANT || granted.includes(scope);
}

/** Throw the -32602 error that names a scope the connection lacks (tools report it as `isError` instead). */
export function requireScope(granted: readonly string[], scope: string | typeof ANY_GRANT, what: string): void {
  if (!isGranted(granted, scope)) {
    throw new RpcError(
      RpcCode.InvalidParams,
      `${what} needs the "${scope}" permission, which this connection was not granted. Reconnect and tick it on the consent page.`,
    );
  }
}

/** The names a toolkit may declare in `bindings`: Durable Object, KV and R2 bindings, vars and secrets. */
export type EnvName = keyof Env;

/** What a handler sees of `Env`: the members its toolkit declared; the type cannot say which. */
export type ToolkitEnv = Readonly<Partial<Env>>;

/**
 * A binding the toolkit declared, or a clear failure when it did not (a programming error, reported
 * as an unexpected failure): `binding(ctx.env, "OUTBOX")`.
 */
export function binding<Name extends EnvName>(env: ToolkitEnv, name: Name): Env[Name] {
  const value = env[name];
  if (value === undefined) {
    throw new Error(`${name} is not in this toolkit's env: list it in the toolkit's bindings (defineToolkit).`);
  }
  return value as Env[Name];
}

/** What every handler receives. Read `props` here, never from a closure: it changes on re-authorization. */
export interface ToolContext {
  readonly props: SessionProps;
  /**
   * The 2025-era MCP session the request arrived on (Streamable HTTP or legacy SSE); absent on a
   * stateless 2026-07-28 request. Only what is about the connection itself belongs here: anything a
   * tool keeps lives per user (`preferences`, `scratchpads`, the workspace).
   */
  readonly session?: SessionStore;
  /** The user's preferences (units, time zone, language): per user, the same on every connection. */
  readonly preferences: PreferencesAccess;
  readonly scratchpads: ScratchpadAccess;
  /**
   * Only the `Env` members the toolkit names in its `bindings` (frozen; every other member is
   * undefined), so a tool cannot reach a binding or secret its toolkit never asked for. Read a
   * binding with `binding(ctx.env, "NAME")`. Built per toolkit by src/mcp/toolkit-env.ts.
   */
  readonly env: ToolkitEnv;
  /** The deployment's parsed settings (src/config.ts): limits and switches, no secrets. */
  readonly config: Config;
  /** Aborted when the client cancels the request (`notifications/cancelled`, or a closed stream). */
  readonly signal: AbortSignal;
  /** Sends `notifications/progress` when the client asked for it; a no-op otherwise. */
  progress(progress: number, total?: number, message?: string): Promise<void>;
  /**
   * Sends a `notifications/message` log entry when the client asked for this level: through
   * `logging/setLevel` on a session, or the request's `_meta` log level on a 2026-07-28 request
   * (MCP "Logging"). Never put credentials or personal data in `data`.
   */
  log(level: LoggingLevel, data: unknown): Promise<void>;
  /** Keeps work that finishes after the reply (the activity log write) alive; the wrapper uses it, handlers need not. */
  readonly waitUntil?: (promise: Promise<unknown>) => void;
  /**
   * How this connection asks the user to confirm a call (elicitation); absent when the client did
   * not declare form-mode elicitation, and then a tool's `confirm` is not consulted. Only
   * `runTool` uses it.
   */
  readonly confirmations?: ConfirmationChannel;
}

/** What the user is asked before a call that destroys data or reaches outside (a form-mode elicitation). */
export interface Confirmation {
  /** One or two sentences naming exactly what will happen, e.g. `Delete the note "Groceries" for good?` */
  message: string;
  /**
   * Ask in URL mode instead (MCP 2025-11-25 "Elicitation", URL mode): the client offers to open this
   * Outpost page, where the user enters what should not pass through the conversation. Accepting
   * means the user agreed to open it. A client without URL mode is not asked, and the call runs.
   */
  url?: string;
}

/**
 * The user's answer. `pending` exists only on a stateless 2026-07-28 request: the call returns the
 * `input_required` result and the client retries with the answer. `refused`: the answer cannot be
 * trusted for this call (replayed, or given for another tool or other arguments).
 */
export type ConfirmationAnswer =
  | { kind: "accepted" }
  | { kind: "declined" | "cancelled" | "expired" }
  | { kind: "refused"; reason: string }
  | { kind: "pending"; result: InputRequiredResult };

/** Each era's way of putting a `Confirmation` to the user: its registrar builds one per request. */
export interface ConfirmationChannel {
  /** Which elicitation modes the client declared. */
  readonly modes: { form: boolean; url: boolean };
  ask(call: { tool: string; args: unknown }, confirmation: Confirmation): Promise<ConfirmationAnswer>;
}

export interface PreferencesAccess {
  read(): Promise<Preferences>;
  /** Apply the change (null clears a value) and return the preferences as they now are. */
  update(change: PreferencesChange): Promise<Preferences>;
}

/** A scratchpad: short key/value notes that outlive one call. */
export interface Scratchpad {
  /** The handle to pass back; absent for the session's own scratchpad, which needs none. */
  readonly handle?: string;
  read(): Promise<ScratchEntry[]>;
  write(entries: ScratchEntry[]): Promise<void>;
}

export interface ScratchpadAccess {
  /**
   * With a handle: the user's scratchpad of that handle (a `UserError` when it names none). Without:
   * the session's own scratchpad where there is a session; else a new one when `create`, and a
   * `UserError` asking for the handle when not.
   */
  open(handle: string | undefined, options: { create: boolean }): Promise<Scratchpad>;
}

/**
 * Suggests values for one prompt argument or template variable (`completion/complete`). `value` is
 * what the user has typed so far; `context.arguments` holds the other arguments already filled in.
 * Return at most 100 values (more are cut and reported as `hasMore`).
 */
export type Completer = (
  value: string,
  ctx: ToolContext,
  context: { arguments: Record<string, string> },
) => Promise<string[]> | string[];

/**
 * MCP tool annotations (spec 2025-06-18 "Tool annotations"). All four are mandatory here: Claude uses
 * them for auto-permissions and the directory rejects tools without them.
 */
export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

type AnyObject = z.ZodObject<z.ZodRawShape>;

/** A tool's reply: data tools return `data` (a text copy is added), text tools return `text`. */
export type ToolReply<Out extends AnyObject | undefined> = Out extends AnyObject
  ? { data: z.infer<Out>; text?: string; content?: ContentBlock[] }
  : { text: string; content?: ContentBlock[] };

export interface ToolDefinition<
  In extends AnyObject = AnyObject,
  Out extends AnyObject | undefined = AnyObject | undefined,
> {
  /** snake_case, at most 64 characters; a public API once shipped (claude.ai caches tool lists). */
  name: string;
  title: string;
  /** What it does, when to use it, what it returns: at most 1,000 characters. */
  description: string;
  /** The OAuth scope a grant must carry to list and call this tool. */
  scope: string;
  annotations: ToolAnnotations;
  input: In;
  output?: Out;
  /**
   * The MCP Apps view that shows this tool's result (`_meta.ui.resourceUri` in `tools/list`). The
   * text and `structuredContent` stay the answer; a host that renders views shows this one beside
   * it, fed the result. List it in the toolkit's `views` too.
   */
  view?: ViewDefinition;
  /**
   * For calls that destroy data or reach outside: what to ask the user first, or undefined when
   * this call needs no confirmation (e.g. the channel was used before). Consulted only when the
   * client can be asked (`ToolContext.confirmations`); a client without elicitation gets the call
   * as before, and `destructiveHint`/`openWorldHint` warn it. Throw `UserError` when the arguments
   * name nothing that exists. A declined answer never reaches `handler`.
   */
  confirm?(args: z.infer<In>, ctx: ToolContext): Promise<Confirmation | undefined> | Confirmation | undefined;
  handler(args: z.infer<In>, ctx: ToolContext): Promise<ToolReply<Out>> | ToolReply<Out>;
}

/**
 * Define a tool. Throw `UserError` for problems the caller can fix; anything else is reported as an
 * unexpected failure without internals.
 * @example
 * export const echo = defineTool({
 *   name: "echo", title: "Echo", description: "Repeats the text.", scope: "demo:use",
 *   annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
 *   input: z.object({ text: z.string() }),
 *   handler: ({ text }) => ({ text }),
 * });
 */
export function defineTool<In extends AnyObject, Out extends AnyObject | undefined = undefined>(
  definition: ToolDefinition<In, Out>,
): ToolDefinition<In, Out> {
  return definition;
}

export interface ResourceDefinition {
  name: string;
  title: string;
  description: string;
  /** A fixed URI (`session://scratchpad`); see `defineResourceTemplate` for `note://{id}` and the like. */
  uri: string;
  /**
   * Set when the resource is about the 2025-era session itself: it is served only where there is
   * one, and a stateless 2026-07-28 request never lists it.
   */
  needsSession?: true;
  mimeType: string;
  /** Extension data `resources/list` shows for it (an MCP Apps view's `ui`). */
  meta?: Record<string, unknown>;
  /** The scope a grant needs to see and use it; `ANY_GRANT` for content any connection may use. */
  scope: string | typeof ANY_GRANT;
  read(uri: URL, ctx: ToolContext): Promise<ReadResourceResult> | ReadResourceResult;
}

export function defineResource(definition: ResourceDefinition): ResourceDefinition {
  return definition;
}

/** One page of a template's concrete resources, for `resources/list`. */
export interface ResourcePage {
  resources: Resource[];
  /** Opaque to the client; handed back as `cursor` for the next page. */
  nextCursor?: string;
}

/**
 * A family of resources addressed by an RFC 6570 template (`note://{id}`): listed page by page,
 * read by URI, with completion on its variables.
 */
export interface ResourceTemplateDefinition {
  name: string;
  title: string;
  description: string;
  uriTemplate: string;
  /** The type most members have; each read result names its own. */
  mimeType?: string;
  /** The scope a grant needs to see and use it; `ANY_GRANT` for content any connection may use. */
  scope: string | typeof ANY_GRANT;
  /**
   * One page of members for `resources/list`; `cursor` is the `nextCursor` this function returned
   * before. Throw `invalidCursor()` for one it cannot read. Omit to keep members out of the list.
   */
  list?(ctx: ToolContext, cursor: string | undefined): Promise<ResourcePage> | ResourcePage;
  /** Completion per template variable name. */
  complete?: Record<string, Completer>;
  /**
   * Members announce their changes through the user's change feed (src/workspace/changes.ts):
   * created, updated and deleted members reach `subscriptions/listen` streams and 2025 sessions.
   */
  live?: boolean;
  /** Read one member. Throw `resourceNotFound(uri)` when `variables` name nothing that exists. */
  read(uri: URL, variables: Record<string, string>, ctx: ToolContext): Promise<ReadResourceResult> | ReadResourceResult;
}

/**
 * Define a resource template.
 * @example
 * defineResourceTemplate({
 *   name: "note", title: "Note", description: "A note as markdown.", uriTemplate: "note://{id}",
 *   mimeType: "text/markdown", scope: "workspace:read",
 *   complete: { id: (typed, ctx) => titlesStartingWith(typed, ctx) },
 *   read: (uri, { id }, ctx) => readNote(id, ctx),
 * });
 */
export function defineResourceTemplate(definition: ResourceTemplateDefinition): ResourceTemplateDefinition {
  return definition;
}

/** MCP "Resources", Error Handling: an unknown resource (-32002 in 2025 sessions, -32602 in 2026-07-28). */
export const RESOURCE_NOT_FOUND = RpcCode.ResourceNotFound;

/** The error to throw from a resource read when the URI names nothing that exists. */
export function resourceNotFound(uri: string): RpcError {
  return new RpcError(
    RESOURCE_NOT_FOUND,
    `Resource not found: ${uri.slice(0, 200)}. Call resources/list to see what exists.`,
    {
      uri: uri.slice(0, 200),
    },
  );
}

/** MCP "Pagination": a cursor the server did not issue (or can no longer read) is -32602. */
export function invalidCursor(): RpcError {
  return new RpcError(
    RpcCode.InvalidParams,
    "Invalid cursor: pass back a nextCursor exactly as received, or omit it to start over.",
  );
}

export interface PromptDefinition<Args extends z.ZodRawShape = z.ZodRawShape> {
  name: string;
  title: string;
  description: string;
  /** The scope a grant needs to see and use it; `ANY_GRANT` for content any connection may use. */
  scope: string | typeof ANY_GRANT;
  /** Prompt arguments are strings on the wire (MCP spec "Prompts"). */
  args: Args;
  /** Completion per argument name (`completion/complete` with `ref/prompt`). */
  complete?: Partial<Record<keyof Args & string, Completer>>;
  get(args: z.infer<z.ZodObject<Args>>, ctx: ToolContext): Promise<GetPromptResult> | GetPromptResult;
}

export function definePrompt<Args extends z.ZodRawShape>(definition: PromptDefinition<Args>): PromptDefinition<Args> {
  return definition;
}

/**
 * An MCP Apps view (spec 2026-01-26, extension `io.modelcontextprotocol/ui`): one self-contained
 * HTML document served as a `ui://` resource of type `text/html;profile=mcp-app`. It carries no
 * user data: the host hands it the tool result. Built from `src/views/app/` at build time
 * (scripts/build-views.mjs).
 */
export interface ViewDefinition {
  /** `ui://<toolkit>/<view>.html`. */
  uri: `ui://${string}`;
  name: string;
  title: string;
  description: string;
  /** The scope a grant needs to list and read it: the scope of the tools it shows. */
  scope: string;
  html: string;
  /**
   * Origins the view may reach (MCP Apps `McpUiResourceCsp`); empty: nothing outside the document,
   * which is what every Outpost view needs (tool calls go through the host).
   */
  csp: { connectDomains: string[]; resourceDomains: string[] };
}

export function defineView(definition: ViewDefinition): ViewDefinition {
  return definition;
}

export interface Toolkit {
  /** Folder name under src/toolkits. */
  name: string;
  /** What every tool name starts with (default `<name>_`), so tools group by toolkit in Claude's UI. */
  toolPrefix?: string;
  title: string;
  /** One sentence for Claude on when to use this toolkit; joined into the server's `instructions`. */
  guidance?: string;
  /** Every scope the toolkit uses, with the sentence the consent page shows for it. */
  scopes: Record<string, string>;
  /**
   * The `Env` members its definitions read (bindings, vars, secrets): their `ctx.env` holds these
   * and nothing else. Omit when it needs none; test/mcp/toolkit-env.test.ts checks each is used.
   */
  bindings?: readonly EnvName[];
  // biome-ignore lint: definitions are heterogeneous by design.
  tools: ToolDefinition<any, any>[];
  resources?: ResourceDefinition[];
  resourceTemplates?: ResourceTemplateDefinition[];
  /** MCP Apps views its tools name in `view`, served as `ui://` resources. */
  views?: ViewDefinition[];
  // biome-ignore lint: definitions are heterogeneous by design.
  prompts?: PromptDefinition<any>[];
}

export function defineToolkit(toolkit: Toolkit): Toolkit {
  return toolkit;
}

/** An error whose message is written for Claude and shown verbatim as an `isError` result. */
export class UserError extends Error {
  override name = "UserError";
}

/** The -32602 error for arguments a prompt or completion cannot use; the message says what to send instead. */
export function invalidParams(message: string): RpcError {
  return new RpcError(RpcCode.InvalidParams, message);
}
