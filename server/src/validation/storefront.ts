import { z } from 'zod';

import { idNumber, idParam } from './ids';
import { snakeKeys } from './snake-keys';

const id = idNumber;
const quantity = z.number('must be a number').int('must be a whole number').min(1, 'must be at least 1').max(1000, 'must be at most 1000');

const lineItem = z.strictObject({
  productId: id,
  variantId: id.optional(),
  quantity,
  optionSelections: z
    .array(z.strictObject({ optionId: id, optionValue: z.union([z.number().int().positive(), z.string().trim().min(1).max(255)]) }))
    .max(50)
    .optional(),
});

const customItem = z.strictObject({
  sku: z.string().trim().min(1).max(255),
  name: z.string().trim().min(1).max(255),
  quantity,
  listPrice: z.number().nonnegative().max(1_000_000),
});

export const createCartSchema = z
  .strictObject({
    lineItems: z.array(lineItem).max(100, 'must hold at most 100 items').optional(),
    customItems: z.array(customItem).max(20).optional(),
  })
  .refine((body) => (body.lineItems?.length ?? 0) + (body.customItems?.length ?? 0) > 0, 'a cart needs at least one item')
  .transform(snakeKeys);

const itemId = z
  .string()
  .trim()
  .regex(/^[0-9a-f-]{8,64}$/i, 'must be a cart item id');

export const updateItemSchema = z.strictObject({ itemId, quantity });
export const itemIdSchema = z.strictObject({ itemId });

const email = z.string().trim().toLowerCase().email('must be an email address').max(254);
const password = z.string().min(8, 'must have at least 8 characters').max(128, 'is too long');

export const registerSchema = z
  .strictObject({
    email,
    password: password.regex(/[a-z]/i, 'must contain a letter').regex(/\d/, 'must contain a digit'),
    firstName: z.string().trim().min(1).max(100),
    lastName: z.string().trim().min(1).max(100),
    phone: z.string().trim().max(50).optional(),
    company: z.string().trim().max(100).optional(),
  })
  .transform(snakeKeys);

export const loginSchema = z.strictObject({ email, password: z.string().min(1, 'must not be empty').max(128) });

export const LOGIN_REDIRECTS = ['account', 'cart', 'checkout', 'embedded_checkout'] as const;
export const loginUrlSchema = z.strictObject({ redirect: z.enum(LOGIN_REDIRECTS).default('checkout') });

const address = z.strictObject({
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().min(1).max(100),
  email: email.optional(),
  company: z.string().trim().max(100).optional(),
  address1: z.string().trim().min(1).max(255),
  address2: z.string().trim().max(255).optional(),
  city: z.string().trim().min(1).max(100),
  stateOrProvince: z.string().trim().max(100).optional(),
  stateOrProvinceCode: z.string().trim().max(10).optional(),
  countryCode: z
    .string()
    .trim()
    .regex(/^[A-Z]{2}$/, 'must be a two-letter ISO country code such as US'),
  postalCode: z.string().trim().max(20).optional(),
  phone: z.string().trim().max(50).optional(),
});

export const billingAddressSchema = z.strictObject({ address: address.extend({ email }) }).transform(snakeKeys);
export const consignmentSchema = z.strictObject({ address }).transform(snakeKeys);
const consignmentId = z
  .string()
  .trim()
  .regex(/^[0-9a-z-]{1,64}$/i, 'must be a consignment id');
export const shippingOptionSchema = z.strictObject({ consignmentId, shippingOptionId: z.string().trim().min(1).max(100) });
export const consignmentAddressSchema = z.strictObject({ consignmentId, address }).transform(snakeKeys);
export const consignmentIdSchema = z.strictObject({ consignmentId });
export const couponSchema = z.strictObject({ code: z.string().trim().min(1).max(100) });
export const orderIdSchema = z.strictObject({ id: idParam('an order id') });

/** A whole number given as a number (GraphQL) or in decimal digits (a query string). */
const wholeNumber = (min: number, max: number) => {
  const inRange = z.number('must be a whole number').int('must be a whole number').min(min, `must be at least ${min}`).max(max, `must be at most ${max}`);
  return z.union(
    [
      inRange,
      z
        .string()
        .regex(/^(0|[1-9][0-9]{0,8})$/, 'must be a whole number in decimal digits')
        .transform(Number)
        .pipe(inRange),
    ],
    {
      error: (issue) => (issue.code === 'invalid_union' ? `must be a whole number from ${min} to ${max}` : undefined),
    }
  );
};
const page = wholeNumber(1, 100_000);
const pageSize = wholeNumber(1, 50);

/** The order history's page: flat `page` / `pageSize`, or Strapi's `pagination[page]` / `pagination[pageSize]`; `status` a BigCommerce status id. */
export const ordersSchema = z
  .strictObject({
    page: page.optional(),
    pageSize: pageSize.optional(),
    pagination: z.strictObject({ page: page.optional(), pageSize: pageSize.optional() }).optional(),
    status: wholeNumber(0, 14).optional(),
  })
  .transform(({ pagination, ...flat }) => ({
    page: pagination?.page ?? flat.page ?? 1,
    pageSize: pagination?.pageSize ?? flat.pageSize ?? 10,
    status: flat.status,
  }));
export const paymentSchema = z.strictObject({ orderId: id, orderToken: z.string().trim().min(1).max(2000).optional() });
export const recoverCartSchema = z.strictObject({ token: z.string().trim().min(8).max(200) });
export const wishlistSchema = z.strictObject({ name: z.string().trim().min(1).max(100), isPublic: z.boolean().optional() }).transform(snakeKeys);
const wishlistId = idParam('a wishlist id');
export const wishlistIdSchema = z.strictObject({ id: wishlistId });
export const wishlistItemsSchema = z.strictObject({
  id: wishlistId,
  items: z
    .array(z.strictObject({ productId: id, variantId: id.optional() }))
    .min(1)
    .max(50)
    .transform(snakeKeys),
});
export const wishlistItemIdSchema = z.strictObject({ id: wishlistId, itemId: idParam('a wishlist item id') });
