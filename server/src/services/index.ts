import catalogRead from './catalog-read';
import channelsAdmin from './channels-admin';
import client from './client';
import listingsAdmin from './listings-admin';
import live from './live';
import pricing from './pricing';
import redirects from './redirects';
import session from './session';
import shopper from './shopper';
import storefront from './storefront';
import settings from './settings';
import sync from './sync';
import throttle from './throttle';
import webhookInbox from './webhook-inbox';
import webhookWorker from './webhook-worker';
import webhooks from './webhooks';

export default {
  'catalog-read': catalogRead,
  'channels-admin': channelsAdmin,
  'listings-admin': listingsAdmin,
  redirects,
  client,
  settings,
  sync,
  live,
  pricing,
  session,
  shopper,
  storefront,
  throttle,
  webhooks,
  'webhook-inbox': webhookInbox,
  'webhook-worker': webhookWorker,
};
