import { err } from "../lib/result";
import type { NoteSummary, Result, WorkspaceErrorCode } from "./api";

export { ok } from "../lib/result";

export function fail<T = never>(code: WorkspaceErrorCode, message: string, current?: NoteSummary): Result<T> {
  return err(current ? { code, message, current } : { code, message });
}

/** Thrown inside a store transaction to abort it and return `result` instead. */
export class Refusal extends Error {
  constructor(readonly result: Result<never>) {
    super(result.ok ? "refusal" : result.error.message);
  }
}
