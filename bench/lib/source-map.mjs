/**
 * Just enough of Source Map v3 to say which source file a generated line and column came from:
 * decode the base64 VLQ `mappings` (one list of segments per generated line) and look up the last
 * segment at or before the column.
 */
const BASE64 = new Map(
  [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"].map((char, index) => [char, index]),
);

/** @returns {(line: number, column: number) => string | null} 0-based line and column → source path */
export function sourceLookup(map) {
  const lines = [];
  let source = 0;
  for (const encoded of map.mappings.split(";")) {
    const segments = [];
    let column = 0;
    for (const segment of encoded.split(",")) {
      if (!segment) continue;
      const fields = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = BASE64.get(char);
        value += (digit & 31) << shift;
        if (digit & 32) {
          shift += 5;
        } else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += fields[0];
      if (fields.length > 1) source += fields[1];
      segments.push([column, fields.length > 1 ? source : -1]);
    }
    lines.push(segments);
  }
  return (line, column) => {
    const segments = lines[line];
    if (!segments) return null;
    let found = null;
    for (const [start, index] of segments) {
      if (start > column) break;
      found = index;
    }
    return found === null || found < 0 ? null : (map.sources[found] ?? null);
  };
}

/** `…/node_modules/@scope/pkg/dist/x.js` → `@scope/pkg`; `../../src/mcp/agent.ts` → `src/mcp/agent.ts`. */
export function moduleOf(sourcePath) {
  const parts = sourcePath.split("/");
  const at = parts.lastIndexOf("node_modules");
  if (at >= 0)
    return parts[at + 1]?.startsWith("@") ? `${parts[at + 1]}/${parts[at + 2]}` : (parts[at + 1] ?? sourcePath);
  const src = parts.lastIndexOf("src");
  return src >= 0 ? parts.slice(src).join("/") : sourcePath;
}
