import { z } from 'zod';

/** `:customerId` of the admin customer routes: a BigCommerce customer id. */
export const customerIdSchema = z.object({ customerId: z.coerce.number().int().positive('must be a customer id') });

/** The answer of POST /customers/:customerId/sessions/revoke. */
export const sessionsRevokedSchema = z.object({ customerId: z.int(), sessionsRevoked: z.literal(true) });
