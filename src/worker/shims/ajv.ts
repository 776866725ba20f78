/**
 * Stands in for `ajv` in the Worker bundle (wrangler.toml `[alias]`). Ajv compiles schemas with
 * `new Function`, which Workers forbid, so it can never run here; the MCP SDK imports it only as
 * the default validator, and Outpost always passes the SDK's Workers-safe CfWorkerJsonSchemaValidator
 * (src/mcp/agent.ts). Aliasing it away keeps ~60 KiB of gzip out of every isolate's start-up.
 */
export class Ajv {
  constructor() {
    throw new Error(
      "Ajv cannot run on Cloudflare Workers (it needs new Function): pass CfWorkerJsonSchemaValidator instead.",
    );
  }
}
export default Ajv;
