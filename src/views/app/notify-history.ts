/**
 * The notification history view: `notify_history` as a list of deliveries, each with its state in
 * words and a mark (never colour alone), its attempts against the limit, the last HTTP status and
 * the reason of a failure. State filters and "Show older" call `notify_history` again through the
 * host, with the filters and cursor the tool itself defines.
 */
import { HostConnection, type ToolResult } from "./bridge";
import { applyHostContext, h, notice, render, resultText } from "./dom";

type State = "pending" | "delivered" | "failed";

interface Delivery {
  id: string;
  kind: "notification" | "test";
  channel: string;
  service: string;
  title: string | null;
  preview: string;
  priority: string;
  state: State;
  attempts: number;
  maxAttempts: number;
  lastStatus: number | null;
  reason: string | null;
  createdAt: string;
  nextAttemptAt: string | null;
  finishedAt: string | null;
}
interface History {
  deliveries: Delivery[];
  total: number;
  nextCursor?: string;
}

/** The arguments of the call being shown; filters and paging keep `limit` and `channel`. */
let query: { limit?: number; channel?: string; state?: State } = {};
let shown: Delivery[] = [];
let busy = false;

const connection = new HostConnection({
  toolInput: (args) => {
    query = {
      ...(typeof args.limit === "number" && { limit: args.limit }),
      ...(typeof args.channel === "string" && { channel: args.channel }),
      ...(args.state === "pending" || args.state === "delivered" || args.state === "failed"
        ? { state: args.state }
        : {}),
    };
  },
  toolResult: (result) => {
    shown = [];
    show(result);
  },
  toolCancelled: () =>
    render(notice("error", "The history request was cancelled.", "Ask Claude again when you want it.")),
  hostContext: applyHostContext,
});
render(notice("loading", "Waiting for the notification history…"));
connection
  .connect("outpost-notify-history")
  .catch((error: Error) => render(notice("error", "This view could not reach the conversation.", error.message)));

function show(result: ToolResult, problem?: string): void {
  const data = result.structuredContent as unknown as History | undefined;
  if (result.isError || !data || !Array.isArray(data.deliveries)) {
    render(notice("error", "The history could not be loaded.", resultText(result) || "Ask Claude to try again."));
    return;
  }
  shown = [...shown, ...data.deliveries];
  const filtered = query.state !== undefined || query.channel !== undefined;
  render(
    h("h1", {}, "Notification history"),
    h("p", { class: "sub" }, summary(data.total, filtered)),
    filters(),
    problem ? notice("error", "That did not work.", problem) : null,
    shown.length === 0
      ? notice(
          "empty",
          filtered ? "No notifications match this filter." : "No notifications have been sent yet.",
          filtered ? "Choose All to see every notification." : "Ask Claude to send one, or to test a channel.",
        )
      : h("ol", { class: "deliveries" }, ...shown.map(card)),
    data.nextCursor ? more(data.nextCursor) : null,
  );
}

function summary(total: number, filtered: boolean): string {
  const channel = query.channel ? ` to “${query.channel}”` : "";
  const what = query.state ? `${query.state} ` : "";
  return `${total} ${what}notification${total === 1 ? "" : "s"}${channel}${filtered ? "" : " in the last 30 days"}, newest first.`;
}

function filters(): HTMLElement {
  const options: [string, State | undefined][] = [
    ["All", undefined],
    ["Delivered", "delivered"],
    ["Pending", "pending"],
    ["Failed", "failed"],
  ];
  return h(
    "div",
    { class: "row filters", role: "group", "aria-label": "Show notifications by state" },
    ...options.map(([label, state]) => {
      const button = h(
        "button",
        { type: "button", "aria-pressed": String(query.state === state), disabled: busy },
        label,
      );
      button.addEventListener("click", () => load({ ...query, state }, false));
      return button;
    }),
  );
}

function more(cursor: string): HTMLElement {
  const button = h("button", { type: "button", class: "more", disabled: busy }, busy ? "Loading…" : "Show older");
  button.addEventListener("click", () => load(query, true, cursor));
  return button;
}

/** Call notify_history through the host: a new filter starts over, "Show older" appends the next page. */
async function load(next: typeof query, append: boolean, cursor?: string): Promise<void> {
  if (busy) return;
  busy = true;
  const previous = query;
  query = {
    ...(next.limit !== undefined && { limit: next.limit }),
    ...(next.channel !== undefined && { channel: next.channel }),
    ...(next.state !== undefined && { state: next.state }),
  };
  try {
    const result = await connection.callServerTool("notify_history", { ...query, ...(cursor && { cursor }) });
    busy = false;
    if (!append) shown = [];
    if (result.isError) {
      query = previous;
      show({ content: [], structuredContent: { deliveries: [], total: shown.length } as never }, resultText(result));
      return;
    }
    show(result);
  } catch (error) {
    busy = false;
    query = previous;
    render(notice("error", "The history could not be loaded.", (error as Error).message));
  }
}

const MARKS: Record<State, string> = { delivered: "✓", pending: "…", failed: "✕" };
const LABELS: Record<State, string> = { delivered: "Delivered", pending: "Pending", failed: "Failed" };

function when(iso: string | null): string {
  if (!iso) return "";
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString(document.documentElement.lang || undefined, { dateStyle: "medium", timeStyle: "short" });
}

function card(delivery: Delivery): HTMLElement {
  const attempts = h("span", {
    class: "attempts",
    "aria-label": `${delivery.attempts} of ${delivery.maxAttempts} attempts`,
  });
  for (let index = 0; index < delivery.maxAttempts; index++) {
    attempts.append(h("span", { class: index < delivery.attempts ? "try used" : "try", "aria-hidden": "true" }));
  }
  const status =
    delivery.state === "delivered"
      ? `Delivered ${when(delivery.finishedAt)}`
      : delivery.state === "failed"
        ? `Failed ${when(delivery.finishedAt)}`
        : delivery.nextAttemptAt
          ? `Next attempt ${when(delivery.nextAttemptAt)}`
          : "Waiting to be sent";
  return h(
    "li",
    { class: `delivery state-${delivery.state}` },
    h(
      "div",
      { class: "delivery-head" },
      h(
        "span",
        { class: "badge" },
        h("span", { "aria-hidden": "true" }, MARKS[delivery.state]),
        ` ${LABELS[delivery.state]}`,
      ),
      h("span", { class: "channel" }, `${delivery.channel} · ${delivery.service}`),
      delivery.kind === "test" ? h("span", { class: "tag" }, "test") : null,
      delivery.priority !== "normal" ? h("span", { class: "tag" }, `${delivery.priority} priority`) : null,
    ),
    h("p", { class: "message" }, delivery.title ? h("strong", {}, `${delivery.title} `) : null, delivery.preview),
    h(
      "p",
      { class: "meta" },
      attempts,
      ` ${delivery.attempts} of ${delivery.maxAttempts} attempts`,
      delivery.lastStatus !== null ? ` · last HTTP ${delivery.lastStatus}` : "",
      ` · ${status}`,
    ),
    delivery.reason ? h("p", { class: "reason" }, delivery.reason) : null,
    h("p", { class: "id" }, `${delivery.id} · sent ${when(delivery.createdAt)}`),
  );
}
