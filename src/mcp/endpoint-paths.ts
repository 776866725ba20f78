/** The MCP endpoints: Streamable HTTP, and legacy HTTP+SSE (whose messages go to `${SSE_PATH}/message`). */
export const MCP_PATH = "/mcp";
export const SSE_PATH = "/sse";
