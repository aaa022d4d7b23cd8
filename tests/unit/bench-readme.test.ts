import { markdownTable, withBenchSection } from '../bench/lib/format';

describe('bench --write-readme', () => {
  it("replaces only what is between the bench's markers", () => {
    const readme = 'intro\n<!-- bench:cart -->\nold table\n<!-- /bench:cart -->\nafter\n<!-- bench:sync -->\nsync\n<!-- /bench:sync -->\n';
    expect(withBenchSection(readme, 'cart', 'new table')).toBe(
      'intro\n<!-- bench:cart -->\nnew table\n<!-- /bench:cart -->\nafter\n<!-- bench:sync -->\nsync\n<!-- /bench:sync -->\n'
    );
    expect(withBenchSection(readme, 'webhooks', 'x')).toBeNull();
  });

  it('writes rows as a Markdown table, a one-cell row as a bold heading, pipes escaped', () => {
    expect(markdownTable(['', 'p50'], [['Sequential'], ['  Strapi', '1.00 ms'], ['a | b', '2']])).toBe(
      ['|  | p50 |', '| --- | --- |', '| **Sequential** |  |', '| Strapi | 1.00 ms |', '| a \\| b | 2 |'].join('\n')
    );
  });
});
