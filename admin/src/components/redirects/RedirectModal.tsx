import { useEffect, useState } from 'react';
import { Field, Flex, Grid, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';

import { useAction } from '../../hooks/useAction';
import { useRedirectActions, type Redirect, type RedirectInput, type RedirectSite } from '../../hooks/useRedirects';
import { useTranslate } from '../../hooks/useTranslate';
import { fieldErrors } from '../../utils/api';
import { redirectProblems, TARGET_TYPES, type TargetType } from '../../utils/redirect-rules';
import { FormModal } from '../FormModal';
import { TextField } from '../TextField';
import { redirectLabels } from './labels';

interface RedirectModalProps {
  /** The redirect to edit, or `null` to create one. */
  redirect: Redirect | null;
  open: boolean;
  sites: RedirectSite[];
  siteId: number;
  onClose: () => void;
  onSaved: (redirect: Redirect) => void;
}

interface FormState {
  siteId: number;
  fromPath: string;
  type: TargetType;
  entityId: string;
  url: string;
}

const toForm = (redirect: Redirect | null, siteId: number): FormState => ({
  siteId: redirect?.siteId ?? siteId,
  fromPath: redirect?.fromPath ?? '',
  type: redirect?.to.type ?? 'url',
  entityId: redirect?.to.entityId ? String(redirect.to.entityId) : '',
  url: redirect?.to.url ?? '',
});

/** Creates or edits one 301: checked here as the server checks it, then the server's own messages per field. */
export const RedirectModal = ({ redirect, open, sites, siteId, onClose, onSaved }: RedirectModalProps) => {
  const t = useTranslate();
  const labels = redirectLabels(t);
  const actions = useRedirectActions();
  const { pending, run } = useAction();
  const [form, setForm] = useState(() => toForm(redirect, siteId));
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    if (!open) return;
    setForm(toForm(redirect, siteId));
    setErrors({});
  }, [open, redirect, siteId]);

  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setForm((previous) => ({ ...previous, [key]: value }));

  const submit = async () => {
    const problems = redirectProblems(form);
    const found = Object.fromEntries(Object.entries(problems).map(([field, problem]) => [field, labels.problem(problem)]));
    setErrors(found);
    if (Object.keys(found).length) return;
    const input: RedirectInput = {
      siteId: form.siteId,
      fromPath: form.fromPath.trim(),
      to: form.type === 'url' ? { type: 'url', url: form.url.trim() } : { type: form.type, entityId: Number(form.entityId) },
    };
    const saved = await run(
      'save',
      () => (redirect ? actions.update(redirect.id, input) : actions.create(input)),
      redirect ? t('redirects.updated', 'Redirect saved') : t('redirects.created', 'Redirect created'),
      (err) => setErrors(fieldErrors(err))
    );
    if (saved) onSaved(saved);
  };

  return (
    <FormModal
      open={open}
      onClose={onClose}
      title={redirect ? t('redirects.modal.edit', 'Edit redirect') : t('redirects.modal.create', 'Create a redirect')}
      submitLabel={redirect ? t('redirects.modal.save', 'Save') : t('redirects.modal.submit', 'Create redirect')}
      submitting={pending === 'save'}
      onSubmit={submit}
    >
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Typography textColor="neutral600">
          {t('redirects.modal.description', 'Visitors to the old path get a permanent (301) redirect to the target.')}
        </Typography>
        <Grid.Root gap={4}>
          <Grid.Item col={12} direction="column" alignItems="stretch">
            <Field.Root name="siteId" error={errors.siteId} required>
              <Field.Label>{t('redirects.field.site', 'Site')}</Field.Label>
              <SingleSelect value={String(form.siteId)} onChange={(value: string | number) => set('siteId', Number(value))}>
                {sites.map((site) => (
                  <SingleSelectOption key={site.id} value={String(site.id)}>
                    {site.channelName ? `${site.url} (${site.channelName})` : site.url}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
              <Field.Error />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={12} direction="column" alignItems="stretch">
            <TextField
              name="fromPath"
              label={t('redirects.field.from', 'From path')}
              value={form.fromPath}
              onChange={(value) => set('fromPath', value)}
              error={errors.fromPath}
              required
              placeholder="/old-page"
              hint={t('redirects.field.from.hint', 'The old path on the site, starting with /, without the domain.')}
            />
          </Grid.Item>
          <Grid.Item col={5} s={12} direction="column" alignItems="stretch">
            <Field.Root name="to.type" error={errors['to.type']} required>
              <Field.Label>{t('redirects.field.type', 'Leads to')}</Field.Label>
              <SingleSelect value={form.type} onChange={(value: string | number) => set('type', TARGET_TYPES.find((type) => type === value) ?? 'url')}>
                {TARGET_TYPES.map((type) => (
                  <SingleSelectOption key={type} value={type}>
                    {labels.target(type)}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
              <Field.Error />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={7} s={12} direction="column" alignItems="stretch">
            {form.type === 'url' ? (
              <TextField
                name="to.url"
                label={t('redirects.field.url', 'Target URL')}
                value={form.url}
                onChange={(value) => set('url', value)}
                error={errors['to.url']}
                required
                placeholder="/new-page"
                hint={t('redirects.field.url.hint', 'A path on the site or a full http(s) URL.')}
              />
            ) : (
              <TextField
                name="to.entityId"
                label={t('redirects.field.entity', 'BigCommerce ID')}
                value={form.entityId}
                onChange={(value) => set('entityId', value)}
                error={errors['to.entityId']}
                required
                placeholder="123"
                hint={t('redirects.field.entity.hint', "BigCommerce resolves the item's current URL, so the redirect follows it when the item moves.")}
              />
            )}
          </Grid.Item>
        </Grid.Root>
      </Flex>
    </FormModal>
  );
};
