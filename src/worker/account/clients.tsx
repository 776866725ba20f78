import { type Context, Hono } from "hono";
import {
  createOperatorClient,
  deleteOperatorClient,
  listOperatorClients,
  OPERATOR_CLIENT_DEFAULTS,
} from "../../auth/operator-clients";
import { requestConfig } from "../../config";
import { readClientsForm } from "../../web/account/clients-form";
import { ClientsPage, type ClientsPageProps } from "../../web/account/clients-page";
import { CLIENTS_PAGE } from "../../web/account/nav";
import { pageSecurityHeaders } from "../../web/layout";
import { type ConsoleEnv, requireOwner } from "./require-owner";

/**
 * `/account/clients`: clients the operator registers for apps that cannot register themselves
 * (Claude's "OAuth Client ID / Secret" fields, docs/claude-setup.md). The same operations as the
 * passphrase-authenticated API (clients-api.ts), behind the console's session and CSRF token. The
 * secret is in the answer to the create POST only; nothing stores it readable.
 */
export const consoleClientsRoutes = new Hono<ConsoleEnv>();

const ACTIONS = { create: CLIENTS_PAGE, remove: `${CLIENTS_PAGE}/remove` };

type PageExtras = Pick<ClientsPageProps, "created" | "error" | "draft">;

async function page(c: Context<ConsoleEnv>, status: 200 | 400 | 404 | 409, extras: PageExtras = {}) {
  const clients = await listOperatorClients({ oauth: c.env.OAUTH_PROVIDER, kv: c.env.OAUTH_KV });
  const html = (
    <ClientsPage
      viewer={c.var.owner}
      origin={c.var.origin}
      clients={clients}
      csrfToken={c.var.owner.csrf}
      actions={ACTIONS}
      claudeOnly={requestConfig(c.env).allowedClients === "claude"}
      defaultRedirectUris={OPERATOR_CLIENT_DEFAULTS.redirectUris}
      {...extras}
    />
  );
  return c.html(`<!doctype html>${html}`, status, pageSecurityHeaders());
}

consoleClientsRoutes.get(CLIENTS_PAGE, requireOwner(), (c) => page(c, 200));

consoleClientsRoutes.post(CLIENTS_PAGE, requireOwner(), async (c) => {
  const input = readClientsForm(c.var.form);
  const result = await createOperatorClient(
    { oauth: c.env.OAUTH_PROVIDER, kv: c.env.OAUTH_KV, config: requestConfig(c.env) },
    input,
  );
  if (!result.ok) return page(c, result.status, { error: result.problem.description, draft: input.draft });
  // Shown on this answer only (no redirect): reloading would not show the secret again, by design.
  return page(c, 200, { created: result.client });
});

consoleClientsRoutes.post(ACTIONS.remove, requireOwner(), async (c) => {
  const clientId = c.var.form.get("client_id");
  const deleted =
    typeof clientId === "string" &&
    (await deleteOperatorClient({ oauth: c.env.OAUTH_PROVIDER, kv: c.env.OAUTH_KV }, clientId));
  if (!deleted)
    return page(c, 404, { error: "That client is not registered here (it may have been removed already)." });
  return new Response(null, { status: 303, headers: { Location: CLIENTS_PAGE, "Cache-Control": "no-store" } });
});
