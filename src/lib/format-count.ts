/**
 * A count with thousands separators, as `toLocaleString("en-US")` writes it ("12,000").
 *
 * Tool and prompt descriptions embed their limits when their modules load, and the first
 * `toLocaleString` call in an isolate initialises ICU number formatting: several milliseconds of
 * start-up CPU for a comma. Whole numbers are formatted by hand; anything else (fractions, -0,
 * values past 2^53) is rare and left to ICU at call time.
 */
export function formatCount(value: number): string {
  if (!Number.isSafeInteger(value) || Object.is(value, -0)) return value.toLocaleString("en-US");
  const digits = String(Math.abs(value)).replace(/\B(?=(\d{3})+$)/g, ",");
  return value < 0 ? `-${digits}` : digits;
}
