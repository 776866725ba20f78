/**
 * An MCP stdio transport over a child process the suite started itself (in its own process group),
 * so the MCP SDK client can talk to a stdio proxy exactly as a desktop app does, while the suite
 * keeps control of the process's lifetime and its stderr.
 */
import type { ChildProcess } from "node:child_process";
import { ReadBuffer, serializeMessage } from "@modelcontextprotocol/sdk/shared/stdio.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";

export function childStdioTransport(child: ChildProcess): Transport {
  const buffer = new ReadBuffer();
  const transport: Transport = {
    async start() {
      child.stdout?.on("data", (chunk: Buffer) => {
        buffer.append(chunk);
        for (;;) {
          let message: JSONRPCMessage | null;
          try {
            message = buffer.readMessage();
          } catch (error) {
            transport.onerror?.(error as Error);
            continue;
          }
          if (!message) break;
          transport.onmessage?.(message);
        }
      });
      child.once("close", () => transport.onclose?.());
    },
    async send(message) {
      const stdin = child.stdin;
      if (!stdin || stdin.destroyed) throw new Error("the stdio process has exited");
      await new Promise<void>((resolve, reject) =>
        stdin.write(serializeMessage(message), (error) => (error ? reject(error) : resolve())),
      );
    },
    async close() {
      child.stdin?.end();
    },
  };
  return transport;
}
