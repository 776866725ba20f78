/**
 * The toolkit extension point: every tool, resource and prompt is a plain definition object built
 * with these helpers, and `register.ts` is the only code that talks to the MCP SDK. Policy (title,
 * annotations, name and description limits) is checked by test/mcp/policy.test.ts.
 */
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type {
  ContentBlock,
  GetPromptResult,
  ReadResourceResult,
  ServerNotification,
  ServerRequest,
} from "@modelcontextprotocol/sdk/types.js";
import type { z } from "zod";
import type { SessionProps } from "../auth/props";
import type { Config } from "../config";
import type { SessionStore } from "./session-store";

/** What every handler receives. Read `props` here, never from a closure: it changes on re-authorization. */
export interface ToolContext {
  readonly props: SessionProps;
  readonly session: SessionStore;
  readonly env: Env;
  readonly config: Config;
  /** Aborted when the client cancels the request (`notifications/cancelled`). */
  readonly signal: AbortSignal;
  /** Sends `notifications/progress` when the client asked for it; a no-op otherwise. */
  progress(progress: number, total?: number, message?: string): Promise<void>;
}

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

export interface ToolDefinition<In extends AnyObject = AnyObject, Out extends AnyObject | undefined = AnyObject | undefined> {
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
  /** A fixed URI (`session://scratchpad`); templates arrive with the workspace toolkit. */
  uri: string;
  mimeType: string;
  scope: string;
  read(uri: URL, ctx: ToolContext): Promise<ReadResourceResult> | ReadResourceResult;
}

export function defineResource(definition: ResourceDefinition): ResourceDefinition {
  return definition;
}

export interface PromptDefinition<Args extends z.ZodRawShape = z.ZodRawShape> {
  name: string;
  title: string;
  description: string;
  scope: string;
  /** Prompt arguments are strings on the wire (MCP spec "Prompts"). */
  args: Args;
  get(args: z.infer<z.ZodObject<Args>>, ctx: ToolContext): Promise<GetPromptResult> | GetPromptResult;
}

export function definePrompt<Args extends z.ZodRawShape>(definition: PromptDefinition<Args>): PromptDefinition<Args> {
  return definition;
}

export interface Toolkit {
  /** Folder name under src/toolkits. */
  name: string;
  title: string;
  /** Every scope the toolkit uses, with the sentence the consent page shows for it. */
  scopes: Record<string, string>;
  // biome-ignore lint: definitions are heterogeneous by design.
  tools: ToolDefinition<any, any>[];
  resources?: ResourceDefinition[];
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

/** The SDK's per-request extra, as the wrapper receives it. */
export type RequestExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;
