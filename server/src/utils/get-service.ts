import type { Core } from '@strapi/strapi';

import type { CatalogReadService } from '../services/catalog-read';
import type { ChannelsAdminService } from '../services/channels-admin';
import type { ClientService } from '../services/client';
import type { SettingsService } from '../services/settings';
import type { ListingsAdminService } from '../services/listings-admin';
import type { LiveService } from '../services/live';
import type { PricingService } from '../services/pricing';
import type { RedirectsService } from '../services/redirects';
import type { SessionService } from '../services/session';
import type { ShopperService } from '../services/shopper';
import type { StorefrontService } from '../services/storefront';
import type { SyncService } from '../services/sync';
import type { ThrottleService } from '../services/throttle';
import type { WebhookInboxService } from '../services/webhook-inbox';
import type { WebhookWorkerService } from '../services/webhook-worker';
import type { WebhooksService } from '../services/webhooks';
import { PLUGIN_ID } from './plugin-id';

export interface Services {
  'catalog-read': CatalogReadService;
  'channels-admin': ChannelsAdminService;
  'listings-admin': ListingsAdminService;
  redirects: RedirectsService;
  client: ClientService;
  settings: SettingsService;
  sync: SyncService;
  live: LiveService;
  pricing: PricingService;
  session: SessionService;
  shopper: ShopperService;
  storefront: StorefrontService;
  throttle: ThrottleService;
  webhooks: WebhooksService;
  'webhook-inbox': WebhookInboxService;
  'webhook-worker': WebhookWorkerService;
}

export const getService = <K extends keyof Services>(strapi: Core.Strapi, name: K): Services[K] => strapi.plugin(PLUGIN_ID).service(name) as Services[K];
