import type { Core } from '@strapi/strapi';

import { parseOrThrow } from '../utils/errors';
import { getService } from '../utils/get-service';
import type { RequestContext } from '../utils/request-context';
import { customerIdSchema, type sessionsRevokedSchema } from '../validation/customers';
import type { z } from 'zod';

/** Admin actions on a BigCommerce customer's presence in Strapi (admin routes). */
const customers = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Ends every shopper session of the customer, on every node (a stolen session, a suspected account). */
  async revokeSessions(ctx: RequestContext) {
    const { customerId } = parseOrThrow(customerIdSchema, ctx.params, 'Invalid customer');
    await getService(strapi, 'storefront').revokeCustomerSessions(customerId);
    const data: z.infer<typeof sessionsRevokedSchema> = { customerId, sessionsRevoked: true };
    ctx.body = { data };
  },
});

export default customers;
