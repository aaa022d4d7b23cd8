/*
 * The public API speaks Strapi's camelCase; BigCommerce's requests speak snake_case. A validated input is
 * renamed once, here, on its way to the services (which use BigCommerce's vocabulary).
 */

type Snake<S extends string> = S extends `${infer Head}${infer Tail}` ? `${Head extends Lowercase<Head> ? Head : `_${Lowercase<Head>}`}${Snake<Tail>}` : S;

/** `T` with every key, at every depth, in snake_case. */
export type SnakeKeys<T> = T extends ReadonlyArray<infer U> ? SnakeKeys<U>[] : T extends object ? { [K in keyof T as Snake<K & string>]: SnakeKeys<T[K]> } : T;

const snake = (key: string) => key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

export const snakeKeys = <T>(value: T): SnakeKeys<T> => {
  if (Array.isArray(value)) return value.map(snakeKeys) as SnakeKeys<T>;
  if (value === null || typeof value !== 'object') return value as SnakeKeys<T>;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [snake(key), snakeKeys(inner)])) as SnakeKeys<T>;
};
