import { useCallback } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';

import { PLUGIN_ID } from '../pluginId';
import type { Pagination } from '../utils/api';
import { useResource } from './useResource';

// Shapes of server/src/services/webhooks.ts and webhook-inbox.ts as the admin routes answer them.

export type EventStatus = 'pending' | 'processing' | 'done' | 'failed' | 'dead' | 'dropped';
export const EVENT_STATUSES: EventStatus[] = ['pending', 'processing', 'failed', 'dead', 'done', 'dropped'];

export interface HookReport {
  scope: string;
  id: number;
  isActive: boolean;
  destination: string;
  action: 'created' | 'updated' | 'reactivated' | 'unchanged' | 'deleted';
}

export interface RegistrationReport {
  destination: string;
  hooks: HookReport[];
  checkedAt: string;
}

export interface WebhookStatus {
  destination: string | null;
  /** `updatedAt` is BigCommerce's Unix time in seconds. */
  hooks: { id: number; scope: string; destination: string; isActive: boolean; updatedAt: number }[];
  inbox: Record<EventStatus, number> & { lastReceivedAt: string | null };
  lastCheck: RegistrationReport | null;
  /** Why BigCommerce's hook list could not be read; the inbox is still shown. */
  error: string | null;
}

export interface InboxEvent {
  id: number;
  scope: string;
  resourceType: 'product' | 'category' | 'other';
  resourceId: number;
  status: EventStatus;
  attempts: number;
  lastError: string | null;
  receivedAt: string;
  processedAt: string | null;
}

const BASE = `/${PLUGIN_ID}/webhooks`;

/** Hook state and inbox counts, refreshed every 10 s: events arrive on their own. */
export const useWebhookStatus = () => useResource<WebhookStatus>(BASE, { pollMs: 10_000 });

export const useWebhookEvents = (query: { status?: EventStatus; page: number; pageSize: number }) =>
  useResource<InboxEvent[], { pagination: Pagination }>(`${BASE}/events`, { params: query, pollMs: 10_000 });

export const useWebhookActions = () => {
  const { post } = useFetchClient();
  return {
    register: useCallback(async () => (await post<{ data: RegistrationReport }>(`${BASE}/register`, {})).data.data, [post]),
    replay: useCallback(async (id: number) => (await post<{ data: InboxEvent }>(`${BASE}/events/${id}/replay`, {})).data.data, [post]),
  };
};
