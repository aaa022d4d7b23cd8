import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';

import { parseOrThrow, type PathOf } from '../utils/errors';
import { getService } from '../utils/get-service';
import { checkShopperInput } from '../utils/shopper-input';
import type { Operation, OperationCall } from './define';

/** An operation of any input and result, as the adapters hold them. */
export type AnyOperation = Operation;

/**
 * One call of an operation, the same for REST and GraphQL: no card data anywhere in what was sent (`sent`
 * is everything the client posted, unused GraphQL variables included), the input validated, sign-in
 * checked, then the handler.
 */
export const perform = async (strapi: Core.Strapi, op: AnyOperation, ctx: Context, input: unknown, sent: unknown, pathOf?: PathOf): Promise<unknown> => {
  checkShopperInput(sent);
  const parsed: unknown = op.input ? parseOrThrow(op.input, input, op.invalid, pathOf) : undefined;
  const tokens = getService(strapi, 'shopper');
  let shopper: ReturnType<OperationCall['shopper']> | undefined;
  const call: OperationCall = { ctx, storefront: getService(strapi, 'storefront'), tokens, shopper: () => (shopper ??= tokens.read(ctx)) };
  if (op.access === 'customer' && !(await call.shopper()).customer) throw new errors.UnauthorizedError('Sign in first');
  return op.run(parsed, call);
};
