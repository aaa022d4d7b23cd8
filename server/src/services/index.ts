import catalogRead from './catalog-read';
import client from './client';
import live from './live';
import settings from './settings';
import sync from './sync';
import webhookInbox from './webhook-inbox';
import webhookWorker from './webhook-worker';
import webhooks from './webhooks';

export default {
  'catalog-read': catalogRead,
  client,
  settings,
  sync,
  live,
  webhooks,
  'webhook-inbox': webhookInbox,
  'webhook-worker': webhookWorker,
};
