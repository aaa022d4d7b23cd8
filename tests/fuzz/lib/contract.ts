import type { RawResponse } from './http';

/**
 * The contract every public answer keeps, whatever the input: never a 5xx, a 4xx in Strapi's error
 * envelope with a message (GraphQL: errors with messages, or data), no secret in it, and none of another
 * customer's data in it.
 */

const preview = (text: string, max = 600): string => (text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text);

export class ContractViolation extends Error {}

/** Things no answer may contain: credentials and signing keys, and the other customer's private data. */
export interface Forbidden {
  secrets: Record<string, string>;
  /** Markers only the other customer's own requests could ever be answered with. */
  otherCustomer: Record<string, string>;
}

const describe = (where: string, res: RawResponse, why: string) => new ContractViolation(`${where} → HTTP ${res.status}: ${why}\n  body: ${preview(res.text)}`);

const checkForbidden = (where: string, res: RawResponse, forbidden: Forbidden): void => {
  const whole = `${JSON.stringify(res.headers)}\n${res.text}`;
  for (const [name, secret] of Object.entries(forbidden.secrets)) {
    if (secret && whole.includes(secret)) throw describe(where, res, `the answer leaks ${name}`);
  }
  for (const [name, marker] of Object.entries(forbidden.otherCustomer)) {
    if (marker && whole.includes(marker)) throw describe(where, res, `the answer shows another customer's ${name}`);
  }
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** REST: status < 500; a 4xx is `{ data: null, error: { status: <HTTP status>, name, message } }`. */
export const checkRest = (where: string, res: RawResponse, forbidden: Forbidden): void => {
  if (res.status >= 500 || res.status < 100) throw describe(where, res, 'a server error');
  checkForbidden(where, res, forbidden);
  if (res.status < 400) return;
  const body = res.json;
  if (!isRecord(body)) throw describe(where, res, "a 4xx whose body is not JSON in Strapi's error envelope");
  if (body.data !== null) throw describe(where, res, 'a 4xx envelope without `data: null`');
  const error = body.error;
  if (!isRecord(error)) throw describe(where, res, 'a 4xx envelope without an `error` object');
  if (error.status !== res.status) throw describe(where, res, `error.status ${String(error.status)} is not the HTTP status`);
  if (typeof error.name !== 'string' || !error.name) throw describe(where, res, 'error.name is not a non-empty string');
  if (typeof error.message !== 'string' || !error.message.trim()) throw describe(where, res, 'error.message is not a non-empty string');
};

/**
 * GraphQL: status < 500; either `errors` (each with a non-empty message) or `data`. A 4xx given before
 * GraphQL runs (body parser, input guard) may come in Strapi's error envelope instead, checked as REST's.
 */
export const checkGraphql = (where: string, res: RawResponse, forbidden: Forbidden): void => {
  if (res.status >= 500 || res.status < 100) throw describe(where, res, 'a server error');
  checkForbidden(where, res, forbidden);
  // Node's HTTP parser refuses a request line over its header limit (16 KB) before Strapi sees it.
  if (res.status === 431 && where.startsWith('GET ')) return;
  if (res.status >= 400 && isRecord(res.json) && 'error' in res.json && !('errors' in res.json)) return checkRest(where, res, forbidden);
  const answers = Array.isArray(res.json) ? res.json : [res.json];
  if (!answers.length) throw describe(where, res, 'an empty batch answer');
  for (const body of answers) {
    if (!isRecord(body)) throw describe(where, res, 'an answer that is not a GraphQL JSON result');
    if (body.errors !== undefined) {
      if (!Array.isArray(body.errors) || !body.errors.length) throw describe(where, res, '`errors` is not a non-empty list');
      for (const error of body.errors) {
        if (!isRecord(error) || typeof error.message !== 'string' || !error.message.trim()) throw describe(where, res, 'an error without a message');
      }
    } else if (!isRecord(body.data)) {
      throw describe(where, res, 'neither `errors` nor `data`');
    } else if (res.status >= 400) {
      throw describe(where, res, 'a 4xx with data and no errors');
    }
  }
};

/** Requests by target (a route or an operation) and status, for the closing table and the coverage check. */
export class Tally {
  private readonly counts = new Map<string, Map<string, number>>();

  add(target: string, status: number | string): void {
    const row = this.counts.get(target) ?? new Map<string, number>();
    row.set(String(status), (row.get(String(status)) ?? 0) + 1);
    this.counts.set(target, row);
  }

  total(target?: string): number {
    const rows = target ? [this.counts.get(target) ?? new Map<string, number>()] : [...this.counts.values()];
    return rows.reduce((sum, row) => sum + [...row.values()].reduce((a, b) => a + b, 0), 0);
  }

  table(): string {
    const statuses = [...new Set([...this.counts.values()].flatMap((row) => [...row.keys()]))].sort();
    const targets = [...this.counts.keys()].sort();
    const width = Math.max(6, ...targets.map((t) => t.length));
    const cell = (s: string) => s.padStart(6);
    const lines = [`${'target'.padEnd(width)} ${statuses.map(cell).join(' ')} ${cell('total')}`];
    for (const target of targets) {
      const row = this.counts.get(target)!;
      lines.push(`${target.padEnd(width)} ${statuses.map((s) => cell(row.has(s) ? String(row.get(s)) : '.')).join(' ')} ${cell(String(this.total(target)))}`);
    }
    const column = (s: string) => [...this.counts.values()].reduce((sum, row) => sum + (row.get(s) ?? 0), 0);
    lines.push(`${'all'.padEnd(width)} ${statuses.map((s) => cell(String(column(s)))).join(' ')} ${cell(String(this.total()))}`);
    return lines.join('\n');
  }
}
