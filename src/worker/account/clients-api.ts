/**
 * `/account/api/clients`: operator clients over HTTP, for headless use (`npm run client:add`).
 * Authenticated by the owner passphrase (`owner-api-auth.ts`); JSON in and out, errors as
 * `{ error, error_description }` with RFC 7591 codes where the fault is the client metadata.
 *
 *   POST   /account/api/clients        { client_name?, redirect_uris? } → 201, the secret (once)
 *   GET    /account/api/clients        → 200 { clients: [...] } (never a secret)
 *   DELETE /account/api/clients/:id    → 204, or 404 when it is not an operator client
 */
import { Hono } from "hono";
import { CLIENT_METADATA_LIMITS } from "../../auth/client-metadata";
import { oauthError } from "../../auth/oauth-error";
import {
  createOperatorClient,
  deleteOperatorClient,
  listOperatorClients,
  type OperatorClient,
} from "../../auth/operator-clients";
import { requestConfig } from "../../config";
import { readBodyLimited } from "../../lib/read-body";
import { ownerApiGuard } from "./owner-api-guard";

export const CLIENTS_API_PATH = "/account/api/clients";

export const clientsApiRoutes = new Hono<{ Bindings: Env }>();

clientsApiRoutes.use(CLIENTS_API_PATH, ownerApiGuard);
clientsApiRoutes.use(`${CLIENTS_API_PATH}/*`, ownerApiGuard);

clientsApiRoutes.post(CLIENTS_API_PATH, async (c) => {
  if (!/^application\/json\s*(;|$)/i.test(c.req.header("Content-Type") ?? "")) {
    return oauthError(
      415,
      "invalid_request",
      'Send the client as JSON (Content-Type: application/json), for example {"client_name":"Claude"}.',
    );
  }
  const bytes = await readBodyLimited(c.req.raw, CLIENT_METADATA_LIMITS.maxDocumentBytes);
  if (bytes === undefined)
    return oauthError(
      413,
      "invalid_client_metadata",
      `The body is over ${CLIENT_METADATA_LIMITS.maxDocumentBytes} bytes.`,
    );
  const input = parseInput(bytes);
  if ("error" in input) return oauthError(400, "invalid_client_metadata", input.error);
  const store = {
    oauth: c.env.OAUTH_PROVIDER,
    kv: c.env.OAUTH_KV,
    config: requestConfig(c.env),
  };
  const result = await createOperatorClient(store, input);
  if (!result.ok) return oauthError(result.status, result.problem.error, result.problem.description);
  const { clientSecret, ...client } = result.client;
  return c.json(
    {
      ...describe(client),
      client_secret: clientSecret,
      token_endpoint_auth_method: "client_secret_basic",
    },
    201,
    { "Cache-Control": "no-store" },
  );
});

clientsApiRoutes.get(CLIENTS_API_PATH, async (c) => {
  const clients = await listOperatorClients({
    oauth: c.env.OAUTH_PROVIDER,
    kv: c.env.OAUTH_KV,
  });
  return c.json({ clients: clients.map(describe) }, 200, {
    "Cache-Control": "no-store",
  });
});

clientsApiRoutes.delete(`${CLIENTS_API_PATH}/:clientId`, async (c) => {
  const clientId = c.req.param("clientId");
  const deleted = await deleteOperatorClient({ oauth: c.env.OAUTH_PROVIDER, kv: c.env.OAUTH_KV }, clientId);
  if (!deleted)
    return oauthError(
      404,
      "not_found",
      `No operator client ${clientId.slice(0, 64)} here. GET ${CLIENTS_API_PATH} lists them.`,
    );
  return c.body(null, 204, { "Cache-Control": "no-store" });
});

// Any other method: 405 naming the ones there are (after the passphrase, like everything here).
clientsApiRoutes.all(CLIENTS_API_PATH, () =>
  oauthError(405, "method_not_allowed", "Use GET to list clients or POST to create one.", { Allow: "GET, POST" }),
);
clientsApiRoutes.all(`${CLIENTS_API_PATH}/:clientId`, () =>
  oauthError(405, "method_not_allowed", "Use DELETE to remove this client.", { Allow: "DELETE" }),
);

/** RFC 7591 field names, as registration answers use them. */
function describe(client: OperatorClient) {
  return {
    client_id: client.clientId,
    client_name: client.name,
    redirect_uris: client.redirectUris,
    created_at: client.createdAt,
  };
}

function parseInput(bytes: Uint8Array): { name?: string; redirectUris?: string[] } | { error: string } {
  let body: unknown;
  try {
    body = bytes.byteLength === 0 ? {} : JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return { error: "The body is not valid JSON." };
  }
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return { error: "The body must be a JSON object." };
  const { client_name: name, redirect_uris: redirectUris } = body as Record<string, unknown>;
  if (name !== undefined && typeof name !== "string") return { error: "client_name must be a string." };
  if (
    redirectUris !== undefined &&
    !(Array.isArray(redirectUris) && redirectUris.every((uri) => typeof uri === "string"))
  ) {
    return { error: "redirect_uris must be an array of strings." };
  }
  return {
    ...(name !== undefined ? { name } : {}),
    ...(redirectUris !== undefined ? { redirectUris: redirectUris as string[] } : {}),
  };
}
