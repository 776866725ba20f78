/**
 * One structured log line per event (Workers Logs indexes JSON fields). Callers pass only names,
 * outcomes and timings: never arguments, results, tokens or passphrases.
 */
export function logEvent(event: string, fields: Record<string, string | number | boolean | undefined>): void {
  console.log(JSON.stringify({ event, ...fields }));
}
