import { z } from 'zod';

import { idNumber, idParam } from './ids';

const id = idNumber;
const quantity = z.number('must be a number').int('must be a whole number').min(1, 'must be at least 1').max(1000, 'must be at most 1000');

const lineItem = z.strictObject({
  product_id: id,
  variant_id: id.optional(),
  quantity,
  option_selections: z
    .array(z.strictObject({ option_id: id, option_value: z.union([z.number().int().positive(), z.string().trim().min(1).max(255)]) }))
    .max(50)
    .optional(),
});

const customItem = z.strictObject({
  sku: z.string().trim().min(1).max(255),
  name: z.string().trim().min(1).max(255),
  quantity,
  list_price: z.number().nonnegative().max(1_000_000),
});

export const createCartSchema = z
  .strictObject({
    line_items: z.array(lineItem).max(100, 'must hold at most 100 items').optional(),
    custom_items: z.array(customItem).max(20).optional(),
  })
  .refine((body) => (body.line_items?.length ?? 0) + (body.custom_items?.length ?? 0) > 0, 'a cart needs at least one item');

export const addItemsSchema = createCartSchema;

export const updateItemSchema = z.strictObject({ quantity });

export const itemIdSchema = z.object({
  itemId: z
    .string()
    .trim()
    .regex(/^[0-9a-f-]{8,64}$/i, 'must be a cart item id'),
});

const email = z.string().trim().toLowerCase().email('must be an email address').max(254);
const password = z.string().min(8, 'must have at least 8 characters').max(128, 'is too long');

export const registerSchema = z.strictObject({
  email,
  password: password.regex(/[a-z]/i, 'must contain a letter').regex(/\d/, 'must contain a digit'),
  first_name: z.string().trim().min(1).max(100),
  last_name: z.string().trim().min(1).max(100),
  phone: z.string().trim().max(50).optional(),
  company: z.string().trim().max(100).optional(),
});

export const loginSchema = z.strictObject({ email, password: z.string().min(1, 'must not be empty').max(128) });

export const loginUrlSchema = z.strictObject({ redirect: z.enum(['account', 'cart', 'checkout', 'embedded_checkout']).default('checkout') });

const address = z.strictObject({
  first_name: z.string().trim().min(1).max(100),
  last_name: z.string().trim().min(1).max(100),
  email: email.optional(),
  company: z.string().trim().max(100).optional(),
  address1: z.string().trim().min(1).max(255),
  address2: z.string().trim().max(255).optional(),
  city: z.string().trim().min(1).max(100),
  state_or_province: z.string().trim().max(100).optional(),
  state_or_province_code: z.string().trim().max(10).optional(),
  country_code: z
    .string()
    .trim()
    .regex(/^[A-Z]{2}$/, 'must be a two-letter ISO country code such as US'),
  postal_code: z.string().trim().max(20).optional(),
  phone: z.string().trim().max(50).optional(),
});

export const billingAddressSchema = address.extend({ email });
export const consignmentSchema = z.strictObject({ address });
export const shippingOptionSchema = z.strictObject({ shipping_option_id: z.string().trim().min(1).max(100) });
export const consignmentIdSchema = z.object({
  consignmentId: z
    .string()
    .trim()
    .regex(/^[0-9a-z-]{1,64}$/i, 'must be a consignment id'),
});
export const couponSchema = z.strictObject({ code: z.string().trim().min(1).max(100) });
export const orderIdSchema = z.object({ id: idParam('an order id') });
export const paymentSchema = z.strictObject({ order_id: id });
export const recoverCartSchema = z.strictObject({ token: z.string().trim().min(8).max(200) });
export const wishlistSchema = z.strictObject({ name: z.string().trim().min(1).max(100), is_public: z.boolean().optional() });
export const wishlistItemsSchema = z.strictObject({
  items: z
    .array(z.strictObject({ product_id: id, variant_id: id.optional() }))
    .min(1)
    .max(50),
});
export const wishlistIdSchema = z.object({ id: idParam('a wishlist id') });
export const wishlistItemIdSchema = wishlistIdSchema.extend({ itemId: idParam('a wishlist item id') });
