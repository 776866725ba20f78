import type { NoteSummary, Result, WorkspaceErrorCode } from "./api";

/** Results cross RPC as plain data (a thrown error would lose its code on the way). */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: WorkspaceErrorCode, message: string, current?: NoteSummary): Result<T> {
  return { ok: false, error: current ? { code, message, current } : { code, message } };
}

/** Thrown inside a store transaction to abort it and return `result` instead. */
export class Refusal extends Error {
  constructor(readonly result: Result<never>) {
    super(result.ok ? "refusal" : result.error.message);
  }
}
