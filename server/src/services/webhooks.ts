import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';

import type { Webhook } from '../bigcommerce';
import { WEBHOOK_SECRET_HEADER } from '../policies/verify-webhook';
import { getService } from '../utils/get-service';
import { PLUGIN_ID } from '../utils/plugin-id';
import type { HookAction, HookReport, RegistrationReport, WebhookStatus } from '../../../shared/webhooks';

/**
 * Events the plugin listens to. `store/product/*` includes product inventory events; SKU events carry
 * their product's id. BigCommerce has no brand events (only brand metafields): brands, like anything
 * a missed event leaves behind, are healed by the scheduled incremental sync. Price-list events (a
 * list, its records or assignments; `store/priceLists/*` is a filtered bulk delete) drop the cached
 * shopper prices.
 */
export const WEBHOOK_SCOPES = ['store/product/*', 'store/sku/*', 'store/category/*', 'store/priceList/*', 'store/priceLists/*'] as const;

export const HEALTH_JOB = 'bigcommerce-webhook-health';
/** Hourly incremental sync while webhooks are on: it heals any event BigCommerce never delivered. */
export const HEAL_JOB = 'bigcommerce-webhook-heal';

export type { HookAction, HookReport, RegistrationReport };

interface WebhookState {
  lastCheck?: RegistrationReport;
}

/** Our hooks are the ones carrying our secret header, whatever their destination. */
const isOurs = (hook: Webhook): boolean => Boolean(hook.headers && Object.keys(hook.headers).some((name) => name.toLowerCase() === WEBHOOK_SECRET_HEADER));

const webhooks = ({ strapi }: { strapi: Core.Strapi }) => {
  const stateStore = () => strapi.store({ type: 'plugin', name: PLUGIN_ID, key: 'webhook-state' });

  return {
    /**
     * Makes BigCommerce's hooks match what the plugin needs: one active hook per scope, at the
     * configured destination, with our secret. Idempotent: a second call changes nothing; a new
     * destination updates the hooks in place; a deactivated hook is switched back on.
     */
    async register(): Promise<RegistrationReport> {
      const { webhookUrl } = await getService(strapi, 'settings').getConnection();
      if (!webhookUrl) {
        throw new errors.ApplicationError('Set the webhook URL (the public address of this Strapi, ending in /api/bigcommerce/webhooks) first');
      }
      const secret = (await getService(strapi, 'settings').webhookSecret({ create: true }))!;
      const client = await getService(strapi, 'client').get();
      const existing = (await client.webhooks.list()).filter(isOurs);
      const headers = { [WEBHOOK_SECRET_HEADER]: secret };
      const hooks: HookReport[] = [];
      for (const scope of WEBHOOK_SCOPES) {
        const [hook, ...duplicates] = existing.filter((candidate) => candidate.scope === scope);
        for (const duplicate of duplicates) {
          await client.webhooks.remove(duplicate.id);
          hooks.push({ scope, id: duplicate.id, isActive: false, destination: duplicate.destination, action: 'deleted' });
        }
        if (!hook) {
          const created = await client.webhooks.create({ scope, destination: webhookUrl, is_active: true, headers });
          hooks.push({ scope, id: created.id, isActive: created.is_active, destination: created.destination, action: 'created' });
          continue;
        }
        const sameSecret = hook.headers?.[WEBHOOK_SECRET_HEADER] === secret;
        if (hook.destination === webhookUrl && hook.is_active && sameSecret) {
          hooks.push({ scope, id: hook.id, isActive: true, destination: hook.destination, action: 'unchanged' });
          continue;
        }
        const updated = await client.webhooks.update(hook.id, { destination: webhookUrl, is_active: true, headers });
        const action: HookAction = !hook.is_active && hook.destination === webhookUrl && sameSecret ? 'reactivated' : 'updated';
        hooks.push({ scope, id: updated.id, isActive: updated.is_active, destination: updated.destination, action });
      }
      const report = { destination: webhookUrl, hooks, checkedAt: new Date().toISOString() };
      await stateStore().set({ value: { lastCheck: report } satisfies WebhookState });
      const changed = hooks.filter((hook) => hook.action !== 'unchanged');
      if (changed.length) strapi.log.info(`[${PLUGIN_ID}] webhooks: ${changed.map((hook) => `${hook.scope} ${hook.action}`).join(', ')}`);
      return report;
    },

    /** The health check is the registration run again: it re-creates, re-activates and records. */
    healthCheck(): Promise<RegistrationReport> {
      return this.register();
    },

    async status(): Promise<WebhookStatus> {
      const [counts, state] = await Promise.all([getService(strapi, 'webhook-inbox').counts(), stateStore().get({}) as Promise<WebhookState | null>]);
      const { webhookUrl } = await getService(strapi, 'settings').getConnection();
      let hooks: Webhook[] = [];
      let error: string | null = null;
      try {
        hooks = (await (await getService(strapi, 'client').get()).webhooks.list()).filter(isOurs);
      } catch (err) {
        error = err instanceof Error ? err.message : String(err);
      }
      return {
        destination: webhookUrl || null,
        hooks: hooks.map((hook) => ({ id: hook.id, scope: hook.scope, destination: hook.destination, isActive: hook.is_active, updatedAt: hook.updated_at })),
        inbox: counts,
        lastCheck: state?.lastCheck ?? null,
        error,
      };
    },

    /** Starts the inbox worker and, when a webhook URL is set, registers the hooks and the health job. */
    async bootstrap(): Promise<void> {
      await getService(strapi, 'webhook-worker').start();
      const { webhookUrl, storeHash, accessToken } = await getService(strapi, 'settings').getConnection();
      strapi.cron.remove(HEALTH_JOB);
      strapi.cron.remove(HEAL_JOB);
      if (!webhookUrl || !storeHash || !accessToken) return;
      strapi.cron.add({
        [HEALTH_JOB]: {
          task: async () => {
            await this.healthCheck().catch((error: unknown) =>
              strapi.log.warn(`[${PLUGIN_ID}] webhook health check failed: ${error instanceof Error ? error.message : String(error)}`)
            );
          },
          options: { rule: '*/15 * * * *' },
        },
        [HEAL_JOB]: {
          task: async () => {
            await getService(strapi, 'sync')
              .start({ kind: 'incremental', trigger: 'schedule' })
              .catch((error: unknown) => strapi.log.info(`[${PLUGIN_ID}] healing sync skipped: ${error instanceof Error ? error.message : String(error)}`));
          },
          options: { rule: '17 * * * *' },
        },
      });
      const config = strapi.config.get(`plugin::${PLUGIN_ID}`) as { registerWebhooksOnBootstrap: boolean };
      if (config.registerWebhooksOnBootstrap) {
        // Off the boot path: BigCommerce being slow must not hold Strapi's start.
        void this.register().catch((error: unknown) =>
          strapi.log.warn(`[${PLUGIN_ID}] webhook registration failed: ${error instanceof Error ? error.message : String(error)}`)
        );
      }
    },

    async shutdown(): Promise<void> {
      strapi.cron.remove(HEALTH_JOB);
      strapi.cron.remove(HEAL_JOB);
      await getService(strapi, 'webhook-worker').stop();
    },
  };
};

export default webhooks;
export type WebhooksService = ReturnType<typeof webhooks>;
