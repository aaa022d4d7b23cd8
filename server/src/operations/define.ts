import type { Context } from 'koa';
import type { z } from 'zod';

import type { Shopper, ShopperService } from '../services/shopper';
import type { StorefrontService } from '../services/storefront';
import type { RestRoute } from './routes';

/** A GraphQL type an operation takes or answers: a scalar, Strapi's `PaginationArg`, or a type the plugin declares (`Bigcommerce…`). */
export type GraphqlType = 'Int' | 'Float' | 'String' | 'Boolean' | 'JSON' | 'PaginationArg' | `Bigcommerce${string}`;
/** `!` makes it non-null. */
export type GraphqlRef = GraphqlType | `${GraphqlType}!`;

/** What an operation's handler gets, the same from a REST route and a GraphQL field. */
export interface OperationCall {
  /** The request's Koa context (GraphQL's koaContext): headers, cookies, client address. */
  ctx: Context;
  storefront: StorefrontService;
  tokens: ShopperService;
  /** The shopper's signed session and cart handle, read once per call. */
  shopper: () => Promise<Shopper>;
}

/** A REST answer: Strapi's `{ data, meta }`. */
export interface RestAnswer {
  data: unknown;
  meta?: Record<string, unknown>;
}

type Input<S> = S extends z.ZodType ? z.output<S> : undefined;
type Keys<S> = S extends z.ZodType ? keyof z.input<S> & string : never;

/**
 * One operation of the public API, declared once: REST's route and GraphQL's field, who may call it,
 * its input (one camelCase object: REST's path parameters and body, GraphQL's arguments) and its handler.
 * The users-permissions action is the operation's name in its table.
 */
export interface Operation<S extends z.ZodType | undefined = z.ZodType | undefined, R = unknown, A extends RestAnswer = RestAnswer> {
  /** From routes.ts, where the typed client reads it too. */
  rest: Omit<RestRoute, 'body'> & { body?: Keys<S> };
  graphql: {
    kind: 'Query' | 'Mutation';
    field: `bigcommerce${string}`;
    returns: GraphqlRef;
    description?: string;
    /** The GraphQL type of every input field: the compiler holds the names to the input schema's. */
    args?: { [K in Keys<S>]: GraphqlRef | { type: GraphqlRef; description: string } };
  };
  /** `customer`: only a signed-in shopper (401 "Sign in first" otherwise); what is theirs, the service checks. */
  access: 'anyone' | 'customer';
  input?: S;
  /** The validation error's prefix ("Invalid cart: …"). */
  invalid?: string;
  // Methods, not function properties: a table of operations of different inputs and results is then one type.
  run(input: Input<S>, call: OperationCall): Promise<R>;
  /** REST's `{ data, meta }` of the result (default: `{ data: result }`). */
  toRest?(result: R): A;
  /** GraphQL's value of the result (default: the result). */
  toGraphql?(result: R): unknown;
}

/**
 * Declares an operation with its types inferred: the table's entries keep their own input, result and REST
 * answer types (the typed client's answers are these).
 */
export const operation = <S extends z.ZodType | undefined, R, A extends RestAnswer = { data: R }>(declared: Operation<S, R, A>): Operation<S, R, A> => declared;
