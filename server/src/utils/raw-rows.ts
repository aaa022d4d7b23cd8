/**
 * The rows of a `knex.raw` answer: PostgreSQL's driver answers a result object (`{ rows }`), SQLite's
 * the rows themselves.
 */
export const rawRows = <T>(answer: unknown): T[] => (Array.isArray(answer) ? answer : (answer as { rows: T[] }).rows) as T[];
