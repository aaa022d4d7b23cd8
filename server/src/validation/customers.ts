import { z } from 'zod';

/** `:customerId` of the admin customer routes: a BigCommerce customer id. */
export const customerIdSchema = z.object({ customerId: z.coerce.number().int().positive('must be a customer id') });
