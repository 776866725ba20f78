/**
 * The `_meta` envelope every MCP 2026-07-28 request carries (no session, no handshake). Pure data,
 * so the in-runtime helpers, the e2e tests and the fuzzer in Node share it.
 */
export const MODERN_VERSION = "2026-07-28";
export const ENVELOPE = {
  "io.modelcontextprotocol/protocolVersion": MODERN_VERSION,
  "io.modelcontextprotocol/clientCapabilities": {},
  "io.modelcontextprotocol/clientInfo": { name: "outpost-tests", version: "1.0.0" },
};
