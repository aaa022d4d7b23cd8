import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';

import { createDocumentId } from '../utils/document-id';
import { PLUGIN_ID } from '../utils/plugin-id';

const LOCK_UID = `plugin::${PLUGIN_ID}.sync-lock`;

export interface Lease {
  readonly holder: string;
  /** Takes the lease if it is free or expired; false when another holder has it. */
  acquire(): Promise<boolean>;
  /** Extends the lease; false when it was lost (expired and taken by someone else). */
  renew(): Promise<boolean>;
  release(): Promise<void>;
}

/**
 * A named lease in the database: one holder at a time across every Strapi node sharing it. A holder
 * that dies stops renewing, and the lease frees itself when it expires.
 */
export const createLease = (strapi: Core.Strapi, name: string, holder: string, leaseMs: number): Lease => {
  const meta = () => strapi.db.metadata.get(LOCK_UID) as unknown as { tableName: string };
  const knex = () => strapi.db.connection as unknown as Knex;
  const table = () => knex()(meta().tableName);

  const take = async (): Promise<boolean> => {
    const now = Date.now();
    const updated = await table()
      .where({ name })
      .andWhere((query) => query.whereNull('expires_at').orWhere('expires_at', '<', now).orWhere('holder', holder))
      .update({ holder, expires_at: now + leaseMs, updated_at: new Date(now) });
    return Number(updated) > 0;
  };

  return {
    holder,
    async acquire() {
      if (await take()) return true;
      try {
        const now = new Date();
        await table().insert({
          name,
          holder,
          expires_at: now.getTime() + leaseMs,
          document_id: createDocumentId(),
          created_at: now,
          updated_at: now,
          published_at: now,
          locale: null,
        });
        return true;
      } catch {
        // The unique name says another node holds (or just took) the lease.
        return false;
      }
    },
    async renew() {
      const now = Date.now();
      const updated = await table()
        .where({ name, holder })
        .update({ expires_at: now + leaseMs, updated_at: new Date(now) });
      return Number(updated) > 0;
    },
    async release() {
      await table().where({ name, holder }).update({ holder: null, expires_at: null, updated_at: new Date() });
    },
  };
};

/**
 * Frees the lease when its holder matches `isDead` (e.g. a previous life of this node): a conditional
 * update on the exact holder read, so a lease taken meanwhile by someone else is left alone.
 */
export const freeLease = async (strapi: Core.Strapi, name: string, isDead: (holder: string) => boolean): Promise<boolean> => {
  const meta = strapi.db.metadata.get(LOCK_UID) as unknown as { tableName: string };
  const knex = strapi.db.connection as unknown as Knex;
  const row = (await knex(meta.tableName).where({ name }).first('holder')) as { holder: string | null } | undefined;
  if (!row?.holder || !isDead(row.holder)) return false;
  const updated = await knex(meta.tableName).where({ name, holder: row.holder }).update({ holder: null, expires_at: null, updated_at: new Date() });
  return Number(updated) > 0;
};
