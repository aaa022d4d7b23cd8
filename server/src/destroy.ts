import type { Core } from '@strapi/strapi';

import { getService } from './utils/get-service';

const destroy = async ({ strapi }: { strapi: Core.Strapi }): Promise<void> => {
  // A run cut short here is left `interrupted` with its checkpoint; the next run resumes it.
  await getService(strapi, 'sync').shutdown();
  await getService(strapi, 'webhooks').shutdown();
};

export default destroy;
