import { DurableObject } from "cloudflare:workers";

/** One user's notification channels, delivery queue and history (issue in progress). */
export class Outbox extends DurableObject<Env> {}
