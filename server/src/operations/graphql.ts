import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import type * as Nexus from 'nexus';

import type { GraphqlRef } from './define';
import { perform, type AnyOperation } from './perform';

interface GraphqlContext {
  koaContext: Context & { request: Context['request'] & { body?: { variables?: unknown } } };
}

type Definition = Nexus.blocks.ObjectDefinitionBlock<string>;

const unwrap = (ref: GraphqlRef) => ({ type: ref.replace(/!$/, ''), nonNull: ref.endsWith('!') });

const argOf = (nexus: typeof Nexus, declared: GraphqlRef | { type: GraphqlRef; description: string }) => {
  const { type: ref, description } = typeof declared === 'string' ? { type: declared, description: undefined } : declared;
  const { type, nonNull } = unwrap(ref);
  const arg = nexus.arg({ type, description });
  return nonNull ? nexus.nonNull(arg) : arg;
};

/** GraphQL leaves out what was not given; null means the same. */
const given = (args: Record<string, unknown>) => Object.fromEntries(Object.entries(args).filter(([, value]) => value !== null && value !== undefined));

/** Declares the fields of a table's operations of one kind (`Query` or `Mutation`) on `t`. */
export const defineFields = (
  strapi: Core.Strapi,
  nexus: typeof Nexus,
  t: Definition,
  table: Record<string, AnyOperation>,
  kind: 'Query' | 'Mutation'
): void => {
  for (const op of Object.values(table)) {
    if (op.graphql.kind !== kind) continue;
    const { type, nonNull } = unwrap(op.graphql.returns);
    const args = Object.fromEntries(
      Object.entries((op.graphql.args ?? {}) as Record<string, Parameters<typeof argOf>[1]>).map(([name, arg]) => [name, argOf(nexus, arg)])
    );
    const config = {
      type,
      args,
      description: op.graphql.description,
      async resolve(_parent: unknown, received: Record<string, unknown>, context: GraphqlContext) {
        const ctx = context.koaContext;
        // Card data is refused in the arguments and anywhere in the request's variables, used or not.
        const result = await perform(strapi, op, ctx, given(received), { ...received, variables: ctx.request.body?.variables });
        return op.toGraphql ? op.toGraphql(result) : result;
      },
    };
    if (nonNull) t.nonNull.field(op.graphql.field, config);
    else t.field(op.graphql.field, config);
  }
};

/** `Query.<field>` / `Mutation.<field>` of each operation, with the key it has in its table. */
export const fieldPaths = <T extends Record<string, AnyOperation>>(table: T): Array<[path: string, name: keyof T & string]> =>
  Object.entries(table).map(([name, op]) => [`${op.graphql.kind}.${op.graphql.field}`, name]);
