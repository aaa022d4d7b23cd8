import brand from './brand';
import category from './category';
import channel from './channel';
import listing from './listing';
import product from './product';
import sessionRevocation from './session-revocation';
import syncLock from './sync-lock';
import syncRun from './sync-run';
import webhookEvent from './webhook-event';

export default {
  product,
  category,
  brand,
  channel,
  listing,
  'sync-run': syncRun,
  'sync-lock': syncLock,
  'webhook-event': webhookEvent,
  'session-revocation': sessionRevocation,
};
