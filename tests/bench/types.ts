// The contract between tests/bench/run.ts and each benchmark module.
//
// A bench module exports `bench: Bench` (or a default export of that shape). `run` does its work,
// returns its figures as printable text plus its targets, and throws only on a real error (a run
// that did not succeed); a missed target is a figure, not an error.

export interface BenchTarget {
  /** What is measured, e.g. "10,000: requests / minimum". */
  name: string;
  /** The measured value, printable. */
  value: string;
  /** The target, printable, e.g. "≤ 1.05". */
  target: string;
  pass: boolean;
}

export interface BenchReport {
  /** Tables and notes, printed as they are. */
  text: string;
  targets: BenchTarget[];
  /** The headline figures as a Markdown table, for `--write-readme` (README.md between `<!-- bench:<name> -->` markers). */
  markdown?: string;
  /** Errors met along the way that did not stop the rest of the bench (the process exits 1). */
  errors?: string[];
}

export interface Bench {
  /** Short name used on the command line: `tsx tests/bench/run.ts sync`. */
  name: string;
  title: string;
  run(): Promise<BenchReport>;
}
