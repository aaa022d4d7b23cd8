import type { Core } from '@strapi/strapi';

import { restController } from '../operations/rest';
import { STOREFRONT_OPERATIONS } from '../operations/storefront';

/** Shopper routes (content API, `/api/bigcommerce/...`): one action per operation of the table. */
const storefront = ({ strapi }: { strapi: Core.Strapi }) => restController(strapi, STOREFRONT_OPERATIONS);

export default storefront;
