import type { Core } from '@strapi/strapi';

import { withReasons } from '../utils/errors';
import type { RequestContext } from '../utils/request-context';
import { perform, type AnyOperation } from './perform';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The `:name` parameters of a route's path (the router's params also hold its unnamed groups). */
const pathParams = (path: string) => Array.from(path.matchAll(/:(\w+)/g), ([, name]) => name);

/**
 * Strapi's own routes take a body as `{ data: … }` (and @strapi/client sends it so): a body that is exactly
 * that, an object under `data` alone, is the input. No input of ours has a `data` field.
 */
const unwrapData = (body: unknown): unknown => (isRecord(body) && Object.keys(body).length === 1 && isRecord(body.data) ? body.data : body);

/** What the client sent besides the path: a GET's query string, another method's body. */
const sent = (op: AnyOperation, ctx: RequestContext): unknown => (op.rest.method === 'GET' ? ctx.query : unwrapData(ctx.request.body));

/** REST's input of an operation: its path parameters and what was sent (or that as its one field). */
const restInput = (op: AnyOperation, names: string[], ctx: RequestContext): unknown => {
  const params = Object.fromEntries(names.map((name) => [name, ctx.params[name]]));
  const body = sent(op, ctx);
  if (op.rest.body) return { ...params, [op.rest.body]: body ?? {} };
  return body === undefined || isRecord(body) ? { ...body, ...params } : body;
};

/** The controller of a table of operations: one action per operation, named as in the table. */
export const restController = <T extends Record<string, AnyOperation>>(strapi: Core.Strapi, table: T) =>
  Object.fromEntries(
    Object.entries(table).map(([name, op]) => {
      const key = op.rest.body;
      const names = pathParams(op.rest.path);
      // A body that is one field reports its errors at the body's own fields.
      const pathOf = key ? (path: string[]) => (path[0] === key ? path.slice(1) : path) : undefined;
      const action = (ctx: RequestContext) =>
        withReasons(ctx, async () => {
          const result = await perform(strapi, op, ctx, restInput(op, names, ctx), sent(op, ctx), pathOf);
          ctx.status = op.rest.status ?? 200;
          ctx.body = op.toRest ? op.toRest(result) : { data: result };
        });
      return [name, action];
    })
  ) as Record<keyof T, (ctx: RequestContext) => Promise<void>>;

/** The content-API routes of a table of operations, handled by `<controller>.<name>`. */
export const restRoutes = <T extends Record<string, AnyOperation>, C extends string>(controller: C, table: T) =>
  Object.entries(table).map(([name, op]) => ({ method: op.rest.method, path: op.rest.path, handler: `${controller}.${name}` as `${C}.${keyof T & string}` }));
