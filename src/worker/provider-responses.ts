/**
 * The OAuth provider answers some requests with an empty body: the 401 challenge on /mcp and /sse,
 * a miss or a wrong method under `/.well-known/`. Give each a JSON body that tells a person what to
 * do; the status and the headers clients act on (WWW-Authenticate, Allow, CORS) are kept.
 */
import { jsonError } from "./http-error";

const WELL_KNOWN = "/.well-known/";

export function withJsonBody(response: Response, request: Request, origin: string): Response {
  const path = new URL(request.url).pathname;
  if (response.status === 401 && !response.headers.get("Content-Type") && response.headers.has("WWW-Authenticate")) {
    return rebody(
      response,
      "unauthorized",
      "This MCP endpoint needs an OAuth access token. Add the connector in your MCP client; it will open a sign-in page.",
    );
  }
  if (!path.startsWith(WELL_KNOWN) || request.method === "HEAD") return response;
  // Every miss under /.well-known/, the provider's (empty) and the app's (generic) alike.
  if (response.status === 404) {
    return rebody(
      response,
      "not_found",
      `No discovery document at ${path}. This server publishes ${origin}/.well-known/oauth-protected-resource ` +
        `and ${origin}/.well-known/oauth-authorization-server.`,
    );
  }
  if (response.status === 405 && !response.headers.get("Content-Type")) {
    return rebody(response, "method_not_allowed", `${path} is a discovery document: read it with GET.`);
  }
  return response;
}

/** The same status and headers, with a JSON error body instead of whatever the response carried. */
function rebody(response: Response, error: string, message: string): Response {
  const json = jsonError(response.status, error, message);
  const headers = new Headers(response.headers);
  headers.delete("Content-Length");
  json.headers.forEach((value, name) => headers.set(name, value));
  void response.body?.cancel();
  return new Response(json.body, { status: response.status, headers });
}
