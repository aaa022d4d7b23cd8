import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from 'koa';

import type { PluginConfig } from './config/schema';
import { operationCost, type FieldCost } from './utils/graphql-cost';
import { jsonDepthExceeds } from './utils/json-depth';
import { PLUGIN_ID } from './utils/plugin-id';

/** What the input guard saw of a GraphQL request: its size as read, and its raw JSON for the depth check. */
export interface GraphqlInput {
  bytes: number;
  raw: Buffer | string;
}

const INPUT = Symbol('bigcommerce.graphqlInput');

type State = Record<symbol, unknown>;

export const noteGraphqlInput = (ctx: Context, input: GraphqlInput): void => {
  (ctx.state as State)[INPUT] = input;
};

type Args = Record<string, unknown>;
type Resolver = (parent: unknown, args: Args, context: unknown, info: GraphQLResolveInfo) => unknown;
export type GraphqlMiddleware = (next: Resolver, parent: unknown, args: Args, context: { koaContext: Context }, info: GraphQLResolveInfo) => unknown;

/** A byte count as the limits' messages write it. */
export const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;

/**
 * The input limits of a GraphQL request that selects any of the plugin's fields, checked once per
 * request when the first of them resolves (every alias then shares the verdict): its size as read, how
 * deep its JSON nests, how many of our fields it selects and how many rows they may read. Checked on the
 * parsed operation, so persisted queries and fragments count as much as inline text.
 */
export const createGraphqlInputLimits = (strapi: Core.Strapi, costs: Readonly<Record<string, FieldCost>>): GraphqlMiddleware => {
  const verdicts = new WeakMap<Context, Error | null>();

  const check = (ctx: Context, info: GraphQLResolveInfo): Error | null => {
    const { maxInputBytes, maxInputDepth, graphqlMaxOperations, graphqlMaxCost } = strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig;
    const input = (ctx.state as State)[INPUT] as GraphqlInput | undefined;
    if (input && input.bytes > maxInputBytes) {
      return new errors.PayloadTooLargeError(`A request that uses the BigCommerce fields may be at most ${kb(maxInputBytes)}; this one is ${kb(input.bytes)}`, {
        limit: maxInputBytes,
      });
    }
    if (input && jsonDepthExceeds(input.raw, maxInputDepth)) {
      return new errors.ValidationError(`The request nests deeper than ${maxInputDepth} levels`, { maxDepth: maxInputDepth });
    }
    const { fields, cost } = operationCost(info.operation.selectionSet, info.fragments, info.variableValues, costs);
    if (fields > graphqlMaxOperations) {
      const count = Number.isFinite(fields) ? String(fields) : 'too many';
      return new errors.ValidationError(
        `A request may select at most ${graphqlMaxOperations} BigCommerce fields (each alias counts); this one selects ${count}`,
        {
          maxOperations: graphqlMaxOperations,
        }
      );
    }
    if (cost > graphqlMaxCost) {
      return new errors.ValidationError(`A request may ask for at most ${graphqlMaxCost} catalog rows (page sizes summed); this one asks for ${cost}`, {
        maxCost: graphqlMaxCost,
      });
    }
    return null;
  };

  return (next, parent, args, context, info) => {
    const ctx = context.koaContext;
    let verdict = verdicts.get(ctx);
    if (verdict === undefined) {
      verdict = check(ctx, info);
      verdicts.set(ctx, verdict);
    }
    if (verdict) throw verdict;
    return next(parent, args, context, info);
  };
};
