import type { Core } from '@strapi/strapi';

import { ACTION_DEFINITIONS } from './permissions';
import { grantPublicCatalog } from './public-access';
import { configureContentManager } from './utils/content-manager';
import { ensureCatalogGeneration } from './utils/catalog-generation';
import { getService } from './utils/get-service';
import { PLUGIN_ID } from './utils/plugin-id';
import { startSearchIndexes } from './utils/search-index';

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }): Promise<void> => {
  await strapi.admin.services.permission.actionProvider.registerMany(ACTION_DEFINITIONS);
  await configureContentManager(strapi);
  // Before any sync writes: the read API caches totals per catalog generation (catalog-read).
  await ensureCatalogGeneration(strapi).catch((error: Error) => {
    strapi.log.warn(`[${PLUGIN_ID}] catalog generation not set up, totals are not cached: ${error.message}`);
  });
  await getService(strapi, 'sync').applySchedule();
  getService(strapi, 'sync').startRecovery();
  await grantPublicCatalog(strapi);
  await getService(strapi, 'webhooks').bootstrap();
  startSearchIndexes(strapi);
};

export default bootstrap;
