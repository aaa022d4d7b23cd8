import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';

import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import createHttpError from 'http-errors';
import type { DocumentNode } from 'graphql';
import type { Context, Next } from 'koa';
import getRawBody from 'raw-body';

import type { PluginConfig } from '../config/schema';
import { kb, noteGraphqlInput } from '../graphql-limits';
import { fragmentCycle, GRAPHQL_MAX_NESTING, graphqlNestingExceeds } from '../utils/graphql-document';
import { jsonDepthExceeds } from '../utils/json-depth';
import { PLUGIN_ID } from '../utils/plugin-id';

/** The name a host app's `config/middlewares` knows this middleware by. */
export const INPUT_GUARD = `plugin::${PLUGIN_ID}.input-guard`;

/** Methods whose body Strapi's body parser reads (koa-body's default parsedMethods). */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** koa-bodyparser's own default, which Strapi's GraphQL endpoint uses unless the app sets another. */
const GRAPHQL_DEFAULT_LIMIT = '1mb';

type Json = Record<string, unknown>;

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

const hasBody = (req: IncomingMessage) => req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

/** The HTTP status of a refusal: Strapi's application errors carry theirs by class, http-errors on the error. */
const statusOf = (error: unknown): number | undefined => {
  if (error instanceof errors.PayloadTooLargeError) return 413;
  if (error instanceof errors.ValidationError) return 400;
  return (error as { status?: number }).status;
};

/**
 * Reads a body as bytes, at most `limit` of them whatever the framing (Content-Length or chunked):
 * raw-body counts what actually arrives and stops reading past the limit.
 */
const readBytes = async (ctx: Context, limit: number | string): Promise<Buffer> => {
  const encoding = (ctx.get('content-encoding') || 'identity').toLowerCase();
  if (encoding !== 'identity') throw createHttpError(415, `Content-Encoding ${encoding} is not accepted here: send the body uncompressed`);
  try {
    return await getRawBody(ctx.req, { limit, length: ctx.get('content-length') || undefined });
  } catch (error) {
    const type = (error as { type?: string }).type;
    if (type === 'entity.too.large') {
      // The rest of the body stays unread: this connection cannot carry another request.
      ctx.set('Connection', 'close');
      throw new errors.PayloadTooLargeError(`The body is over ${typeof limit === 'number' ? kb(limit) : limit}`, { limit });
    }
    throw new errors.ValidationError(`The body could not be read (${type ?? 'unreadable'}): ${(error as Error).message}`);
  }
};

const parseJson = (bytes: Buffer, maxDepth: number): unknown => {
  if (jsonDepthExceeds(bytes, maxDepth)) throw new errors.ValidationError(`The body nests deeper than ${maxDepth} levels`, { maxDepth });
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new errors.ValidationError(`The body is not valid JSON: ${(error as Error).message}`);
  }
};

/**
 * Bounds what the plugin's routes and GraphQL fields accept before anything else reads it: the bytes
 * actually read, how deep JSON nests, the media type, and for GraphQL how many of our fields a request
 * selects and how many rows they may read. It sits just before `strapi::body` (the plugin places it
 * there); other routes pass through untouched.
 */
const inputGuard = (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  const limits = () => strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig;
  const restPrefix = `${strapi.config.get('api.rest.prefix', '/api') as string}/${PLUGIN_ID}`;
  const adminPrefix = `/${PLUGIN_ID}`;
  const graphql = strapi.plugin('graphql');
  const graphqlEndpoint = graphql ? (graphql.config('endpoint') as string) : undefined;
  const graphqlLimit = (): number | string =>
    (graphql?.config('apolloServer') as { bodyParserConfig?: { jsonLimit?: number | string } } | undefined)?.bodyParserConfig?.jsonLimit ??
    GRAPHQL_DEFAULT_LIMIT;
  /** A JSON object body for our REST routes; the body parser is told there is nothing left to read. */
  const guardRest = async (ctx: Context) => {
    if (!BODY_METHODS.has(ctx.method) || !hasBody(ctx.req)) return;
    if (!ctx.is('application/json', '+json')) {
      throw createHttpError(415, 'Send the body as JSON, with Content-Type: application/json');
    }
    const { maxInputBytes, maxInputDepth } = limits();
    const bytes = await readBytes(ctx, maxInputBytes);
    const body = bytes.length ? parseJson(bytes, maxInputDepth) : {};
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new errors.ValidationError('The body must be a JSON object');
    // The stream is spent: without its framing headers koa-body sees no body and keeps this one.
    delete ctx.req.headers['content-length'];
    delete ctx.req.headers['transfer-encoding'];
    ctx.request.body = body as Json;
  };

  /**
   * GraphQL requests are read here (so the bytes are counted as they arrive) and their size noted for
   * the plugin's fields, which apply the limits when one of them is selected (graphql-limits.ts): only
   * the parsed operation says whether a request uses them.
   */
  const guardGraphql = async (ctx: Context) => {
    if (ctx.method === 'GET') {
      const { query, variables } = ctx.query as Record<string, unknown>;
      checkDocument(query);
      noteGraphqlInput(ctx, { bytes: Buffer.byteLength(ctx.querystring), raw: typeof variables === 'string' ? variables : '' });
      return;
    }
    if (ctx.method !== 'POST' || !hasBody(ctx.req) || !ctx.is('application/json', '+json')) return;
    const bytes = await readBytes(ctx, graphqlLimit());
    try {
      ctx.request.body = JSON.parse(bytes.toString('utf8')) as Json;
    } catch (error) {
      throw new errors.ValidationError(`The body is not valid JSON: ${(error as Error).message}`);
    }
    for (const request of Array.isArray(ctx.request.body) ? ctx.request.body : [ctx.request.body]) {
      checkDocument((request as { query?: unknown } | null)?.query);
    }
    noteGraphqlInput(ctx, { bytes: bytes.length, raw: bytes });
  };

  /**
   * Documents that would crash a recursive validator are refused first, for any GraphQL request: braces
   * nested past any real query, and fragments that spread themselves (invalid by the spec in any case).
   */
  let parseDocument: ((source: string) => DocumentNode) | undefined;
  const checkDocument = (query: unknown) => {
    if (typeof query !== 'string') return;
    if (graphqlNestingExceeds(query)) throw new errors.ValidationError(`The GraphQL document nests deeper than ${GRAPHQL_MAX_NESTING} levels`);
    if (!query.includes('fragment')) return;
    // graphql comes with the host's GraphQL plugin, not with this one: resolved from the app.
    parseDocument ??= (createRequire(path.join(strapi.dirs.app.root, 'package.json'))('graphql') as typeof import('graphql')).parse;
    let document: DocumentNode;
    try {
      document = parseDocument(query);
    } catch {
      return; // a syntax error is GraphQL's to report
    }
    const cycle = fragmentCycle(document);
    if (cycle) throw new errors.ValidationError(`Fragment "${cycle}" spreads itself: fragments must not form cycles`);
  };

  /** Refusals at the GraphQL endpoint read as GraphQL errors, with Strapi's error inside as its resolvers' are. */
  const graphqlRefusal = (ctx: Context, error: Error & { details?: unknown }, status: number) => {
    const name = error.name === 'Error' || !error.name ? createHttpError(status).name : error.name;
    ctx.status = status;
    ctx.body = {
      errors: [
        {
          message: error.message,
          extensions: {
            code: status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST',
            error: { status, name, message: error.message, details: error.details ?? {} },
          },
        },
      ],
    };
  };

  return async (ctx: Context, next: Next) => {
    if (under(ctx.path, restPrefix) || under(ctx.path, adminPrefix)) await guardRest(ctx);
    else if (graphqlEndpoint && ctx.path === graphqlEndpoint) {
      try {
        await guardGraphql(ctx);
      } catch (error) {
        const status = statusOf(error);
        if (status === undefined || status >= 500) throw error;
        graphqlRefusal(ctx, error as Error, status);
        return;
      }
    }
    await next();
  };
};

export default inputGuard;
