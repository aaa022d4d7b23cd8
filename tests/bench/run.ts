// `npm run bench` — runs every benchmark in one process run, then prints all their figures together
// and one summary of targets. `tsx tests/bench/run.ts sync` (or `npm run bench:sync`) runs a subset.
//
// A benchmark is a module of this folder exporting `bench: Bench` (see ./types.ts). To add one, add a
// line to BENCHES; a module whose file does not exist yet is skipped with a note.
//
// `--write-readme` pastes each run bench's Markdown table (if it has one) into README.md between
// `<!-- bench:<name> -->` and `<!-- /bench:<name> -->`, with the date, Node, CPUs and load average: the
// README's figures are then always those of a real run, never typed.
//
// Exit code: 0 when every benchmark ran (missed targets included: the figures are the product),
// 1 when one failed with a real error (a sync run that did not succeed, a crash).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { table, withBenchSection } from './lib/format';
import type { Bench, BenchReport } from './types';

const BENCHES: { name: string; file: string }[] = [
  { name: 'sync', file: './sync' },
  { name: 'read-api', file: './read-api' },
  { name: 'webhooks', file: './webhooks' },
  { name: 'cart', file: './cart' },
  { name: 'abuse', file: './abuse' },
];

const exists = (file: string) => ['.ts', '.js'].some((ext) => fs.existsSync(path.resolve(__dirname, file + ext)));

const load = async (file: string): Promise<Bench> => {
  const mod = (await import(file)) as { bench?: Bench; default?: Bench | { bench?: Bench; default?: Bench } };
  const found = mod.bench ?? (mod.default as { bench?: Bench })?.bench ?? (mod.default as Bench | undefined);
  const candidate = (found as { default?: Bench })?.default ?? found;
  if (!candidate || typeof (candidate as Bench).run !== 'function')
    throw new Error(`${file} does not export \`bench\` with a run() (see tests/bench/types.ts)`);
  return candidate as Bench;
};

const README = path.resolve(__dirname, '..', '..', 'README.md');
const load1 = () => os.loadavg()[0].toFixed(2);

const main = async (): Promise<number> => {
  const writeReadme = process.argv.includes('--write-readme');
  const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const unknown = wanted.filter((name) => !BENCHES.some((b) => b.name === name));
  if (unknown.length) {
    console.error(`Unknown bench: ${unknown.join(', ')} (have: ${BENCHES.map((b) => b.name).join(', ')})`);
    return 2;
  }
  const selected = BENCHES.filter((b) => !wanted.length || wanted.includes(b.name));
  const t0 = performance.now();
  const done: { bench: { name: string; title: string }; report?: BenchReport; error?: string; seconds: number; load?: string }[] = [];
  for (const entry of selected) {
    if (!exists(entry.file)) {
      console.error(`bench ${entry.name}: ${entry.file}.ts does not exist yet, skipped`);
      continue;
    }
    const started = performance.now();
    const loadBefore = load1();
    try {
      const bench = await load(entry.file);
      console.error(`bench ${bench.name}: ${bench.title}`);
      const report = await bench.run();
      done.push({ bench, report, seconds: (performance.now() - started) / 1000, load: `${loadBefore} → ${load1()}` });
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      console.error(`bench ${entry.name} failed: ${message}`);
      done.push({ bench: { name: entry.name, title: entry.name }, error: message, seconds: (performance.now() - started) / 1000 });
    }
  }

  // Everything printed together at the end, away from the progress lines on stderr.
  const out: string[] = [];
  for (const item of done) {
    out.push('', `=== ${item.bench.name}: ${item.bench.title} (${item.seconds.toFixed(1)} s)`, '');
    if (item.report) out.push(item.report.text);
    for (const error of item.report?.errors ?? []) out.push(`ERROR: ${error}`);
    if (item.error) out.push(`ERROR: ${item.error}`);
  }
  const targets = done.flatMap((item) => (item.report?.targets ?? []).map((target) => ({ ...target, bench: item.bench.name })));
  if (targets.length) {
    out.push('', '=== Targets', '');
    out.push(
      table(
        ['bench', 'what', 'value', 'target', ''],
        targets.map((t) => [t.bench, t.name, t.value, t.target, t.pass ? 'PASS' : 'MISS']),
        2
      )
    );
    const missed = targets.filter((t) => !t.pass).length;
    out.push('', `${targets.length - missed} passed, ${missed} missed`);
  }
  const failed = done.filter((item) => item.error || item.report?.errors?.length).length;
  out.push(`${done.length} bench(es) run in ${((performance.now() - t0) / 1000).toFixed(1)} s${failed ? `, ${failed} with errors` : ''}`);
  console.log(out.join('\n'));

  if (writeReadme) {
    let readme = fs.readFileSync(README, 'utf8');
    for (const item of done) {
      if (!item.report?.markdown || item.error || item.report.errors?.length) continue;
      const db = process.env.DATABASE_CLIENT === 'postgres' ? 'PostgreSQL' : 'SQLite';
      const cpu = os.cpus();
      const heading = `One run of \`npm run bench -- ${item.bench.name} --write-readme\` on ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ${cpu.length} × ${cpu[0]?.model.trim() ?? 'CPU'}, ${db}, load average ${item.load} (1 min, before → after).`;
      const next = withBenchSection(readme, item.bench.name, `${heading}\n\n${item.report.markdown}`);
      if (next === null)
        console.error(`--write-readme: README.md has no <!-- bench:${item.bench.name} --> … <!-- /bench:${item.bench.name} --> markers; not written`);
      else {
        readme = next;
        console.error(`--write-readme: README.md's ${item.bench.name} table rewritten`);
      }
    }
    fs.writeFileSync(README, readme);
  }
  return failed ? 1 : 0;
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  }
);
