/** Shared helpers for the Workspace object's tests: a fresh object per test and result unwrapping. */
import { env } from "cloudflare:test";
import { expect } from "vitest";
import type { Result, WorkspaceErrorCode } from "../../src/workspace/api";

/** A workspace stub for a user nobody else in the file uses (random name unless given). */
export function workspace(name: string = `user-${crypto.randomUUID()}`) {
  return env.WORKSPACE.get(env.WORKSPACE.idFromName(name));
}

/** The value of an ok result; fails the test with the error message otherwise. */
export function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** The error of a failed result, after checking its code. */
export function refused<T>(result: Result<T>, code: WorkspaceErrorCode) {
  expect(result.ok, result.ok ? "expected a refusal" : "").toBe(false);
  if (result.ok) throw new Error("unreachable");
  expect(result.error.code, result.error.message).toBe(code);
  expect(result.error.message.length).toBeGreaterThan(20);
  return result.error;
}
