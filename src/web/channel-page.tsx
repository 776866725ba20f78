import { SERVICES, type ServiceName } from "../notify/services";
import type { ChannelView } from "../notify/types";
import { Layout } from "./layout";
import { PassphraseField } from "./passphrase-hint";

const SERVICE_LABELS: Record<ServiceName, string> = {
  ntfy: "ntfy topic (https://ntfy.sh/your-topic)",
  slack: "Slack incoming webhook",
  discord: "Discord webhook",
  webhook: "Any HTTPS webhook (JSON)",
};

export interface ChannelPageProps {
  /** The one-time link's token, posted back; it is checked again on every post. */
  link: string;
  /** Double-submit CSRF value, also in a SameSite=Strict cookie. */
  csrf: string;
  expiresAt: number;
  service?: ServiceName;
  name?: string;
  /** The URL typed before an error, shown again (never the signing secret or passphrase). */
  url?: string;
  error?: string;
  passphraseLocked?: boolean;
  local: boolean;
}

/**
 * `/account/channels/new`: where the user adds a notification channel themselves, so a webhook URL
 * with a token, or a signing secret, never passes through the conversation with Claude (a URL-mode
 * elicitation from notify_channel_link). Works without scripts; the owner signs in with the
 * passphrase on the same form. Every string is escaped by hono/jsx.
 */
export function ChannelPage(props: ChannelPageProps) {
  const until = new Date(props.expiresAt).toISOString().slice(11, 16);
  return (
    <Layout title="Add a notification channel · Outpost">
      <div class="card">
        <h1>Add a notification channel</h1>
        <p>
          Claude asked for a place to send you notifications. Enter the channel here: the URL and secret stay on this
          page and are stored encrypted; Claude only ever sees a masked version.
        </p>
        <p class="muted">This link works once, until {until} UTC.</p>
        {props.error ? (
          <p class="note error" role="alert">
            {props.error}
          </p>
        ) : null}
        <form method="post" action="/account/channels/new">
          <input type="hidden" name="link" value={props.link} />
          <input type="hidden" name="csrf" value={props.csrf} />
          <h2>
            <label for="service">Service</label>
          </h2>
          <select id="service" name="service" required>
            {SERVICES.map((service) => (
              <option value={service} selected={service === (props.service ?? "ntfy")}>
                {SERVICE_LABELS[service]}
              </option>
            ))}
          </select>
          <h2>
            <label for="url">URL</label>
          </h2>
          <input
            type="url"
            id="url"
            name="url"
            required
            maxlength={2048}
            autocomplete="off"
            value={props.url ?? ""}
            placeholder="https://…"
          />
          <h2>
            <label for="name">Name (optional)</label>
          </h2>
          <input type="text" id="name" name="name" maxlength={40} value={props.name ?? ""} placeholder="phone" />
          <h2>
            <label for="secret">Signing secret (webhooks only, optional)</label>
          </h2>
          <input type="password" id="secret" name="secret" minlength={16} maxlength={256} autocomplete="off" />
          <p class="muted">
            At least 16 characters; requests then carry an HMAC-SHA256 signature in X-Outpost-Signature.
          </p>
          <PassphraseField local={props.local} locked={props.passphraseLocked} required />
          <div class="actions">
            <button type="submit" class="primary" disabled={props.passphraseLocked}>
              Add channel
            </button>
          </div>
        </form>
      </div>
    </Layout>
  );
}

/** After the channel was added: what it is, and what to tell Claude. */
export function ChannelAddedPage(props: { channel: ChannelView }) {
  const { channel } = props;
  return (
    <Layout title="Channel added · Outpost">
      <div class="card">
        <h1>Channel added</h1>
        <p>
          "{channel.name}" ({channel.service} → <code>{channel.target}</code>)
          {channel.isDefault ? " is your default channel." : " is saved."}
        </p>
        <p>You can close this page and tell Claude it is done; it can send a test message with notify_channel_test.</p>
      </div>
    </Layout>
  );
}
