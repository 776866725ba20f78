/**
 * The headless OAuth provider, keeping the whole authorization response instead of just the code.
 * The v2 SDK checks the response's `iss` (RFC 9207) when the server advertises it, so it must get
 * the callback's query as a browser would deliver it, not a bare code.
 */
import { approveConsent, type ConsentOptions, HeadlessOAuthProvider } from "../e2e/oauth";

export class CallbackCapturingProvider extends HeadlessOAuthProvider {
  private readonly consent: ConsentOptions;
  private pendingState: string | undefined;
  private callback: URLSearchParams | undefined;

  constructor(options: ConsentOptions & { clientName?: string; redirectUrl?: string }) {
    super(options);
    this.consent = options;
  }

  override state(): string {
    this.pendingState = super.state();
    return this.pendingState;
  }

  override async redirectToAuthorization(authorizationUrl: URL): Promise<void> {
    this.authorizationUrls.push(new URL(authorizationUrl));
    const { location } = await approveConsent(authorizationUrl, this.consent);
    if (location.searchParams.get("state") !== this.pendingState) throw new Error(`state mismatch in ${location}`);
    this.callback = location.searchParams;
  }

  /** The query of the last redirect back to the client (`code`, `state`, `iss`); handed out once. */
  takeCallback(): URLSearchParams {
    const callback = this.callback;
    this.callback = undefined;
    if (!callback) throw new Error("no authorization response: the SDK never redirected to authorization");
    return callback;
  }
}
