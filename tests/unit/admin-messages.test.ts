import fs from 'node:fs';
import path from 'node:path';

import { IntlMessageFormat } from 'intl-messageformat';
import type { z } from 'zod';

import { registrationMessage } from '../../admin/src/components/webhooks/registration';
import type { Translate } from '../../admin/src/hooks/useTranslate';
import type { HookReport, RegistrationReport } from '../../shared/webhooks';
import { parseOrThrow } from '../../server/src/utils/errors';
import { createChannelSchema, servedChannelsSchema, siteDefaultsQuerySchema, updateChannelSchema } from '../../server/src/validation/channels';
import { testConnectionSchema } from '../../server/src/validation/connection';
import { createRedirectSchema, updateRedirectSchema } from '../../server/src/validation/redirects';
import { settingsUpdateSchema } from '../../server/src/validation/settings';
import { scheduleSchema, startSyncSchema } from '../../server/src/validation/sync';

/**
 * What a site owner reads in the admin is in words: no config key or field name in camelCase
 * ("channelIds needs at least one channel"), neither in the admin's own texts nor in the server's
 * validation messages that its notifications show.
 */
const CAMEL_CASE = /\b[a-z]+[A-Z][A-Za-z]*\b/g;
/** ICU placeholders ({storeHash}) are not shown as such. */
const shown = (message: string) => message.replace(/\{[^{}]*\}/g, '');

const english = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'admin', 'src', 'translations', 'en.json'), 'utf8')) as Record<string, string>;

/** The message of a validation failure, as the admin's notification shows it. */
const messageOf = (schema: z.ZodType, input: unknown): string => {
  try {
    parseOrThrow(schema, input, 'Not saved');
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${JSON.stringify(input)} was accepted`);
};

describe('admin-facing messages', () => {
  it('has no camelCase name in the admin translations', () => {
    const offending = Object.entries(english).filter(([, message]) => shown(message).match(CAMEL_CASE));
    expect(offending).toEqual([]);
  });

  // Each admin form's bad values, field by field (a wrong type for each, and the rules the forms can break).
  const cases: [string, z.ZodType, unknown][] = [
    ...['storeHash', 'accessToken', 'clientId', 'clientSecret', 'channelIds', 'webhookUrl', 'apiUrl'].map((key): [string, z.ZodType, unknown] => [
      `settings ${key}`,
      settingsUpdateSchema,
      { [key]: {} },
    ]),
    ['settings: no channel', settingsUpdateSchema, { channelIds: [] }],
    ['settings: channel 0', settingsUpdateSchema, { channelIds: [0] }],
    ['settings: a bad webhook URL', settingsUpdateSchema, { webhookUrl: 'not a url' }],
    ['test connection: a bad API URL', testConnectionSchema, { apiUrl: 'ftp:x', storeHash: '-' }],
    ['served channels: none', servedChannelsSchema, { channelIds: [] }],
    ['served channels: 1.5', servedChannelsSchema, { channelIds: [1.5] }],
    ['create channel: no name', createChannelSchema, { name: '' }],
    ['site defaults', siteDefaultsQuerySchema, { siteUrl: 'x' }],
    ['channel: site and checkout URLs', updateChannelSchema, { siteUrl: 'x', checkoutUrl: 'http://a.example', allowGlobalLogins: 'yes' }],
    [
      'channel: routes',
      updateChannelSchema,
      {
        routes: [
          { type: 'product', matching: '*', route: 'no-slash' },
          { type: 'product', matching: '*', route: '/p' },
          { type: 'nope', matching: '', route: '' },
        ],
      },
    ],
    ['redirect: every field', createRedirectSchema, { siteId: 0, fromPath: 'x', to: { type: 'url' } }],
    ['redirect: an id on a url', updateRedirectSchema, { to: { type: 'url', url: '/a', entityId: 1.5 } }],
    ['redirect: a loop', createRedirectSchema, { siteId: 1, fromPath: '/a', to: { type: 'url', url: '/a' } }],
    ['schedule', scheduleSchema, { enabled: 'on', rule: 'often', kind: 'fast' }],
    ['start sync', startSyncSchema, { kind: 'fast' }],
  ];

  it.each(cases)('words the validation message of %s', (_name, schema, input) => {
    const message = messageOf(schema, input);
    expect(shown(message).match(CAMEL_CASE)).toBeNull();
  });

  it("names the field in the form's words", () => {
    expect(messageOf(servedChannelsSchema, { channelIds: [] })).toBe('Not saved: The served channels must list at least one channel');
    expect(messageOf(settingsUpdateSchema, { channelIds: [] })).toBe('Not saved: Channel IDs must list at least one channel');
    expect(
      messageOf(updateChannelSchema, {
        routes: [
          { type: 'product', matching: '*', route: '/p' },
          { type: 'brand', matching: '*', route: 'b' },
        ],
      })
    ).toMatch(/^Not saved: The URL template of route 2 must start with \//);
  });
});

describe('the notification after registering webhooks', () => {
  const t: Translate = (id, defaultMessage, values) => String(new IntlMessageFormat(english[id] ?? defaultMessage, 'en').format(values));
  const report = (...actions: HookReport['action'][]): RegistrationReport => ({
    destination: 'https://cms.example.com/api/bigcommerce/webhooks',
    checkedAt: new Date(0).toISOString(),
    hooks: actions.map((action, id) => ({ scope: `store/scope${id}/*`, id, isActive: action !== 'deleted', destination: 'x', action })),
  });

  it('counts the hooks it registered', () => {
    expect(registrationMessage(report('created', 'created', 'created'), t)).toBe('3 webhooks registered');
    expect(registrationMessage(report('created'), t)).toBe('1 webhook registered');
  });

  it('says when all were already registered', () => {
    expect(registrationMessage(report('unchanged', 'unchanged', 'unchanged'), t)).toBe('All 3 webhooks were already registered');
    expect(registrationMessage(report('unchanged'), t)).toBe('The webhook was already registered');
  });

  it('tells each kind of change apart', () => {
    expect(registrationMessage(report('deleted', 'unchanged', 'updated', 'reactivated', 'created'), t)).toBe(
      '1 webhook registered, 1 webhook updated to this address, 1 webhook switched back on, 1 duplicate removed, 1 already registered'
    );
  });
});
