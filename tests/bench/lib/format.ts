// Plain-text tables and number formats for the bench output.

export const int = (n: number): string => Math.round(n).toLocaleString('en-US');
export const fixed = (n: number, digits = 2): string => (Number.isFinite(n) ? n.toFixed(digits) : '—');
export const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
export const megabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
export const verdict = (pass: boolean): string => (pass ? 'PASS' : 'MISS');

/** The first `left` columns left-aligned, the rest right-aligned; a row of one cell is a section heading. */
export const table = (header: string[], rows: string[][], left = 1): string => {
  const all = [header, ...rows.filter((row) => row.length > 1)];
  const widths = header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) =>
    row
      .map((cell, i) => (i < left ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const out = [line(header), rule];
  for (const row of rows) out.push(row.length === 1 ? `${row[0]}` : line(row));
  return out.join('\n');
};

/** The same rows as a Markdown table for the README: a one-cell row becomes a bold heading row. */
export const markdownTable = (header: string[], rows: string[][]): string => {
  const cell = (value: string) => value.trim().replace(/\|/g, '\\|');
  const line = (row: string[]) => `| ${header.map((_, i) => cell(row[i] ?? '')).join(' | ')} |`;
  return [line(header), `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((row) => (row.length === 1 ? line([`**${row[0]}**`]) : line(row)))].join(
    '\n'
  );
};

/** README text with the part between a bench's markers replaced; null when the markers are missing. */
export const withBenchSection = (readme: string, name: string, body: string): string | null => {
  const open = `<!-- bench:${name} -->`;
  const close = `<!-- /bench:${name} -->`;
  const start = readme.indexOf(open);
  const end = readme.indexOf(close, start);
  if (start < 0 || end < 0) return null;
  return `${readme.slice(0, start + open.length)}\n${body}\n${readme.slice(end)}`;
};
