/**
 * Limits on client metadata (RFC 7591 §2), whether it arrives as a registration body, as a Client
 * ID Metadata Document, or as a loopback document stored for development. Without them anyone could
 * store a megabyte per registration, a name that fills the consent page and hundreds of redirect URIs.
 * The provider checks the fields' types and redirect URI policy; these are the sizes.
 */
import type { ClientInfo, OAuthHelpers } from "@cloudflare/workers-oauth-provider";
import { oauthError } from "./oauth-error";

export const CLIENT_METADATA_LIMITS = {
  /** The whole document, in bytes: the size the CIMD draft suggests (§6.6), for registrations too. */
  maxDocumentBytes: 5 * 1024,
  /** `client_name` and each of its language variants (`client_name#fr`). */
  maxNameChars: 100,
  /** Each redirect URI, and `logo_uri`, `client_uri`, `policy_uri`, `tos_uri`, `jwks_uri` (and variants). */
  maxUriChars: 512,
  maxRedirectUris: 10,
  maxContacts: 10,
  /** Each contact (an e-mail address is at most 254). */
  maxContactChars: 254,
} as const;

export interface MetadataProblem {
  /** RFC 7591 §3.2.2. */
  error: "invalid_client_metadata" | "invalid_redirect_uri";
  description: string;
}

const URI_FIELDS = ["logo_uri", "client_uri", "policy_uri", "tos_uri", "jwks_uri"];
const L = CLIENT_METADATA_LIMITS;

/** The first limit `document` (a metadata JSON object) exceeds, as an RFC 7591 error; undefined when none. */
export function clientMetadataProblem(document: Record<string, unknown>): MetadataProblem | undefined {
  const redirectUris = document.redirect_uris;
  if (Array.isArray(redirectUris)) {
    if (redirectUris.length > L.maxRedirectUris) {
      return redirectProblem(
        `redirect_uris lists ${redirectUris.length} URIs; at most ${L.maxRedirectUris} are accepted. List only the callbacks this client uses.`,
      );
    }
    const long = redirectUris.findIndex((uri) => typeof uri === "string" && uri.length > L.maxUriChars);
    if (long !== -1)
      return redirectProblem(
        `redirect_uris[${long}] is ${(redirectUris[long] as string).length} characters; at most ${L.maxUriChars} are accepted.`,
      );
  }
  for (const [field, value] of Object.entries(document)) {
    if (typeof value !== "string") continue;
    const base = field.split("#")[0]!;
    if (base === "client_name" && value.length > L.maxNameChars) {
      return metadataProblem(
        `${field} is ${value.length} characters; at most ${L.maxNameChars} are accepted. Use the application's short name.`,
      );
    }
    if (URI_FIELDS.includes(base) && value.length > L.maxUriChars) {
      return metadataProblem(`${field} is ${value.length} characters; at most ${L.maxUriChars} are accepted.`);
    }
  }
  const contacts = document.contacts;
  if (
    Array.isArray(contacts) &&
    (contacts.length > L.maxContacts || contacts.some((c) => typeof c === "string" && c.length > L.maxContactChars))
  ) {
    return metadataProblem(
      `contacts takes at most ${L.maxContacts} addresses of at most ${L.maxContactChars} characters each.`,
    );
  }
  return undefined;
}

/** The problem with a document of `bytes` bytes (undefined: more than were read), or undefined when it is within the limit. */
export function documentSizeProblem(bytes: number | undefined): MetadataProblem | undefined {
  if (bytes !== undefined && bytes <= L.maxDocumentBytes) return undefined;
  const size = bytes === undefined ? `over ${L.maxDocumentBytes}` : String(bytes);
  return metadataProblem(
    `The client metadata is ${size} bytes; at most ${L.maxDocumentBytes} are accepted. Leave out what the client does not need.`,
  );
}

/** A resolved client (as the provider returns it) as the metadata document it came from, for the same checks. */
export function metadataOf(client: ClientInfo): Record<string, unknown> {
  return {
    client_name: client.clientName,
    redirect_uris: client.redirectUris,
    logo_uri: client.logoUri,
    client_uri: client.clientUri,
    policy_uri: client.policyUri,
    tos_uri: client.tosUri,
    jwks_uri: client.jwksUri,
    contacts: client.contacts,
    ...client.i18n,
  };
}

function metadataProblem(description: string): MetadataProblem {
  return { error: "invalid_client_metadata", description };
}

function redirectProblem(description: string): MetadataProblem {
  return { error: "invalid_redirect_uri", description };
}

/**
 * At `/authorize`, the metadata document behind an https client id (fetched and cached by the
 * provider, which caps its size) held to the same field limits: a 400 without a redirect, since
 * the client is not accepted, or undefined to go on.
 */
export async function refuseOversizedClientDocument(
  request: Request,
  oauth: () => OAuthHelpers,
): Promise<Response | undefined> {
  const url = new URL(request.url);
  const clientId = url.searchParams.get("client_id");
  if (url.pathname !== "/authorize" || !clientId?.startsWith("https://")) return undefined;
  let client: ClientInfo | null;
  try {
    client = await oauth().lookupClient(clientId);
  } catch {
    return undefined; // An unreachable or invalid document: the provider refuses the client itself.
  }
  const problem = client ? clientMetadataProblem(metadataOf(client)) : undefined;
  return problem && oauthError(400, problem.error, `The client's metadata document: ${problem.description}`);
}
