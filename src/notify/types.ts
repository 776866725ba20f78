/** What the Outbox returns over RPC: plain, flat records (they become tools' structured output). */
import type { Result } from "../lib/result";
import type { Priority, ServiceName } from "./services";

export interface ChannelView {
  id: string;
  name: string;
  service: ServiceName;
  /** Service host and a masked tail of the URL, e.g. `hooks.slack.com/…/x7Qa`; never the full URL. */
  target: string;
  signed: boolean;
  isDefault: boolean;
  createdAt: string;
}

export type DeliveryState = "pending" | "delivered" | "failed";

export interface DeliveryView {
  id: string;
  kind: "notification" | "test";
  channel: string;
  service: ServiceName;
  title: string | null;
  /** The first 200 characters of the message. */
  preview: string;
  priority: Priority;
  state: DeliveryState;
  attempts: number;
  maxAttempts: number;
  /** HTTP status of the last attempt, null before the first attempt or after a network error. */
  lastStatus: number | null;
  /** Why the last attempt did not deliver (or why the delivery failed); null once delivered. */
  reason: string | null;
  createdAt: string;
  nextAttemptAt: string | null;
  finishedAt: string | null;
}

/** Expected refusals travel as values: an exception thrown across RPC loses its class. */
export type OutboxResult<T> = Result<T, string>;

export interface SendRequest {
  channel?: string;
  title?: string;
  message: string;
  priority: Priority;
  idempotencyKey?: string;
}

export interface AddChannelRequest {
  service: ServiceName;
  url: string;
  name?: string;
  secret?: string;
  makeDefault?: boolean;
}
