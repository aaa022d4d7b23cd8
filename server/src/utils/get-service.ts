import type { Core } from '@strapi/strapi';

import type { CatalogReadService } from '../services/catalog-read';
import type { ClientService } from '../services/client';
import type { SettingsService } from '../services/settings';
import type { SyncService } from '../services/sync';
import { PLUGIN_ID } from './plugin-id';

export interface Services {
  'catalog-read': CatalogReadService;
  client: ClientService;
  settings: SettingsService;
  sync: SyncService;
}

export const getService = <K extends keyof Services>(strapi: Core.Strapi, name: K): Services[K] =>
  strapi.plugin(PLUGIN_ID).service(name) as Services[K];
