import type { Completer } from "../../mcp/define";

/**
 * Completion against a list, case-insensitive: values starting with what was typed, then (with
 * `anywhere`) values containing it, so "recall" finds session_recall.
 */
export function completeFrom(
  values: readonly string[] | (() => readonly string[]),
  options: { anywhere?: boolean } = {},
): Completer {
  return (typed) => {
    const all = typeof values === "function" ? values() : values;
    const wanted = typed.trim().toLowerCase();
    const starting = all.filter((value) => value.toLowerCase().startsWith(wanted));
    if (!options.anywhere) return starting;
    return [
      ...starting,
      ...all.filter((value) => !value.toLowerCase().startsWith(wanted) && value.toLowerCase().includes(wanted)),
    ];
  };
}
