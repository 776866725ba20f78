import { DurableObject } from "cloudflare:workers";

/** One user's workspace: notes, file metadata and full-text search (issue in progress). */
export class Workspace extends DurableObject<Env> {}
