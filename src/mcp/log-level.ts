import { type LoggingLevel, LoggingLevelSchema } from "@modelcontextprotocol/sdk/types.js";

/** RFC 5424 severities, lowest first, as MCP "Logging" orders them. */
const SEVERITY: readonly LoggingLevel[] = LoggingLevelSchema.options;

/**
 * Whether a log entry at `level` goes out when the client asked for `threshold` and above
 * (`logging/setLevel`); with no threshold set, everything does.
 * @example passesLevel("info", "warning") === false
 */
export function passesLevel(level: LoggingLevel, threshold: LoggingLevel | undefined): boolean {
  return threshold === undefined || SEVERITY.indexOf(level) >= SEVERITY.indexOf(threshold);
}
