import { shownName } from "./client-name";
import { Layout } from "./layout";

export interface SignInErrorPageProps {
  title: string;
  message: string;
  hint?: string;
  /** The OAuth error redirect back to the app (RFC 6749 §4.1.2.1), already validated by the provider. */
  returnTo?: string;
  /** Name of the app the link returns to. */
  clientName?: string;
}

/**
 * Why sign-in stopped: the provider refused, the person is not on the allowlist, or the provider is
 * down. The link hands the error back to the app, so it stops waiting and can say so; it is a link,
 * not an automatic redirect, so the person can read the reason first.
 */
export function SignInErrorPage({ title, message, hint, returnTo, clientName }: SignInErrorPageProps) {
  return (
    <Layout title={title}>
      <div class="card">
        <h1>{title}</h1>
        <p>{message}</p>
        {hint ? <p class="muted">{hint}</p> : null}
        {returnTo ? (
          <div class="actions">
            <a class="button" href={returnTo}>
              Return to <bdi>{clientName ? shownName(clientName).text : "the app"}</bdi>
            </a>
          </div>
        ) : null}
      </div>
    </Layout>
  );
}
