/** Stands in for `ajv-formats` beside the `ajv` shim (see ./ajv.ts); never called, since Ajv is never built. */
export default function addFormats<T>(ajv: T): T {
  return ajv;
}
