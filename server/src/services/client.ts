import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';

import { createBigCommerceClient, type BigCommerceClient, type Logger } from '../bigcommerce';
import { isBigCommerceApiError } from '../bigcommerce/errors';
import type { PluginConfig } from '../config/schema';
import { PLUGIN_ID } from '../utils/plugin-id';
import { getService } from '../utils/get-service';
import type { ConnectionReport } from '../../../shared/settings';
import type { ConnectionSettings } from './settings';

export type { ConnectionReport };

const fingerprint = (settings: ConnectionSettings): string =>
  JSON.stringify([settings.storeHash, settings.accessToken, settings.apiUrl, settings.paymentsUrl, settings.timeoutMs, settings.retries]);

/** Builds the framework-free client from the settings in effect and keeps one per set of credentials. */
const client = ({ strapi }: { strapi: Core.Strapi }) => {
  let cached: { key: string; client: BigCommerceClient } | undefined;

  const logger: Logger = {
    debug: (message) => strapi.log.debug(message),
    info: (message) => strapi.log.info(message),
    warn: (message) => strapi.log.warn(message),
    error: (message) => strapi.log.error(message),
  };

  const build = (settings: ConnectionSettings, overrides: { retries?: number; timeoutMs?: number; maxRetryWaitMs?: number } = {}) => {
    // Config is fixed while Strapi runs, so it is not part of the client's fingerprint.
    const config = strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig;
    return createBigCommerceClient({
      storeHash: settings.storeHash,
      accessToken: settings.accessToken,
      apiUrl: settings.apiUrl,
      paymentsUrl: settings.paymentsUrl,
      timeoutMs: overrides.timeoutMs ?? settings.timeoutMs,
      retries: overrides.retries ?? settings.retries,
      maxRetryWaitMs: overrides.maxRetryWaitMs,
      rateLimitMaxWaitMs: config.rateLimitMaxWaitMs,
      // Live reads are a budgeted, lower-priority class of this same client: they never wait and never retry.
      pacing: { live: { share: config.liveBudgetShare, reserveShare: config.liveReserveShare } },
      live: { timeoutMs: config.liveTimeoutMs, retries: 0 },
      logger,
    });
  };

  const assertConfigured = (settings: ConnectionSettings): void => {
    const missing = [!settings.storeHash && 'store hash', !settings.accessToken && 'access token'].filter(Boolean);
    if (missing.length) {
      throw new errors.ApplicationError(`BigCommerce is not connected: the ${missing.join(' and ')} must be set in the plugin settings`);
    }
  };

  return {
    /**
     * The shared client for the saved settings; rebuilt when they change. Every BigCommerce call of a
     * request path goes through it, so that one pacer sees the store's whole quota.
     */
    async get(): Promise<BigCommerceClient> {
      const settings = await getService(strapi, 'settings').getConnection();
      assertConfigured(settings);
      const key = fingerprint(settings);
      if (!cached || cached.key !== key)
        cached = { key, client: build(settings, { maxRetryWaitMs: (strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig).shopperMaxWaitMs }) };
      return cached.client;
    },

    /** A client of its own (its own pacing and request counts) for a long job such as a sync run. */
    async create(): Promise<BigCommerceClient> {
      const settings = await getService(strapi, 'settings').getConnection();
      assertConfigured(settings);
      return build(settings);
    },

    /**
     * Checks credentials (saved ones, or unsaved candidates from the form) without changing the store:
     * the store's profile and one probe per OAuth scope at the level the plugin needs (bigcommerce/scopes.ts).
     * Failures are part of the report, not thrown.
     */
    async testConnection(candidate: Partial<ConnectionSettings> = {}): Promise<ConnectionReport> {
      const saved = await getService(strapi, 'settings').getConnection();
      const settings: ConnectionSettings = { ...saved, ...stripEmpty(candidate) };
      assertConfigured(settings);
      // Fail fast: an admin is waiting on this answer.
      const probe = build(settings, { retries: 1, timeoutMs: Math.min(settings.timeoutMs, 10_000) });
      try {
        const info = await probe.store.information();
        const scopes = await probe.probeScopes();
        const missing = scopes.filter((scope) => scope.status === 'missing');
        const missingScopes = missing.map((scope) => scope.label);
        return {
          ok: missingScopes.length === 0,
          store: {
            name: info.name,
            domain: info.domain,
            secure_url: info.secure_url,
            plan_name: info.plan_name,
            plan_level: info.plan_level,
            currency: info.currency,
            status: info.status,
          },
          scopes,
          missingScopes,
          error: missing.length
            ? {
                status: 403,
                message: `The API account lacks ${missing.length === 1 ? 'a permission' : 'permissions'} the plugin needs. ${missing
                  .map((scope) => `${scope.label}: ${scope.usedFor}.`)
                  .join(' ')}`,
              }
            : null,
        };
      } catch (error) {
        if (!isBigCommerceApiError(error)) throw error;
        strapi.log.warn(`[${PLUGIN_ID}] test connection failed: ${error.message}`);
        return { ok: false, store: null, scopes: [], missingScopes: [], error: { status: error.status ?? null, message: explain(error) } };
      }
    },
  };
};

const stripEmpty = (candidate: Partial<ConnectionSettings>): Partial<ConnectionSettings> =>
  Object.fromEntries(Object.entries(candidate).filter(([, value]) => value !== undefined && value !== '')) as Partial<ConnectionSettings>;

const explain = (error: { status?: number; kind: string; message: string }): string => {
  if (error.status === 401) return 'The access token was rejected (401): check the store hash and the token';
  if (error.status === 403) return 'The access token may not read the store information (403): give the API account the Information & Settings scope';
  if (error.status === 404) return 'No store answers at this store hash (404)';
  if (error.kind === 'timeout') return 'BigCommerce did not answer in time';
  if (error.kind === 'network') return `BigCommerce could not be reached (${error.message})`;
  return error.message;
};

export default client;
export type ClientService = ReturnType<typeof client>;
