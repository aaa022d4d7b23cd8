import type { CatalogStore } from './ports';
import type { ProductRecord } from './records';

/** Longest reason kept for one item: a reason, never a statement. */
export const MAX_REASON_LENGTH = 300;

/**
 * A short reason for an item's failure. A database driver's error reaches us through knex as
 * `<the statement with its values> - <the driver's message>`: only the driver's message is kept (the
 * statement of a page is tens of kilobytes), and any reason is capped.
 */
export const itemReason = (error: unknown): string => {
  // By shape, not instanceof: a driver's error may come from another realm (a native module, a test runner's sandbox).
  const own = (error as { message?: unknown } | null)?.message;
  let message = typeof own === 'string' ? own : String(error);
  // knex puts the statement before the database's words (`<sql> - <reason>`), sometimes behind the error's name.
  if (/^\s*(?:\w*Error:\s*)?(insert|update|delete|select|with|replace)\s/i.test(message) && message.includes(' - ')) {
    message = `database refused it: ${message.slice(message.lastIndexOf(' - ') + 3)}`;
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code && !message.includes(code)) message = `${message} (${code})`;
  return message.length > MAX_REASON_LENGTH ? `${message.slice(0, MAX_REASON_LENGTH - 1)}…` : message;
};

/** A product the database refused on its own; its message is already short. */
export class ProductWriteError extends Error {
  constructor(
    readonly bigcommerceId: number,
    reason: string
  ) {
    super(reason);
    this.name = 'ProductWriteError';
  }
}

export interface IsolatedWrite {
  written: number[];
  /** Products the database refused, each alone: the rest of their page is written. */
  failures: Map<number, ProductWriteError>;
  /** Writes attempted (1 when nothing failed). */
  attempts: number;
}

/**
 * Writes products in one go; when the store refuses the set, halves it until each refused product is
 * alone, so one product the database refuses costs that product only. Nothing failing costs one
 * write, as before; one refused product in a page of 250 costs about 16.
 */
export const writeIsolated = async (store: CatalogStore, records: ProductRecord[], existing: ReadonlySet<number>): Promise<IsolatedWrite> => {
  const result: IsolatedWrite = { written: [], failures: new Map(), attempts: 0 };
  const attempt = async (part: ProductRecord[]): Promise<void> => {
    if (!part.length) return;
    result.attempts += 1;
    try {
      result.written.push(...(await store.writeProducts(part, existing)));
    } catch (error) {
      if (part.length === 1) {
        result.failures.set(part[0].bigcommerceId, new ProductWriteError(part[0].bigcommerceId, itemReason(error)));
        return;
      }
      const half = Math.ceil(part.length / 2);
      await attempt(part.slice(0, half));
      await attempt(part.slice(half));
    }
  };
  await attempt(records);
  return result;
};
