import { useEffect, useState, type FormEvent } from 'react';
import { Alert, Badge, Box, Button, Field, Flex, Grid, Typography } from '@strapi/design-system';
import { Check } from '@strapi/icons';
import { Layouts, Page, useNotification, useRBAC } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';

import { errorMessage, useSettings, type ConnectionReport, type SecretState, type Settings, type SettingsUpdate } from '../hooks/useSettings';
import { PERMISSIONS } from '../permissions';
import { getTranslation } from '../utils/getTranslation';

interface FormState {
  storeHash: string;
  clientId: string;
  channelIds: string;
  apiUrl: string;
  accessToken: string;
  clientSecret: string;
}

const toForm = (settings: Settings): FormState => ({
  storeHash: settings.storeHash,
  clientId: settings.clientId,
  channelIds: settings.channelIds.join(', '),
  apiUrl: settings.apiUrl,
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
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const { toggleNotification } = useNotification();
  const { allowedActions, isLoading: permissionsLoading } = useRBAC({
    read: PERMISSIONS.settingsRead,
    update: PERMISSIONS.settingsUpdate,
  });
  const { settings, error, save, testConnection } = useSettings();
  const [form, setForm] = useState<FormState | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [testing, setTesting] = useState(false);
  const [report, setReport] = useState<ConnectionReport | null>(null);

  useEffect(() => {
    if (settings) setForm(toForm(settings));
  }, [settings]);

  if (error) return <Page.Error />;
  if (!settings || !form || permissionsLoading) return <Page.Loading />;

  const canUpdate = allowedActions.canUpdate;
  const set = (key: keyof FormState) => (event: { target: { value: string } }) =>
    setForm({ ...form, [key]: event.target.value });

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setFieldErrors({});
    const update: SettingsUpdate = {
      storeHash: form.storeHash.trim(),
      clientId: form.clientId.trim(),
      channelIds: parseChannelIds(form.channelIds),
      apiUrl: form.apiUrl.trim(),
    };
    if (form.accessToken.trim()) update.accessToken = form.accessToken.trim();
    if (form.clientSecret.trim()) update.clientSecret = form.clientSecret.trim();
    try {
      await save(update);
      toggleNotification({ type: 'success', message: t('settings.saved', 'Settings saved') });
    } catch (err) {
      const details = (err as { response?: { data?: { error?: { details?: { errors?: { path: string[]; message: string }[] } } } } })
        .response?.data?.error?.details?.errors;
      if (details) setFieldErrors(Object.fromEntries(details.map((d) => [d.path[0], d.message])));
      toggleNotification({ type: 'danger', message: errorMessage(err) });
    } finally {
      setSaving(false);
    }
  };

  const onTest = async () => {
    setTesting(true);
    setReport(null);
    try {
      setReport(
        await testConnection({
          storeHash: form.storeHash.trim() || undefined,
          apiUrl: form.apiUrl.trim() || undefined,
          accessToken: form.accessToken.trim() || undefined,
        })
      );
    } catch (err) {
      toggleNotification({ type: 'danger', message: errorMessage(err) });
    } finally {
      setTesting(false);
    }
  };

  const secretHint = (state: SecretState) =>
    state.isSet
      ? state.source === 'config'
        ? t('settings.secret.fromConfig', 'Set in the server configuration. Type a value to override it.')
        : t('settings.secret.saved', 'Saved and encrypted. Type a new value to replace it.')
      : t('settings.secret.empty', 'Not set.');

  const textField = (name: keyof FormState, label: string, hint: string, options: { type?: string; placeholder?: string; required?: boolean } = {}) => (
    <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
      <Field.Root name={name} hint={hint} error={fieldErrors[name]} required={options.required}>
        <Field.Label>{label}</Field.Label>
        <Field.Input
          type={options.type ?? 'text'}
          value={form[name]}
          onChange={set(name)}
          placeholder={options.placeholder}
          disabled={!canUpdate}
          autoComplete={options.type === 'password' ? 'new-password' : 'off'}
        />
        <Field.Hint />
        <Field.Error />
      </Field.Root>
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
              <Button type="submit" startIcon={<Check />} loading={saving}>
                {t('settings.save', 'Save')}
              </Button>
            ) : undefined
          }
        />
        <Layouts.Content>
          <Flex direction="column" alignItems="stretch" gap={6}>
            <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius>
              <Flex direction="column" alignItems="stretch" gap={4}>
                <Flex justifyContent="space-between">
                  <Typography variant="delta" tag="h2">
                    {t('settings.connection.credentials', 'API account')}
                  </Typography>
                  <Badge active={settings.isConfigured}>
                    {settings.isConfigured ? t('settings.configured', 'Configured') : t('settings.notConfigured', 'Not configured')}
                  </Badge>
                </Flex>
                <Grid.Root gap={5}>
                  {textField('storeHash', t('settings.storeHash', 'Store hash'), t('settings.storeHash.hint', 'From the API path: https://api.bigcommerce.com/stores/{store_hash}/v3'), { required: true })}
                  {textField('accessToken', t('settings.accessToken', 'Access token'), secretHint(settings.accessToken), {
                    type: 'password',
                    placeholder: settings.accessToken.isSet ? '••••••••' : '',
                  })}
                  {textField('clientId', t('settings.clientId', 'Client ID'), t('settings.clientId.hint', 'Used as the issuer of customer login tokens.'))}
                  {textField('clientSecret', t('settings.clientSecret', 'Client secret'), secretHint(settings.clientSecret), {
                    type: 'password',
                    placeholder: settings.clientSecret.isSet ? '••••••••' : '',
                  })}
                  {textField('channelIds', t('settings.channelIds', 'Channel IDs'), t('settings.channelIds.hint', 'Comma-separated storefront channels this Strapi serves (1 is the default storefront).'))}
                  {textField('apiUrl', t('settings.apiUrl', 'API base URL'), t('settings.apiUrl.hint', 'Leave as https://api.bigcommerce.com unless you use a proxy or the sandbox store.'))}
                </Grid.Root>
              </Flex>
            </Box>
            <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius>
              <Flex direction="column" alignItems="stretch" gap={4}>
                <Flex justifyContent="space-between">
                  <Typography variant="delta" tag="h2">
                    {t('settings.test.title', 'Test connection')}
                  </Typography>
                  <Button variant="secondary" onClick={onTest} loading={testing}>
                    {t('settings.test.button', 'Test connection')}
                  </Button>
                </Flex>
                <Typography variant="omega" textColor="neutral600">
                  {t('settings.test.hint', 'Read-only requests check the credentials and each permission (OAuth scope) the plugin needs. Unsaved values in the form are tested as typed.')}
                </Typography>
                {report && <ConnectionResult report={report} t={t} />}
              </Flex>
            </Box>
          </Flex>
        </Layouts.Content>
      </form>
    </Page.Main>
  );
};

type Translate = (id: string, defaultMessage: string, values?: Record<string, string | number>) => string;

const ConnectionResult = ({ report, t }: { report: ConnectionReport; t: Translate }) => (
  <Flex direction="column" alignItems="stretch" gap={3}>
    {report.store ? (
      <Alert variant={report.ok ? 'success' : 'warning'} closeLabel={t('settings.close', 'Close')} title={report.store.name}>
        {t('settings.test.store', 'Plan: {plan} · Domain: {domain} · Currency: {currency}', {
          plan: report.store.plan_name,
          domain: report.store.domain,
          currency: report.store.currency,
        })}
      </Alert>
    ) : (
      <Alert variant="danger" closeLabel={t('settings.close', 'Close')} title={t('settings.test.failed', 'Connection failed')}>
        {report.error?.message}
      </Alert>
    )}
    {report.scopes.length > 0 && (
      <Box tag="ul">
        {report.scopes.map((scope) => (
          <Flex key={scope.scope} tag="li" gap={3} paddingTop={2} paddingBottom={2}>
            <Badge
              textColor={scope.status === 'granted' ? 'success700' : scope.status === 'missing' ? 'danger700' : 'neutral700'}
              backgroundColor={scope.status === 'granted' ? 'success100' : scope.status === 'missing' ? 'danger100' : 'neutral150'}
            >
              {scope.status === 'granted'
                ? t('settings.scope.granted', 'Granted')
                : scope.status === 'missing'
                  ? t('settings.scope.missing', 'Missing')
                  : t('settings.scope.unknown', 'Unknown')}
            </Badge>
            <Typography fontWeight="bold">{scope.label}</Typography>
            <Typography textColor="neutral600">{scope.usedFor}</Typography>
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
