/**
 * The RFC 7591 registration a public MCP client sends (Claude, Claude Code, mcp-remote all register
 * this way). Pure data, so both the in-runtime and the Node (e2e) helpers use it.
 */
export function publicClientRegistration(name: string, redirectUri: string) {
  return {
    client_name: name,
    redirect_uris: [redirectUri],
    token_endpoint_auth_method: "none",
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
  };
}
