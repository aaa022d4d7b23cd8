import type { Core } from '@strapi/strapi';

import { parseOrThrow } from '../utils/errors';
import { getService } from '../utils/get-service';
import type { RequestContext } from '../utils/request-context';
import { customerIdSchema } from '../validation/customers';

/** Admin actions on a BigCommerce customer's presence in Strapi (admin routes). */
const customers = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Ends every shopper session of the customer, on every node (a stolen session, a suspected account). */
  async revokeSessions(ctx: RequestContext) {
    const { customerId } = parseOrThrow(customerIdSchema, ctx.params, 'Invalid customer');
    await getService(strapi, 'storefront').revokeCustomerSessions(customerId);
    ctx.body = { data: { customerId, sessionsRevoked: true } };
  },
});

export default customers;
