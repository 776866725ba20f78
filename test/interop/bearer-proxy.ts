/**
 * A loopback reverse proxy that adds `Authorization: Bearer <token>` to every request, for clients
 * that cannot send one (the conformance CLI). Bodies stream both ways, so SSE works through it.
 *
 * The proxy's own `Host` is rewritten to the server's, because the server derives its OAuth resource
 * (the token's audience) from the host it is reached on. Any other `Host` — such as the foreign one
 * the DNS-rebinding scenario sends — passes through untouched, so the server still judges it.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface BearerProxy {
  /** `http://127.0.0.1:<port>` */
  url: string;
  close(): Promise<void>;
}

export async function startBearerProxy(options: { target: string; token: string }): Promise<BearerProxy> {
  const target = new URL(options.target);
  let ownHost = "";
  const server: Server = createServer((incoming: IncomingMessage, outgoing) => {
    const headers = { ...incoming.headers };
    if (headers.host === ownHost) headers.host = target.host;
    headers.authorization = `Bearer ${options.token}`;
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers },
      (response) => {
        outgoing.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(outgoing);
      },
    );
    upstream.on("error", (error) => {
      if (!outgoing.headersSent) outgoing.writeHead(502, { "Content-Type": "application/json" });
      outgoing.end(JSON.stringify({ error: "proxy_upstream_failed", message: error.message }));
    });
    // A client that hangs up ends the upstream request too (closes SSE streams on the server).
    outgoing.on("close", () => upstream.destroy());
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  ownHost = `127.0.0.1:${port}`;
  return {
    url: `http://${ownHost}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
