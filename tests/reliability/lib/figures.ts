/** The reliability suite's figures: one row per scenario, printed as one table when the suite ends. */
export interface Figures {
  scenario: string;
  /** Wall time of the scenario's syncs (first run and any follow-up), ms. */
  wallMs: number;
  /** API requests the sandbox received (retries included). */
  requests: number;
  /** 429 answers the sandbox gave. */
  throttled: number;
  /** Injected 5xx answers and dropped connections: each cost the client a retry (or the request). */
  faulted: number;
  /** Status of each run, in order (e.g. `failed → succeeded`). */
  runs: string;
  /** From the end of the first run to an equal catalog, ms; null when the first run already left it equal. */
  recoverMs: number | null;
  /** `equal`, or the number of differences after recovery. */
  oracle: string;
}

const rows: Figures[] = [];

export const recordFigures = (row: Figures): void => {
  rows.push(row);
};

const seconds = (ms: number | null): string => (ms === null ? '-' : (ms / 1000).toFixed(1));

/** The table, in fixed-width columns. */
export const figuresTable = (database: string): string => {
  const header = ['scenario', 'wall s', 'requests', '429s', '5xx+drops', 'runs', 'recover s', 'oracle'];
  const lines = rows.map((r) => [
    r.scenario,
    seconds(r.wallMs),
    String(r.requests),
    String(r.throttled),
    String(r.faulted),
    r.runs,
    seconds(r.recoverMs),
    r.oracle,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(' | ');
  return [`Reliability figures (${database})`, format(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...lines.map(format)].join('\n');
};
