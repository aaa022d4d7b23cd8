import { createHash, timingSafeEqual } from 'node:crypto';

import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';

import { getService } from '../utils/get-service';

/** The custom header the plugin registers on every hook; BigCommerce sends it back with each event. */
export const WEBHOOK_SECRET_HEADER = 'x-bigcommerce-webhook-secret';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Compares in constant time; hashing first makes the lengths equal so nothing leaks through them. */
export const secretsMatch = (given: string, expected: string): boolean => timingSafeEqual(digest(given), digest(expected));

export interface PolicyContext {
  request: { headers: Record<string, string | string[] | undefined> };
}

/**
 * BigCommerce does not sign webhook payloads: the secret header we registered is the only proof
 * that a POST comes from BigCommerce (webhooks overview, "Security").
 */
const verifyWebhook = async (policyContext: PolicyContext, _config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  const given = policyContext.request.headers[WEBHOOK_SECRET_HEADER];
  const expected = await getService(strapi, 'settings').webhookSecret();
  if (!expected || typeof given !== 'string' || !secretsMatch(given, expected)) {
    throw new errors.UnauthorizedError('Missing or wrong webhook secret');
  }
  return true;
};

export default verifyWebhook;
