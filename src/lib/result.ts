/**
 * An outcome as a value. Durable Object RPC carries values across, but an exception loses its class
 * and fields on the way, so the per-user objects report expected refusals this way and the toolkit
 * turns them into messages for Claude.
 */
export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function err<E>(error: E): { ok: false; error: E } {
  return { ok: false, error };
}

/** The value of an ok result; a failed one is thrown as the error `toError` makes of it. */
export function unwrap<T, E>(result: Result<T, E>, toError: (error: E) => Error): T {
  if (result.ok) return result.value;
  throw toError(result.error);
}
