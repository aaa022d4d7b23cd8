import { useState } from 'react';
import { Button, Dialog, EmptyStateLayout, SingleSelect, SingleSelectOption } from '@strapi/design-system';
import { Plus } from '@strapi/icons';
import { ConfirmDialog, Layouts, Page, SearchInput, useQueryParams } from '@strapi/strapi/admin';

import { ListPager } from '../components/ListPager';
import { RedirectModal } from '../components/redirects/RedirectModal';
import { RedirectsTable } from '../components/redirects/RedirectsTable';
import { useAction } from '../hooks/useAction';
import { useCan } from '../hooks/useCan';
import { useRedirectActions, useRedirects, useRedirectSites, type Redirect } from '../hooks/useRedirects';
import { useTranslate } from '../hooks/useTranslate';
import { PERMISSIONS } from '../permissions';

type Editing = { redirect: Redirect | null } | null;

const RedirectsPage = () => {
  const t = useTranslate();
  const [{ query }, setQuery] = useQueryParams<{ siteId?: string; _q?: string; page?: string; pageSize?: string }>();
  const { allowed: canManage, isLoading: permissionsLoading } = useCan(PERMISSIONS.redirectsManage);
  const sites = useRedirectSites();
  const siteId = Number(query.siteId ?? sites.data?.[0]?.id ?? NaN);
  const search = query._q ? decodeURIComponent(query._q) : '';
  const redirects = useRedirects({
    siteId: Number.isInteger(siteId) ? siteId : null,
    q: search,
    page: Number(query.page ?? 1),
    pageSize: Number(query.pageSize ?? 10),
  });
  const { remove } = useRedirectActions();
  const { pending, run } = useAction();
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<Redirect | null>(null);

  const loadError = sites.error ?? redirects.error;
  if (loadError) return <Page.Error content={loadError} />;
  if (sites.isLoading || permissionsLoading || (Number.isInteger(siteId) && redirects.isLoading)) return <Page.Loading />;

  const hasSites = sites.data!.length > 0;

  const confirmDelete = async () => {
    if (!deleting) return;
    const removed = await run('delete', () => remove(deleting.id), t('redirects.deleted', 'Redirect {path} deleted', { path: deleting.fromPath }));
    setDeleting(null);
    if (removed) await redirects.reload();
  };

  return (
    <Page.Main>
      <Page.Title>{t('redirects.title', 'Redirects')}</Page.Title>
      <Layouts.Header
        title={t('redirects.title', 'Redirects')}
        subtitle={t('redirects.subtitle', 'Permanent (301) redirects BigCommerce answers for each site: old URLs lead to the pages that replaced them.')}
        primaryAction={
          canManage && hasSites ? (
            <Button startIcon={<Plus />} onClick={() => setEditing({ redirect: null })}>
              {t('redirects.create', 'Create redirect')}
            </Button>
          ) : undefined
        }
      />
      {hasSites && (
        <Layouts.Action
          startActions={
            <>
              <SingleSelect
                aria-label={t('redirects.site', 'Site')}
                size="S"
                value={String(siteId)}
                onChange={(value: string | number) => setQuery({ siteId: String(value), page: '1', _q: undefined })}
              >
                {sites.data!.map((site) => (
                  <SingleSelectOption key={site.id} value={String(site.id)}>
                    {site.channelName ? `${site.url} (${site.channelName})` : site.url}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
              <SearchInput
                label={t('redirects.search', 'Search paths')}
                placeholder={t('redirects.search.placeholder', 'Paths starting with…')}
                trackedEvent={null}
              />
            </>
          }
        />
      )}
      <Layouts.Content>
        {!hasSites ? (
          <EmptyStateLayout
            content={t('redirects.noSites', 'No channel has a site yet. Give a channel its site URL under Channels & sites, then add its redirects here.')}
          />
        ) : redirects.data!.length === 0 ? (
          <EmptyStateLayout
            content={
              search ? t('redirects.noMatch', 'No redirect path starts with "{search}".', { search }) : t('redirects.empty', 'This site has no redirects yet.')
            }
            action={
              canManage && !search ? (
                <Button variant="secondary" startIcon={<Plus />} onClick={() => setEditing({ redirect: null })}>
                  {t('redirects.create', 'Create redirect')}
                </Button>
              ) : undefined
            }
          />
        ) : (
          <>
            <RedirectsTable
              redirects={redirects.data!}
              onEdit={canManage ? (redirect) => setEditing({ redirect }) : undefined}
              onDelete={canManage ? setDeleting : undefined}
            />
            <ListPager pagination={redirects.meta!.pagination} />
          </>
        )}
      </Layouts.Content>
      {hasSites && (
        <RedirectModal
          open={editing !== null}
          redirect={editing?.redirect ?? null}
          sites={sites.data!}
          siteId={siteId}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            if (saved.siteId !== siteId) setQuery({ siteId: String(saved.siteId), page: '1' });
            else void redirects.reload();
          }}
        />
      )}
      <Dialog.Root open={deleting !== null} onOpenChange={(open: boolean) => !open && pending !== 'delete' && setDeleting(null)}>
        <ConfirmDialog onConfirm={confirmDelete} title={t('redirects.delete.title', 'Delete this redirect?')}>
          {t('redirects.delete.body', 'Visitors to {path} will no longer be redirected.', { path: deleting?.fromPath ?? '' })}
        </ConfirmDialog>
      </Dialog.Root>
    </Page.Main>
  );
};

const ProtectedRedirectsPage = () => (
  <Page.Protect permissions={PERMISSIONS.redirectsRead}>
    <RedirectsPage />
  </Page.Protect>
);

export default ProtectedRedirectsPage;
