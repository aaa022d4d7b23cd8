import { useEffect, useState, type FormEvent } from 'react';
import { Button, Field, Grid, SingleSelect, SingleSelectOption, Toggle } from '@strapi/design-system';
import { Check } from '@strapi/icons';

import { useAction } from '../../hooks/useAction';
import { useSyncActions, type SyncSchedule } from '../../hooks/useSync';
import { useTranslate } from '../../hooks/useTranslate';
import { fieldErrors } from '../../utils/api';
import { Section } from '../Section';
import { isCronRule } from '../../../../shared/cron-rule';
import { syncLabels } from './labels';

interface ScheduleFormProps {
  schedule: SyncSchedule;
  /** False without the trigger permission: the form is then read-only. */
  editable: boolean;
}

/** The cron schedule: on/off, the rule, and which kind of sync it starts. */
export const ScheduleForm = ({ schedule, editable }: ScheduleFormProps) => {
  const t = useTranslate();
  const labels = syncLabels(t);
  const { saveSchedule } = useSyncActions();
  const { pending, run } = useAction();
  const [form, setForm] = useState(schedule);
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => setForm(schedule), [schedule]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!isCronRule(form.rule)) {
      setErrors({ rule: t('sync.schedule.rule.invalid', 'Enter a cron rule of five or six fields, such as "0 */6 * * *".') });
      return;
    }
    setErrors({});
    const saved = await run(
      'save',
      () => saveSchedule({ ...form, rule: form.rule.trim() }),
      t('sync.schedule.saved', 'Schedule saved'),
      (err) => setErrors(fieldErrors(err))
    );
    if (saved) setForm(saved);
  };

  return (
    <form onSubmit={submit} noValidate>
      <Section
        title={t('sync.schedule.title', 'Schedule')}
        description={t(
          'sync.schedule.description',
          'Runs a sync on a cron rule, on one Strapi node at a time. Webhooks keep the catalog fresh between runs; an incremental run heals any event BigCommerce did not deliver.'
        )}
        actions={
          editable && (
            <Button type="submit" size="S" startIcon={<Check />} loading={pending === 'save'}>
              {t('sync.schedule.save', 'Save schedule')}
            </Button>
          )
        }
      >
        <Grid.Root gap={5}>
          <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
            <Field.Root name="enabled" hint={t('sync.schedule.enabled.hint', 'Off by default.')}>
              <Field.Label>{t('sync.schedule.enabled', 'Scheduled sync')}</Field.Label>
              <Toggle
                onLabel={t('sync.schedule.on', 'On')}
                offLabel={t('sync.schedule.off', 'Off')}
                checked={form.enabled}
                disabled={!editable}
                onChange={(event) => setForm({ ...form, enabled: event.currentTarget.checked })}
              />
              <Field.Hint />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
            <Field.Root
              name="rule"
              error={errors.rule}
              hint={t('sync.schedule.rule.hint', 'Minute hour day month weekday, in the server\'s time zone. "0 */6 * * *" is every six hours.')}
            >
              <Field.Label>{t('sync.schedule.rule', 'Cron rule')}</Field.Label>
              <Field.Input
                value={form.rule}
                disabled={!editable}
                onChange={(event: { target: { value: string } }) => setForm({ ...form, rule: event.target.value })}
              />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
            <Field.Root name="kind" error={errors.kind}>
              <Field.Label>{t('sync.schedule.kind', 'Kind of sync')}</Field.Label>
              <SingleSelect
                value={form.kind}
                disabled={!editable}
                onChange={(value: string | number) => setForm({ ...form, kind: value === 'full' ? 'full' : 'incremental' })}
              >
                <SingleSelectOption value="incremental">{labels.kind('incremental')}</SingleSelectOption>
                <SingleSelectOption value="full">{labels.kind('full')}</SingleSelectOption>
              </SingleSelect>
              <Field.Error />
            </Field.Root>
          </Grid.Item>
        </Grid.Root>
      </Section>
    </form>
  );
};
