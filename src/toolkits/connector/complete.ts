import type { Completer } from "../../mcp/define";

/** Completion against a fixed list: values starting with what was typed (case-insensitive), then values containing it. */
export function completeFrom(values: readonly string[] | (() => readonly string[])): Completer {
  return (typed) => {
    const all = typeof values === "function" ? values() : values;
    const wanted = typed.trim().toLowerCase();
    const starting = all.filter((value) => value.toLowerCase().startsWith(wanted));
    const containing = all.filter((value) => !value.toLowerCase().startsWith(wanted) && value.toLowerCase().includes(wanted));
    return [...starting, ...containing];
  };
}
