import type { Core } from '@strapi/strapi';

import { getService } from './utils/get-service';
import { searchIndexesSettled } from './utils/search-index';

const destroy = async ({ strapi }: { strapi: Core.Strapi }): Promise<void> => {
  // A run cut short here is left `interrupted` with its checkpoint; the next run resumes it.
  await getService(strapi, 'sync').shutdown();
  await getService(strapi, 'webhooks').shutdown();
  await searchIndexesSettled(strapi);
};

export default destroy;
