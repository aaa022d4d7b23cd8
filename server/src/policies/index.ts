import verifyWebhook from './verify-webhook';

export default {
  'verify-webhook': verifyWebhook,
};
