import { errors } from '@strapi/utils';
import createHttpError, { type HttpError } from 'http-errors';
import type { z } from 'zod';

import { isBigCommerceApiError, type BigCommerceApiError } from '../bigcommerce/errors';

/** Where a field came from, when the caller named it otherwise than the schema does (GraphQL arguments). */
export type PathOf = (path: string[]) => string[];

/**
 * The words a site owner reads for each field of a schema the admin sends, keyed by the field's path
 * ("routes.#.route": `#` stands for a list index and is shown counted from 1). A message names the
 * field by its label instead of its key; `path` in the details stays the key, for the form to place it.
 */
export type FieldLabels = Record<string, string>;

const LABELS = new WeakMap<z.ZodType, FieldLabels>();

/** Declares a schema's field labels (next to the schema); answers the schema itself. */
export const withLabels = <S extends z.ZodType>(schema: S, labels: FieldLabels): S => {
  LABELS.set(schema, labels);
  return schema;
};

const isIndex = (part: string) => /^\d+$/.test(part);

const labelOf = (labels: FieldLabels | undefined, path: string[]): string | undefined => {
  const label = labels?.[path.map((part) => (isIndex(part) ? '#' : part)).join('.')];
  const indexes = path.filter(isIndex);
  let next = 0;
  return label?.replace(/#/g, () => String(Number(indexes[next++]) + 1));
};

/** Turns a zod failure into Strapi's ValidationError (400) with one entry per field, as yup does. */
export const validationError = (
  error: z.ZodError,
  prefix = 'Invalid input',
  pathOf: PathOf = (path) => path,
  labels?: FieldLabels
): InstanceType<typeof errors.ValidationError> => {
  // An unknown key is reported at the key itself, so every entry's path names a field.
  const issues = error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys' ? issue.keys.map((key) => ({ path: [...issue.path, key], message: 'is not allowed' })) : [issue]
  );
  const details = issues.map((issue) => {
    const path = pathOf(issue.path.map(String));
    const field = labelOf(labels, path) ?? path.join('.');
    return { path, message: field ? `${field} ${issue.message}` : issue.message, name: 'ValidationError' };
  });
  const summary = details.map((detail) => detail.message).join('; ');
  return new errors.ValidationError(`${prefix}: ${summary}`, { errors: details });
};

export const parseOrThrow = <S extends z.ZodType>(schema: S, input: unknown, prefix?: string, pathOf?: PathOf): z.infer<S> => {
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) throw validationError(parsed.error, prefix, pathOf, LABELS.get(schema));
  return parsed.data;
};

/** BigCommerce's title, plus its detail and per-field messages when they say more (a 422's title is often generic). */
const explainUpstream = (error: BigCommerceApiError): string => {
  const title = error.title ?? error.message;
  const more = [error.detail, ...Object.values(error.errors ?? {})].filter((text): text is string => Boolean(text) && !title.includes(text as string));
  return more.length ? `${title} ${more.join(' ')}` : title;
};

/**
 * The one mapping of a BigCommerce failure to what our caller sees: BigCommerce's own 4xx reason as a
 * 400 (404 stays a 404), an outage as 502/503 — never a bare 500. Any other error is returned as it is.
 * It is applied at the plugin's boundaries only (routes/index.ts for REST, `upstreamErrorsResolver` for
 * GraphQL), so no BigCommerce call needs a wrapper of its own. Details a service attached to the error on
 * its way out (channels-admin's `applied`) are kept.
 */
export const upstreamError = (error: unknown): unknown => {
  if (!isBigCommerceApiError(error)) return error;
  const mapped = mapBigCommerceError(error);
  const attached = (error as { details?: Record<string, unknown> }).details;
  if (attached) Object.assign(mapped, { details: { ...((mapped as { details?: object }).details ?? {}), ...attached } });
  return mapped;
};

const mapBigCommerceError = (error: BigCommerceApiError): Error => {
  const reason = explainUpstream(error);
  if (error.kind === 'configuration') return new errors.ApplicationError(error.message);
  if (error.status === 401 || error.status === 403) {
    return new errors.ApplicationError(`BigCommerce refused the credentials: ${reason}`, { upstreamStatus: error.status });
  }
  if (error.status === 404) return new errors.NotFoundError(`BigCommerce: ${reason}`);
  if (error.status !== undefined && error.status < 500 && error.status !== 429) {
    return new errors.ApplicationError(`BigCommerce rejected the request: ${reason}`, {
      upstreamStatus: error.status,
      errors: error.errors,
    });
  }
  return upstreamUnavailable(error);
};

/** The REST boundary: a route middleware (every route of ours gets it, in routes/index.ts). */
export const upstreamErrors = async (_ctx: unknown, next: () => Promise<unknown>): Promise<unknown> => {
  try {
    return await next();
  } catch (error) {
    throw upstreamError(error);
  }
};

/** The GraphQL boundary: a resolver middleware on every field of ours that may call BigCommerce. */
export const upstreamErrorsResolver = async <P, A, C, I>(
  next: (parent: P, args: A, context: C, info: I) => unknown,
  parent: P,
  args: A,
  context: C,
  info: I
): Promise<unknown> => {
  try {
    return await next(parent, args, context, info);
  } catch (error) {
    throw upstreamError(error);
  }
};

/**
 * 502/503 for BigCommerce being down, slow or rate-limited after our retries. An http-errors error is
 * what Strapi's error middleware renders with its status in the usual `{ data, error }` envelope.
 */
const upstreamUnavailable = (error: BigCommerceApiError): HttpError => {
  const status = error.kind === 'timeout' || error.status === 429 || error.status === 503 ? 503 : 502;
  const message =
    status === 503
      ? `BigCommerce is not answering in time (${error.status === 429 ? 'rate limited' : error.kind}); try again shortly`
      : `BigCommerce failed to answer (${error.status ?? error.kind}) after ${error.attempts} attempt(s)`;
  return createHttpError(status, message, { details: { upstreamStatus: error.status ?? null, attempts: error.attempts } });
};

/**
 * Strapi's content-API authorize step wraps the whole handler and turns any UnauthorizedError or
 * ForbiddenError (PolicyError aside) into a bare "Unauthorized" / "Forbidden", dropping our reason
 * (compose-endpoint.js). The same status, name, message and details as an http-errors error pass
 * through it, and Strapi's error middleware renders them in the usual envelope. A 429 also sets
 * Retry-After from its details.
 */
export const withReasons = async (ctx: { set(field: string, value: string): void }, handler: () => Promise<void>): Promise<void> => {
  try {
    await handler();
  } catch (error) {
    if (error instanceof errors.RateLimitError) setRetryAfter(ctx, error);
    const forbidden = error instanceof errors.ForbiddenError && !(error instanceof errors.PolicyError);
    if (!(error instanceof errors.UnauthorizedError) && !forbidden) throw error;
    throw createHttpError(forbidden ? 403 : 401, error.message, { details: error.details ?? {} });
  }
};

/** Retry-After from a RateLimitError's details.retryAfter (seconds), when it has one. */
export const setRetryAfter = (ctx: { set(field: string, value: string): void }, error: InstanceType<typeof errors.RateLimitError>): void => {
  const wait = (error.details as { retryAfter?: unknown } | undefined)?.retryAfter;
  if (typeof wait === 'number') ctx.set('Retry-After', String(wait));
};
