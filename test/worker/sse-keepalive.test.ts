import { describe, expect, it } from "vitest";
import { withSseKeepalive } from "../../src/worker/sse-keepalive";

describe("withSseKeepalive", () => {
  it("writes keepalive comments between whole events while the stream is idle", async () => {
    const encoder = new TextEncoder();
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
    const writer = writable.getWriter();
    const response = withSseKeepalive(new Response(readable, { headers: { "Content-Type": "text/event-stream" } }), 20);
    const reader = response.body!.getReader();
    const received: string[] = [];
    const reading = (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        received.push(new TextDecoder().decode(value));
      }
    })();
    await writer.write(encoder.encode("event: endpoint\ndata: /sse/message?sessionId=1\n\n"));
    await new Promise((resolve) => setTimeout(resolve, 70));
    await writer.write(encoder.encode("event: message\ndata: {}\n\n"));
    await writer.close();
    await reading;
    expect(received[0]).toBe("event: endpoint\ndata: /sse/message?sessionId=1\n\n");
    expect(received.filter((chunk) => chunk === ": keepalive\n\n").length).toBeGreaterThanOrEqual(2);
    expect(received.at(-1)).toBe("event: message\ndata: {}\n\n");
  });

  it("leaves other responses alone", () => {
    const json = Response.json({ ok: true });
    expect(withSseKeepalive(json)).toBe(json);
  });
});
