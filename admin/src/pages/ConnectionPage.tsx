import { useEffect, useState, type FormEvent } from 'react';
import { Badge, Box, Button, Flex, Grid, Loader, Typography } from '@strapi/design-system';
import { Check } from '@strapi/icons';
import { Layouts, Page } from '@strapi/strapi/admin';

import { Notice } from '../components/Notice';
import { Section } from '../components/Section';
import { TextField } from '../components/TextField';
import { ToneBadge } from '../components/ToneBadge';
import { useCan } from '../hooks/useCan';
import { useSettings, type ConnectionReport, type SecretState, type Settings, type SettingsUpdate } from '../hooks/useSettings';
import { useTranslate, type Translate } from '../hooks/useTranslate';
import { PERMISSIONS } from '../permissions';
import { fieldErrors } from '../utils/api';
import { useAction } from '../hooks/useAction';

interface FormState {
  storeHash: string;
  clientId: string;
  channelIds: string;
  apiUrl: string;
  webhookUrl: string;
  accessToken: string;
  clientSecret: string;
}

const toForm = (settings: Settings): FormState => ({
  storeHash: settings.storeHash,
  clientId: settings.clientId,
  channelIds: settings.channelIds.join(', '),
  apiUrl: settings.apiUrl,
  webhookUrl: settings.webhookUrl,
  // Secrets are write-only: the form never holds a saved one.
  accessToken: '',
  clientSecret: '',
});

const parseChannelIds = (raw: string): number[] =>
  raw
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map(Number);

const ConnectionPage = () => {
  const t = useTranslate();
  const { pending, run } = useAction();
  const { allowed: canUpdate, isLoading: permissionsLoading } = useCan(PERMISSIONS.settingsUpdate);
  const { settings, error, save, testConnection } = useSettings();
  const [form, setForm] = useState<FormState | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [report, setReport] = useState<ConnectionReport | null>(null);

  useEffect(() => {
    if (settings) setForm(toForm(settings));
  }, [settings]);

  if (error) return <Page.Error content={error} />;
  if (!settings || !form || permissionsLoading) return <Page.Loading />;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    const update: SettingsUpdate = {
      storeHash: form.storeHash.trim(),
      clientId: form.clientId.trim(),
      channelIds: parseChannelIds(form.channelIds),
      apiUrl: form.apiUrl.trim(),
      webhookUrl: form.webhookUrl.trim(),
    };
    if (form.accessToken.trim()) update.accessToken = form.accessToken.trim();
    if (form.clientSecret.trim()) update.clientSecret = form.clientSecret.trim();
    await run(
      'save',
      () => save(update),
      t('settings.saved', 'Settings saved'),
      (err) => {
        setErrors(fieldErrors(err));
      }
    );
  };

  const onTest = async () => {
    setReport(null);
    const report = await run('test', () =>
      testConnection({
        storeHash: form.storeHash.trim() || undefined,
        apiUrl: form.apiUrl.trim() || undefined,
        accessToken: form.accessToken.trim() || undefined,
      })
    );
    if (report) setReport(report);
  };

  const secretHint = (state: SecretState) =>
    state.isSet
      ? state.source === 'config'
        ? t('settings.secret.fromConfig', 'Set in the server configuration. Type a value to override it.')
        : t('settings.secret.saved', 'Saved and encrypted. Type a new value to replace it.')
      : t('settings.secret.empty', 'Not set.');

  const field = (
    name: keyof FormState,
    label: string,
    hint: string,
    options: { type?: 'text' | 'password'; placeholder?: string; required?: boolean } = {}
  ) => (
    <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
      <TextField
        name={name}
        label={label}
        hint={hint}
        value={form[name]}
        onChange={(value) => setForm({ ...form, [name]: value })}
        error={errors[name]}
        disabled={!canUpdate}
        {...options}
      />
    </Grid.Item>
  );

  return (
    <Page.Main>
      <Page.Title>{t('settings.connection.title', 'BigCommerce connection')}</Page.Title>
      <form onSubmit={onSubmit} noValidate>
        <Layouts.Header
          title={t('settings.connection.title', 'BigCommerce connection')}
          subtitle={t('settings.connection.subtitle', 'The API account this Strapi uses to read your BigCommerce store.')}
          primaryAction={
            canUpdate ? (
              <Button type="submit" startIcon={<Check />} loading={pending === 'save'}>
                {t('settings.save', 'Save')}
              </Button>
            ) : undefined
          }
        />
        <Layouts.Content>
          <Flex direction="column" alignItems="stretch" gap={6}>
            <Section
              title={t('settings.connection.credentials', 'API account')}
              actions={
                <Badge active={settings.isConfigured}>
                  {settings.isConfigured ? t('settings.configured', 'Configured') : t('settings.notConfigured', 'Not configured')}
                </Badge>
              }
            >
              <Grid.Root gap={5}>
                {field(
                  'storeHash',
                  t('settings.storeHash', 'Store hash'),
                  t('settings.storeHash.hint', 'From the API path: https://api.bigcommerce.com/stores/{store_hash}/v3'),
                  { required: true }
                )}
                {field('accessToken', t('settings.accessToken', 'Access token'), secretHint(settings.accessToken), {
                  type: 'password',
                  placeholder: settings.accessToken.isSet ? '••••••••' : '',
                })}
                {field('clientId', t('settings.clientId', 'Client ID'), t('settings.clientId.hint', 'Used as the issuer of customer login tokens.'))}
                {field('clientSecret', t('settings.clientSecret', 'Client secret'), secretHint(settings.clientSecret), {
                  type: 'password',
                  placeholder: settings.clientSecret.isSet ? '••••••••' : '',
                })}
                {field(
                  'channelIds',
                  t('settings.channelIds', 'Channel IDs'),
                  t('settings.channelIds.hint', 'Comma-separated storefront channels this Strapi serves (1 is the default storefront).')
                )}
                {field(
                  'apiUrl',
                  t('settings.apiUrl', 'API base URL'),
                  t('settings.apiUrl.hint', 'Leave as https://api.bigcommerce.com unless you use a proxy or the sandbox store.')
                )}
                {field(
                  'webhookUrl',
                  t('settings.webhookUrl', 'Webhook URL'),
                  t(
                    'settings.webhookUrl.hint',
                    "The public address BigCommerce sends events to: this Strapi's URL followed by /api/bigcommerce/webhooks. Empty: no webhooks."
                  ),
                  {
                    placeholder: 'https://cms.example.com/api/bigcommerce/webhooks',
                  }
                )}
              </Grid.Root>
            </Section>
            <Section
              title={t('settings.test.title', 'Test connection')}
              actions={
                <Button variant="secondary" onClick={onTest} loading={pending === 'test'}>
                  {t('settings.test.button', 'Test connection')}
                </Button>
              }
              description={t(
                'settings.test.hint',
                'Checks the credentials and each permission (OAuth scope) at the level the plugin needs, without changing anything in the store. Unsaved values in the form are tested as typed.'
              )}
            >
              {pending === 'test' ? (
                <Flex justifyContent="center" padding={4}>
                  <Loader small>{t('settings.test.running', 'Checking the store and each permission…')}</Loader>
                </Flex>
              ) : (
                report && <ConnectionResult report={report} t={t} />
              )}
            </Section>
          </Flex>
        </Layouts.Content>
      </form>
    </Page.Main>
  );
};

const ConnectionResult = ({ report, t }: { report: ConnectionReport; t: Translate }) => (
  <Flex direction="column" alignItems="stretch" gap={3}>
    {report.store ? (
      <Notice variant={report.ok ? 'success' : 'warning'} title={report.store.name}>
        {t('settings.test.store', 'Plan: {plan} · Domain: {domain} · Currency: {currency}', {
          plan: report.store.plan_name,
          domain: report.store.domain,
          currency: report.store.currency,
        })}
      </Notice>
    ) : (
      <Notice variant="danger" title={t('settings.test.failed', 'Connection failed')}>
        {report.error?.message}
      </Notice>
    )}
    {report.store && report.missingScopes.length > 0 && (
      <Notice variant="danger" title={t('settings.test.missingScopes', 'The API account lacks permissions the plugin needs')}>
        {t(
          'settings.test.missingScopes.hint',
          'Without them, the features listed below fail for your shoppers or in this admin. Give the API account these scopes in BigCommerce (Settings › API › Store-level API accounts) and paste its new access token here.'
        )}
      </Notice>
    )}
    {report.scopes.length > 0 && (
      <Box tag="ul">
        {report.scopes.map((scope) => (
          <Flex key={scope.scope} tag="li" gap={3} paddingTop={2} paddingBottom={2}>
            <ToneBadge tone={scope.status === 'granted' ? 'success' : scope.status === 'missing' ? 'danger' : 'neutral'}>
              {scope.status === 'granted'
                ? t('settings.scope.granted', 'Granted')
                : scope.status === 'missing'
                  ? t('settings.scope.missing', 'Missing')
                  : t('settings.scope.unknown', 'Unknown')}
            </ToneBadge>
            <Typography fontWeight="bold">{scope.label}</Typography>
            <Typography textColor={scope.status === 'missing' ? 'danger600' : 'neutral600'}>{scope.usedFor}</Typography>
          </Flex>
        ))}
      </Box>
    )}
  </Flex>
);

const ProtectedConnectionPage = () => (
  <Page.Protect permissions={PERMISSIONS.settingsRead}>
    <ConnectionPage />
  </Page.Protect>
);

export default ProtectedConnectionPage;
