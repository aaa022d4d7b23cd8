import { z } from 'zod';

/**
 * `Body`, which must be a value the schema whose input is `Input` takes: a contract in shared/ (what the admin
 * sends) checked against the schema that reads it, so a drift between the two fails tsc.
 */
export type Accepted<Input, Body extends Input> = Body;

/** BigCommerce's ids are 32-bit signed integers above zero. */
export const MAX_BIGCOMMERCE_ID = 2_147_483_647;

/** An id in a JSON body or a webhook payload: a positive whole number in BigCommerce's range. */
export const idNumber = z
  .number('must be a number')
  .int('must be a whole number')
  .positive('must be positive')
  .max(MAX_BIGCOMMERCE_ID, `must be at most ${MAX_BIGCOMMERCE_ID}`);

/**
 * An id in a path or a query string (as text), or a GraphQL argument (a number): decimal digits and
 * nothing else — no sign, no spaces, no leading zeros, no `0x34` or `101e0` that a number coercion
 * would take for another id.
 */
export const idParam = (what: string) => {
  const message = `must be ${what}: a positive whole number in decimal digits, at most ${MAX_BIGCOMMERCE_ID}`;
  const inRange = z.number(message).int(message).positive(message).max(MAX_BIGCOMMERCE_ID, message);
  return z.union(
    [
      inRange,
      z
        .string(message)
        .regex(/^[1-9][0-9]{0,9}$/, message)
        .transform(Number)
        .pipe(inRange),
    ],
    { error: () => message }
  );
};

/** A page number or page size in a query string, as strictly as an id. */
export const countParam = (min: number, max: number) =>
  z
    .string('must be given once, as a whole number')
    .regex(/^(0|[1-9][0-9]{0,8})$/, 'must be a whole number in decimal digits')
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
