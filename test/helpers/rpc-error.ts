import { expect } from "vitest";

export interface RpcErrorBody {
  jsonrpc: string;
  id: unknown;
  error: { code: number; message: string };
}

/** Assert an HTTP answer is a JSON-RPC error with this status, labelled as JSON; return its body. */
export async function rpcErrorOf(response: Response, status: number): Promise<RpcErrorBody> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect(response.headers.get("Content-Type")).toContain("application/json");
  return JSON.parse(text) as RpcErrorBody;
}
