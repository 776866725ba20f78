/** Markdown pieces for the benchmark pages. */

/** A value, or an en dash for a figure that was not measured. */
export const cell = (value, unit = "") => (value === null || value === undefined ? "–" : `${value}${unit}`);

export const table = (header, rows) =>
  [
    `| ${header.join(" | ")} |`,
    `|${header.map(() => "---").join("|")}|`,
    ...rows.map((row) => `| ${row.join(" | ")} |`),
  ].join("\n");

/**
 * Ranked lists (one per worker) as one table, two columns each: `[[label, entries], …]`.
 * @param {Array<[string, Array<{ module: string }>]>} columns
 * @param {(entry: object) => string} value
 */
export function sideBySide(columns, value) {
  const length = Math.max(...columns.map(([, entries]) => entries.length));
  return table(
    columns.flatMap(([label]) => [label, ""]),
    Array.from({ length }, (_, i) =>
      columns.flatMap(([, entries]) => (entries[i] ? [`\`${entries[i].module}\``, value(entries[i])] : ["", ""])),
    ),
  );
}
