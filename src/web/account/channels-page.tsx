/**
 * The console's notification channels: the list (masked targets only; the Outbox never returns a
 * full URL), an add form, a remove confirmation and the notices that follow each action. Pure
 * views: data, a CSRF token and form targets come in as props. Every form works with scripts off;
 * hono/jsx escapes every string, channel names included (the Outbox stores whatever a caller chose).
 */

import type { Child } from "hono/jsx";
import { SERVICES } from "../../notify/services";
import type { ChannelView, DeliveryView } from "../../notify/types";
import { Layout } from "../layout";
import { ConsoleLayout, type ConsoleViewer } from "./console-layout";
import { CHANNELS_PAGE } from "./nav";

/** The hidden form field that carries the CSRF token on every form of these pages. */
export const CSRF_FIELD = "csrf";

/** Where the pages' links and forms go; built by the routes from where they are mounted. */
export interface ChannelUrls {
  list: string;
  add: string;
  test(channel: ChannelView): string;
  /** The confirmation page (GET) and the removal itself (POST) share this address. */
  remove(channel: ChannelView): string;
}

export interface Notice {
  kind: "ok" | "error" | "warn";
  text: string;
  /** Shown while a delivery is still pending: reloads the page, which reads the delivery again. */
  refresh?: string;
}

/** What the add form shows again after a refusal. URL and secret are never sent back to the browser. */
export interface AddFormState {
  service?: string;
  name?: string;
  makeDefault?: boolean;
  error?: string;
}

export interface ChannelsPageProps {
  /** Who is signed in, when the page is mounted in the owner's console (its navigation and Sign out). */
  viewer?: ConsoleViewer;
  channels: ChannelView[];
  max: number;
  csrf: string;
  urls: ChannelUrls;
  notice?: Notice;
  form?: AddFormState;
}

const SERVICE_LABELS: Record<(typeof SERVICES)[number], string> = {
  ntfy: "ntfy topic",
  slack: "Slack incoming webhook",
  discord: "Discord webhook",
  webhook: "Webhook (any https URL)",
};

/** Fields and list rows beyond what the shared layout styles; stacks at phone width. */
const STYLE = `
.channels{list-style:none;padding:0;margin:.5rem 0}.channels li{border-top:1px solid var(--line);padding:.6rem 0}
.channel-head{display:flex;flex-wrap:wrap;gap:.25rem .5rem;align-items:baseline}.channel-head strong{overflow-wrap:anywhere}
.tag{font-size:.75rem;border:1px solid var(--line);border-radius:999px;padding:0 .45rem;color:var(--muted)}
.row-actions{display:flex;flex-wrap:wrap;gap:.5rem;margin-top:.35rem;align-items:center}.row-actions form{margin:0}
a.small{font-size:.85rem}.ok{background:var(--bg);border:1px solid var(--line)}
.field{display:block;margin:.6rem 0}.field span{display:block;font-weight:600;font-size:.9rem}
.field input[type=text],.field input[type=url],.field select{width:100%;padding:.55rem;font:inherit;border:1px solid var(--line);border-radius:8px;background:var(--bg);color:var(--fg)}
label.check{display:flex;gap:.5rem;align-items:center;margin:.6rem 0}.actions{align-items:center}.card>h2:first-child{margin-top:0}
`;

/** The console's frame (navigation, who is signed in) when mounted in it; a plain card otherwise. */
function Frame(props: { title: string; heading: Child; viewer?: ConsoleViewer; children: Child }) {
  if (props.viewer) {
    return (
      <ConsoleLayout title={props.title} current={CHANNELS_PAGE} viewer={props.viewer}>
        <style>{STYLE}</style>
        {props.children}
      </ConsoleLayout>
    );
  }
  return (
    <Layout title={`${props.title} · Outpost`}>
      <style>{STYLE}</style>
      <div class="card">
        <h1>{props.heading}</h1>
        {props.children}
      </div>
    </Layout>
  );
}

export function ChannelsPage(props: ChannelsPageProps) {
  const { channels, max, csrf, urls, notice, form } = props;
  const full = channels.length >= max;
  return (
    <Frame title="Notification channels" heading="Notification channels" viewer={props.viewer}>
      <p class="muted">
        Where Claude's notifications go. Addresses are stored encrypted and only their end is shown here.
      </p>
      {notice ? <NoticeBox notice={notice} /> : null}
      {channels.length === 0 ? (
        <p>No channels yet. Add one below; the first becomes the default.</p>
      ) : (
        <ul class="channels">
          {channels.map((channel) => (
            <ChannelRow channel={channel} csrf={csrf} urls={urls} />
          ))}
        </ul>
      )}
      <p class="muted">
        {channels.length} of {max} channels.
      </p>
      <h2 id="add">Add a channel</h2>
      {full ? (
        <p>You have {max} channels, the most there can be. Remove one to add another.</p>
      ) : (
        <AddForm csrf={csrf} action={urls.add} form={form} />
      )}
    </Frame>
  );
}

function ChannelRow(props: { channel: ChannelView; csrf: string; urls: ChannelUrls }) {
  const { channel, csrf, urls } = props;
  return (
    <li>
      <div class="channel-head">
        <strong>
          <bdi>{channel.name}</bdi>
        </strong>
        <span class="tag">{channel.service}</span>
        {channel.isDefault ? <span class="tag">default</span> : null}
        {channel.signed ? <span class="tag">signed</span> : null}
      </div>
      <div>
        <code>{channel.target}</code>
      </div>
      <div class="row-actions">
        <form method="post" action={urls.test(channel)}>
          <input type="hidden" name={CSRF_FIELD} value={csrf} />
          <button class="small" type="submit">
            Send a test
          </button>
        </form>
        <a class="small" href={urls.remove(channel)}>
          Remove…
        </a>
      </div>
    </li>
  );
}

function AddForm(props: { csrf: string; action: string; form?: AddFormState }) {
  const form = props.form ?? {};
  const service = form.service ?? "ntfy";
  return (
    <form method="post" action={props.action}>
      <input type="hidden" name={CSRF_FIELD} value={props.csrf} />
      {form.error ? (
        <p class="note error" role="alert">
          {form.error}
        </p>
      ) : null}
      <p class="muted">
        Paste the address here rather than into a conversation: it works like a password for the channel.
      </p>
      <label class="field">
        <span>Service</span>
        <select name="service">
          {SERVICES.map((id) => (
            <option value={id} selected={id === service}>
              {SERVICE_LABELS[id]}
            </option>
          ))}
        </select>
      </label>
      <label class="field">
        <span>URL</span>
        <input
          type="url"
          name="url"
          required
          maxlength={2048}
          autocomplete="off"
          placeholder="https://ntfy.sh/my-alerts"
        />
      </label>
      <label class="field">
        <span>Name (optional)</span>
        <input type="text" name="name" maxlength={40} autocomplete="off" value={form.name ?? ""} placeholder="phone" />
      </label>
      <label class="field">
        <span>Signing secret (webhooks only, optional)</span>
        <input type="password" name="secret" minlength={16} maxlength={256} autocomplete="new-password" />
        <span class="muted" style="font-weight:400">
          At least 16 characters; requests then carry an X-Outpost-Signature header (HMAC-SHA256).
        </span>
      </label>
      <label class="check">
        <input type="checkbox" name="makeDefault" value="on" checked={form.makeDefault === true} />
        Make it the default channel
      </label>
      <div class="actions">
        <button class="primary" type="submit">
          Add channel
        </button>
      </div>
    </form>
  );
}

function NoticeBox(props: { notice: Notice }) {
  const { notice } = props;
  return (
    <div class={`note ${notice.kind}`} role={notice.kind === "error" ? "alert" : "status"}>
      <p>{notice.text}</p>
      {notice.refresh ? (
        <p>
          <a href={notice.refresh}>Refresh</a> to see whether it arrived.
        </p>
      ) : null}
    </div>
  );
}

export interface RemoveChannelPageProps {
  viewer?: ConsoleViewer;
  channel: ChannelView;
  csrf: string;
  urls: ChannelUrls;
}

/** The confirmation step before a removal: a plain form, so it needs no script to ask. */
export function RemoveChannelPage(props: RemoveChannelPageProps) {
  const { channel, csrf, urls } = props;
  const question = (
    <>
      Remove <bdi>{channel.name}</bdi>?
    </>
  );
  return (
    <Frame title="Remove a channel" heading={question} viewer={props.viewer}>
      {props.viewer ? (
        <p>
          <strong>{question}</strong>
        </p>
      ) : null}
      <p>
        <code>{channel.target}</code> ({channel.service}){channel.isDefault ? ", the default channel" : ""}.
      </p>
      <p>
        Claude will no longer be able to send to it, and notifications still waiting for it will fail. To use it again,
        add it again with its full URL.
      </p>
      <form method="post" action={urls.remove(channel)}>
        <input type="hidden" name={CSRF_FIELD} value={csrf} />
        <div class="actions">
          <button class="primary" type="submit">
            Remove channel
          </button>
          <a href={urls.list}>Cancel</a>
        </div>
      </form>
    </Frame>
  );
}

/** What a channel test became, in words; a pending one offers a refresh (the Outbox finishes it). */
export function testNotice(delivery: DeliveryView, refresh: string): Notice {
  if (delivery.state === "delivered") {
    const status = delivery.lastStatus ? ` (HTTP ${delivery.lastStatus})` : "";
    return {
      kind: "ok",
      text: `The test message reached "${delivery.channel}"${status}. Check that it arrived where you expect it.`,
    };
  }
  if (delivery.state === "failed") {
    return {
      kind: "error",
      text: `The test message was not delivered to "${delivery.channel}": ${delivery.reason ?? "no reason was recorded."} If the URL is wrong, remove the channel and add it again.`,
    };
  }
  return { kind: "warn", text: `The test message to "${delivery.channel}" is still being sent.`, refresh };
}
