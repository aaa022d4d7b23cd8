import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';

import { getService } from '../utils/get-service';
import { LIFETIME, type CartHandle, type CustomerSession } from './session';

export const CUSTOMER_COOKIE = 'bigcommerce_customer';
export const CART_COOKIE = 'bigcommerce_cart';
// The header names are declared with the routes, which the typed client imports too.
import { CART_HEADER, CUSTOMER_HEADER } from '../operations/routes';
export { CART_HEADER, CUSTOMER_HEADER, ORDER_HEADER } from '../operations/routes';

export interface Shopper {
  customer: CustomerSession | null;
  cart: CartHandle | null;
}

const MAX_AGE = { customer: LIFETIME.customer * 1000, cart: LIFETIME.cart * 1000 };

/** Reads and writes a shopper's tokens: httpOnly SameSite cookies, or headers, whichever the front end uses. */
const shopper = ({ strapi }: { strapi: Core.Strapi }) => {
  const header = (ctx: Context, name: string): string | undefined => {
    const value = ctx.get(name);
    return value ? value : undefined;
  };
  const setCookie = (ctx: Context, name: string, value: string | null, maxAge: number) => {
    ctx.cookies.set(name, value, {
      httpOnly: true,
      sameSite: 'lax',
      secure: ctx.request.secure,
      maxAge: value ? maxAge : 0,
      overwrite: true,
    });
  };

  return {
    async read(ctx: Context): Promise<Shopper> {
      const session = getService(strapi, 'session');
      const [customer, cart] = await Promise.all([
        session.verifyCustomer(header(ctx, CUSTOMER_HEADER) ?? ctx.cookies.get(CUSTOMER_COOKIE)),
        session.verifyCart(header(ctx, CART_HEADER) ?? ctx.cookies.get(CART_COOKIE)),
      ]);
      return { customer, cart };
    },

    setCustomer(ctx: Context, token: string | null) {
      setCookie(ctx, CUSTOMER_COOKIE, token, MAX_AGE.customer);
    },

    setCart(ctx: Context, token: string | null) {
      setCookie(ctx, CART_COOKIE, token, MAX_AGE.cart);
    },
  };
};

export default shopper;
export type ShopperService = ReturnType<typeof shopper>;
