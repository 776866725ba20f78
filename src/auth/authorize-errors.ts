/**
 * Why an authorization request cannot even reach the consent page, in words the person in the
 * browser can act on. The provider's own descriptions ("Invalid client_id") are for protocol
 * logs, not people: they never reach the page. Only faults the provider reports before it has
 * validated the client and its redirect URI land here (after that, errors go back to the app).
 */
import { AuthorizationError, CimdFetchError } from "@cloudflare/workers-oauth-provider";
import { messagePage } from "./responses";

interface Explanation {
  title: string;
  message: string;
  hint: string;
}

const GENERIC: Explanation = {
  title: "This sign-in link is not valid",
  message: "The app sent a sign-in request Outpost cannot accept.",
  hint: "Go back to the app and connect again.",
};

/** What a person is told about a client id this server does not know (or never issued). */
export const UNKNOWN_CLIENT = {
  title: "This app is no longer registered here",
  message: "This app's registration is no longer known here: it expired, or the server's storage was reset.",
  hint: "Remove the connector in Claude (or your MCP client) and add it again; it registers anew.",
} as const;

/** The page for a request `parseAuthRequest` refused; anything that is not a refusal is rethrown (a 503, not a 400). */
export function authorizeErrorPage(error: unknown, request: Request): Response {
  if (!(error instanceof AuthorizationError) && !(error instanceof CimdFetchError)) throw error;
  const clientId = new URL(request.url).searchParams.get("client_id") ?? "";
  const page = explain(error, clientId);
  return messagePage(400, page.title, page.message, page.hint);
}

function explain(error: AuthorizationError | CimdFetchError, clientId: string): Explanation {
  const documentHost = urlHost(clientId);
  // A URL client id is a Client ID Metadata Document: "unknown" means it could not be read.
  if (error instanceof CimdFetchError || (documentHost && error.description === "Invalid client_id")) {
    return {
      title: "Outpost could not read this app's description",
      message: `The app identifies itself with a document at ${documentHost ?? "its own address"}, and that document could not be fetched or is not valid.`,
      hint: "Try again in a minute. If it keeps happening, the app's publisher has to fix that document.",
    };
  }
  switch (error.description) {
    case "client_id is required":
      return {
        title: "This sign-in link is incomplete",
        message: "It does not say which app is connecting, so there is nothing to approve.",
        hint: "Start connecting again from your app.",
      };
    case "Invalid client_id":
      return UNKNOWN_CLIENT;
    case "Invalid redirect URI":
      return {
        title: "This app asked to be answered at an address it did not register",
        message: "Outpost sends access only to the addresses an app registered, and this request names another one.",
        hint: "Remove the connector in your app and add it again. If that does not help, the app is misconfigured.",
      };
    default:
      return GENERIC;
  }
}

/**
 * "Claude only" mode and a client whose redirect is not Claude's: registered before the mode was
 * turned on, or a metadata document client. No redirect back: the address is what is refused.
 */
export function notClaudePage(redirectUri: string): Response {
  const host = urlHost(redirectUri) ?? "an address that is not Claude's";
  return messagePage(
    403,
    "This server accepts only Claude",
    `This app asked to be answered at ${host}. This server's operator allows only Claude (claude.ai, claude.com) and Claude Code to connect.`,
    "Connect from Claude or Claude Code instead. If this app should be allowed, ask the operator to change ALLOWED_CLIENTS.",
  );
}

function urlHost(clientId: string): string | undefined {
  try {
    const url = new URL(clientId);
    return url.protocol === "https:" || url.protocol === "http:" ? url.host : undefined;
  } catch {
    return undefined;
  }
}
