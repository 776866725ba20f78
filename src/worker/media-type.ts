/**
 * Media types as HTTP defines them: case-insensitive `type/subtype`, optional parameters, and in
 * `Accept` a list of ranges with wildcards and weights (RFC 9110 §8.3.1, §12.5.1). Substring tests
 * would take `application/json-seq` for JSON and refuse `Application/JSON`.
 */

/** `type/subtype` of a Content-Type, lowercased without parameters; "" when absent. */
export function essence(contentType: string | null): string {
  return (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

export function isJsonContentType(contentType: string | null): boolean {
  return essence(contentType) === "application/json";
}

/**
 * Whether an `Accept` header admits `mediaType` (lowercase `type/subtype`). An absent or empty
 * header admits anything; otherwise the most specific matching range decides, and `q=0` refuses.
 * @example accepts("application/*, text/event-stream;q=0", "text/event-stream") // false
 */
export function accepts(accept: string | null, mediaType: string): boolean {
  if (accept === null || accept.trim() === "") return true;
  const [type, subtype] = mediaType.split("/");
  let best: { specificity: number; q: number } | undefined;
  for (const part of accept.split(",")) {
    const [range = "", ...parameters] = part.split(";");
    const [rangeType, rangeSubtype] = range.trim().toLowerCase().split("/");
    const specificity =
      rangeType === type && rangeSubtype === subtype
        ? 2
        : rangeType === type && rangeSubtype === "*"
          ? 1
          : rangeType === "*" && rangeSubtype === "*"
            ? 0
            : -1;
    if (specificity < 0 || (best && best.specificity > specificity)) continue;
    const weight = parameters
      .map((parameter) => parameter.trim().toLowerCase())
      .find((parameter) => parameter.startsWith("q="));
    const q = weight === undefined ? 1 : Number(weight.slice(2));
    best = { specificity, q: Number.isFinite(q) ? q : 0 };
  }
  return best !== undefined && best.q > 0;
}
