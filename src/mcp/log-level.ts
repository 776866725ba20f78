import { LOGGING_LEVELS, type LoggingLevel } from "./wire";

/** RFC 5424 severities, lowest first, as MCP "Logging" orders them. */
const SEVERITY: readonly LoggingLevel[] = LOGGING_LEVELS;

/**
 * Whether a log entry at `level` goes out when the client asked for `threshold` and above
 * (`logging/setLevel`); with no threshold set, everything does.
 * @example passesLevel("info", "warning") === false
 */
export function passesLevel(level: LoggingLevel, threshold: LoggingLevel | undefined): boolean {
  return threshold === undefined || SEVERITY.indexOf(level) >= SEVERITY.indexOf(threshold);
}
