import type { Context, Next } from 'koa';
import { z } from 'zod';

import {
  channelChangeSchema,
  channelDetailSchema,
  channelSummarySchema,
  channelViewSchema,
  productListingSchema,
  servedChannelsAnswerSchema,
  siteDefaultsSchema,
} from '../../../shared/channels';
import { controlPanelViewSchema } from '../../../shared/control-panel';
import { paginationSchema } from '../../../shared/pagination';
import { redirectSiteSchema, redirectViewSchema } from '../../../shared/redirects';
import { connectionReportSchema, publicSettingsSchema } from '../../../shared/settings';
import { syncRunViewSchema, syncScheduleSchema } from '../../../shared/sync';
import { inboxEventViewSchema, registrationReportSchema, webhookStatusSchema } from '../../../shared/webhooks';

import type { Handler } from '../controllers';
import { ACTIONS } from '../permissions';
import {
  createChannelSchema,
  channelIdSchema,
  productListingsParamsSchema,
  servedChannelsSchema,
  siteDefaultsQuerySchema,
  updateChannelSchema,
} from '../validation/channels';
import { testConnectionSchema } from '../validation/connection';
import { customerIdSchema, sessionsRevokedSchema } from '../validation/customers';
import { createRedirectSchema, listRedirectsSchema, redirectIdSchema, updateRedirectSchema } from '../validation/redirects';
import { settingsUpdateSchema } from '../validation/settings';
import { listRunsSchema, runIdSchema, scheduleSchema, startSyncSchema } from '../validation/sync';
import { eventIdSchema, eventsQuerySchema } from '../validation/webhooks';

type AdminActionName = (typeof ACTIONS)[keyof typeof ACTIONS];

/**
 * One admin route, declared once: its path, handler, the RBAC action that guards it, what its controller
 * validates (path params, query, body), what it answers (the shared/ schemas the admin's types are inferred
 * from) — the OpenAPI document reads both — its success status when not 200, and whether it may refuse with 409.
 */
export interface AdminRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  handler: Handler;
  action: AdminActionName;
  summary: string;
  input?: { params?: z.ZodType; query?: z.ZodType; body?: z.ZodType };
  answer: { data: z.ZodType; meta?: z.ZodType };
  status?: 201 | 202;
  conflicts?: true;
}

/** `meta` of the routes that answer one page of a list. */
const page = z.object({ pagination: paginationSchema });

// Fixed paths before /channels/:id and /redirects/:id, which would otherwise take them.
export const ADMIN_ROUTES: AdminRoute[] = [
  {
    method: 'GET',
    path: '/settings',
    handler: 'settings.find',
    answer: { data: publicSettingsSchema },
    action: ACTIONS.settingsRead,
    summary: 'Connection settings (secrets masked)',
  },
  {
    method: 'PUT',
    path: '/settings',
    handler: 'settings.update',
    answer: { data: publicSettingsSchema },
    action: ACTIONS.settingsUpdate,
    summary: 'Change connection settings',
    input: { body: settingsUpdateSchema },
  },
  {
    method: 'POST',
    path: '/settings/test-connection',
    handler: 'settings.testConnection',
    answer: { data: connectionReportSchema },
    action: ACTIONS.settingsRead,
    summary: 'Test credentials against BigCommerce',
    input: { body: testConnectionSchema },
  },
  {
    method: 'POST',
    path: '/sync',
    handler: 'sync.start',
    answer: { data: syncRunViewSchema },
    conflicts: true,
    action: ACTIONS.syncTrigger,
    summary: 'Start a sync',
    input: { body: startSyncSchema },
    status: 202,
  },
  {
    method: 'GET',
    path: '/sync/runs',
    handler: 'sync.listRuns',
    answer: { data: z.array(syncRunViewSchema), meta: page },
    action: ACTIONS.syncRead,
    summary: 'Sync runs, newest first',
    input: { query: listRunsSchema },
  },
  {
    method: 'GET',
    path: '/sync/runs/:id',
    handler: 'sync.findRun',
    answer: { data: syncRunViewSchema },
    action: ACTIONS.syncRead,
    summary: 'One sync run',
    input: { params: runIdSchema },
  },
  {
    method: 'POST',
    path: '/sync/runs/:id/cancel',
    handler: 'sync.cancel',
    answer: { data: syncRunViewSchema },
    action: ACTIONS.syncTrigger,
    summary: 'Cancel a running sync',
    input: { params: runIdSchema },
    status: 202,
  },
  {
    method: 'GET',
    path: '/sync/schedule',
    handler: 'sync.getSchedule',
    answer: { data: syncScheduleSchema },
    action: ACTIONS.syncRead,
    summary: 'The sync schedule',
  },
  {
    method: 'PUT',
    path: '/sync/schedule',
    handler: 'sync.setSchedule',
    answer: { data: syncScheduleSchema },
    action: ACTIONS.syncTrigger,
    summary: 'Change the sync schedule',
    input: { body: scheduleSchema },
  },
  {
    method: 'GET',
    path: '/webhooks',
    handler: 'webhooks.status',
    answer: { data: webhookStatusSchema },
    action: ACTIONS.webhooksRead,
    summary: 'Webhook registrations and health',
  },
  {
    method: 'POST',
    path: '/webhooks/register',
    handler: 'webhooks.register',
    answer: { data: registrationReportSchema },
    action: ACTIONS.webhooksManage,
    summary: 'Register (or re-register) the webhooks',
  },
  {
    method: 'POST',
    path: '/webhooks/health-check',
    handler: 'webhooks.healthCheck',
    answer: { data: registrationReportSchema },
    action: ACTIONS.webhooksManage,
    summary: 'Check and re-activate hooks',
  },
  {
    method: 'GET',
    path: '/webhooks/events',
    handler: 'webhooks.listEvents',
    answer: { data: z.array(inboxEventViewSchema), meta: page },
    action: ACTIONS.webhooksRead,
    summary: 'Received webhook events',
    input: { query: eventsQuerySchema },
  },
  {
    method: 'POST',
    path: '/webhooks/events/:id/replay',
    handler: 'webhooks.replay',
    answer: { data: inboxEventViewSchema },
    action: ACTIONS.webhooksManage,
    summary: 'Replay a failed or dead event',
    input: { params: eventIdSchema },
    status: 202,
  },
  {
    method: 'GET',
    path: '/channels',
    handler: 'channels.list',
    answer: { data: z.array(channelSummarySchema), meta: z.object({ servedChannelIds: z.array(z.int()) }) },
    action: ACTIONS.channelsRead,
    summary: 'The store’s channels, with their listing status and currencies',
  },
  {
    method: 'POST',
    path: '/channels',
    handler: 'channels.create',
    answer: { data: channelViewSchema },
    action: ACTIONS.channelsManage,
    summary: 'Create a storefront channel',
    input: { body: createChannelSchema },
    status: 201,
  },
  {
    method: 'GET',
    path: '/channels/site-defaults',
    handler: 'channels.siteDefaults',
    answer: { data: siteDefaultsSchema },
    action: ACTIONS.channelsRead,
    summary: 'Suggested routes for a site URL',
    input: { query: siteDefaultsQuerySchema },
  },
  {
    method: 'PUT',
    path: '/channels/served',
    handler: 'channels.setServed',
    answer: { data: servedChannelsAnswerSchema },
    action: ACTIONS.channelsManage,
    summary: 'Choose the channels this Strapi serves',
    input: { body: servedChannelsSchema },
  },
  {
    method: 'GET',
    path: '/channels/:id',
    handler: 'channels.find',
    answer: { data: channelDetailSchema },
    action: ACTIONS.channelsRead,
    summary: 'One channel with its site',
    input: { params: channelIdSchema },
  },
  {
    method: 'PUT',
    path: '/channels/:id',
    handler: 'channels.update',
    answer: { data: channelDetailSchema, meta: z.object({ changes: z.array(channelChangeSchema) }) },
    action: ACTIONS.channelsManage,
    summary: 'Change a channel’s site, routes and settings',
    input: { params: channelIdSchema, body: updateChannelSchema },
  },
  {
    method: 'GET',
    path: '/products/:bigcommerceId/listings',
    handler: 'channels.productListings',
    answer: { data: z.array(productListingSchema) },
    // Listings are channel data (what each channel sells), so the Channels read action guards them too.
    action: ACTIONS.channelsRead,
    summary: 'How each channel lists a synced product',
    input: { params: productListingsParamsSchema },
  },
  {
    method: 'GET',
    path: '/redirects',
    handler: 'redirects.list',
    answer: { data: z.array(redirectViewSchema), meta: page },
    action: ACTIONS.redirectsRead,
    summary: 'Redirects',
    input: { query: listRedirectsSchema },
  },
  {
    method: 'POST',
    path: '/redirects',
    handler: 'redirects.create',
    answer: { data: redirectViewSchema },
    conflicts: true,
    action: ACTIONS.redirectsManage,
    summary: 'Create a redirect',
    input: { body: createRedirectSchema },
    status: 201,
  },
  {
    method: 'GET',
    path: '/redirects/sites',
    handler: 'redirects.sites',
    answer: { data: z.array(redirectSiteSchema) },
    action: ACTIONS.redirectsRead,
    summary: 'Sites redirects can belong to',
  },
  {
    method: 'GET',
    path: '/redirects/:id',
    handler: 'redirects.find',
    answer: { data: redirectViewSchema },
    action: ACTIONS.redirectsRead,
    summary: 'One redirect',
    input: { params: redirectIdSchema },
  },
  {
    method: 'PUT',
    path: '/redirects/:id',
    handler: 'redirects.update',
    answer: { data: redirectViewSchema },
    conflicts: true,
    action: ACTIONS.redirectsManage,
    summary: 'Change a redirect',
    input: { params: redirectIdSchema, body: updateRedirectSchema },
  },
  {
    method: 'DELETE',
    path: '/redirects/:id',
    handler: 'redirects.remove',
    answer: { data: redirectViewSchema },
    action: ACTIONS.redirectsManage,
    summary: 'Delete a redirect',
    input: { params: redirectIdSchema },
  },
  {
    method: 'GET',
    path: '/control-panel',
    handler: 'control-panel.find',
    answer: { data: controlPanelViewSchema },
    action: ACTIONS.controlPanelRead,
    summary: 'Links into the BigCommerce control panel',
  },
  {
    method: 'POST',
    path: '/customers/:customerId/sessions/revoke',
    handler: 'customers.revokeSessions',
    answer: { data: sessionsRevokedSchema },
    action: ACTIONS.customerSessionsRevoke,
    summary: 'End every shopper session of a customer',
    input: { params: customerIdSchema },
  },
];

const can = (action: string) => ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [action] } }];

/** A success answers the route's declared status (a thrown error never reaches the line after `next`). */
const answering = (status: number) => async (ctx: Context, next: Next) => {
  await next();
  if (ctx.status === 200) ctx.status = status;
};

export default {
  type: 'admin',
  routes: ADMIN_ROUTES.map(({ method, path, handler, action, status }) => ({
    method,
    path,
    handler,
    config: { policies: can(action), ...(status ? { middlewares: [answering(status)] } : {}) },
  })),
};
