/** OAuth error responses, shared by the authorization server's own endpoints and its guards. */

/**
 * An OAuth error body (RFC 6749 §5.2, RFC 7591 §3.2.2), for the OAuth endpoints, whose clients read
 * `error` and `error_description`. The description says what to do next.
 */
export function oauthError(status: number, error: string, description: string, headers?: HeadersInit): Response {
  const response = Response.json({ error, error_description: description }, { status, headers });
  response.headers.set("Cache-Control", "no-store");
  return response;
}
