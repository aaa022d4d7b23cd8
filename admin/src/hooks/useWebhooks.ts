import { useCallback } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';

import { PLUGIN_ID } from '../pluginId';
import type { Pagination } from '../utils/api';
import type { EventStatus, InboxEventView as InboxEvent, RegistrationReport, WebhookStatus } from '../../../shared/webhooks';
import { useResource } from './useResource';

export type { EventStatus, HookReport, InboxEventView as InboxEvent, RegistrationReport, WebhookStatus } from '../../../shared/webhooks';

/** The order the events filter lists the statuses in. */
export const EVENT_STATUSES: EventStatus[] = ['pending', 'processing', 'failed', 'dead', 'done', 'dropped'];

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
