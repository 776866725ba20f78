/**
 * The one migration runner for Durable Object SQLite databases. Each store keeps its version where
 * its first release put it (deployed objects have those tables), so it says how to read and record
 * the version; the runner applies every step newer than the stored version and not past `target`,
 * in order, each step with its version record in one transaction: a crash mid-migration leaves the
 * previous version intact and the step runs again on the next start.
 */
export interface MigrationStep {
  version: number;
  statements: readonly string[];
}

export interface VersionRecord {
  /** The stored version (0 for a new database); creates its table when missing. */
  read(sql: SqlStorage): number;
  /** Record that `version` has been applied. */
  write(sql: SqlStorage, version: number): void;
}

export function runMigrations(
  storage: Pick<DurableObjectStorage, "sql" | "transactionSync">,
  steps: readonly MigrationStep[],
  record: VersionRecord,
  target = Number.POSITIVE_INFINITY,
): number {
  const sql = storage.sql;
  let current = record.read(sql);
  for (const step of steps) {
    if (step.version <= current || step.version > target) continue;
    storage.transactionSync(() => {
      for (const statement of step.statements) sql.exec(statement);
      record.write(sql, step.version);
    });
    current = step.version;
  }
  return current;
}
