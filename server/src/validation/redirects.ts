import { z } from 'zod';

import { REDIRECT_TARGET_TYPES } from '../bigcommerce/redirects';
import { REDIRECT_MAX_LENGTH, redirectPathProblems, redirectUrlProblems } from '../../../shared/redirect-paths';
import type { RedirectInput as RedirectInputContract } from '../../../shared/redirects';
import { countParam, idParam, type Accepted } from './ids';
import { withLabels } from '../utils/errors';

// Too long is reported by zod's max() in the schemas below.
const PATH_MESSAGES = { path: 'must be a path starting with / (no domain)', spaces: 'must not contain spaces or #', home: 'cannot be the home page' } as const;
const URL_MESSAGES = { url: 'must be a path starting with / or a full http(s) URL', spaces: 'must not contain spaces' } as const;

const fromPath = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(REDIRECT_MAX_LENGTH, 'is too long')
  .superRefine((path, ctx) => {
    for (const problem of redirectPathProblems(path)) if (problem !== 'tooLong') ctx.addIssue({ code: 'custom', message: PATH_MESSAGES[problem] });
  });

/** A dynamic target (product, brand, category, page, post) by id, or a manual one (url) by path or URL. */
const target = z
  .object({
    type: z.enum(REDIRECT_TARGET_TYPES),
    entityId: z.number().int('must be a whole number').positive('must be an id').optional(),
    url: z
      .string()
      .trim()
      .max(REDIRECT_MAX_LENGTH, 'is too long')
      .superRefine((url, ctx) => {
        for (const problem of redirectUrlProblems(url)) if (problem !== 'tooLong') ctx.addIssue({ code: 'custom', message: URL_MESSAGES[problem] });
      })
      .optional(),
  })
  .strict()
  .superRefine((to, ctx) => {
    if (to.type === 'url') {
      if (to.url === undefined) ctx.addIssue({ code: 'custom', path: ['url'], message: 'is required for a url redirect' });
      if (to.entityId !== undefined)
        ctx.addIssue({ code: 'custom', path: ['entityId'], message: 'is only for product, brand, category, page and post redirects' });
    } else {
      if (to.entityId === undefined) ctx.addIssue({ code: 'custom', path: ['entityId'], message: `is required for a ${to.type} redirect` });
      if (to.url !== undefined) ctx.addIssue({ code: 'custom', path: ['url'], message: 'is only for url redirects' });
    }
  });

const noLoop = (redirect: { fromPath?: string; to?: { type: string; url?: string } }, ctx: z.RefinementCtx) => {
  if (redirect.to?.type === 'url' && redirect.fromPath !== undefined && redirect.to.url === redirect.fromPath) {
    ctx.addIssue({ code: 'custom', path: ['to', 'url'], message: 'cannot be the path the redirect comes from' });
  }
};

const siteId = z.number().int('must be a whole number').positive('must be a site id');

/** The redirect form's names (admin/src/components/redirects/RedirectModal.tsx). */
const REDIRECT_LABELS = { siteId: 'Site', fromPath: 'From path', to: 'Target', 'to.type': 'Leads to', 'to.url': 'Target URL', 'to.entityId': 'BigCommerce ID' };

export const createRedirectSchema = withLabels(z.object({ siteId, fromPath, to: target }).strict().superRefine(noLoop), REDIRECT_LABELS);

export const updateRedirectSchema = withLabels(z.object({ siteId, fromPath, to: target }).partial().strict().superRefine(noLoop), REDIRECT_LABELS);

export type RedirectInput = z.infer<typeof createRedirectSchema>;
export type RedirectUpdate = z.infer<typeof updateRedirectSchema>;
/** The body the admin sends to create or update (shared/redirects.ts), which both schemas take. */
export type RedirectBody = Accepted<z.input<typeof createRedirectSchema> & z.input<typeof updateRedirectSchema>, RedirectInputContract>;

export const redirectIdSchema = z.object({ id: idParam('a redirect id') });

export const REDIRECT_SORTS = ['id:asc', 'id:desc', 'fromPath:asc', 'fromPath:desc', 'type:asc', 'type:desc'] as const;

export const listRedirectsSchema = z
  .object({
    siteId: idParam('a site id').optional(),
    /** Matched from the start of the path, as BigCommerce's keyword filter does. */
    q: z.string().trim().max(255, 'is too long').optional(),
    sort: z.enum(REDIRECT_SORTS).default('id:desc'),
    page: countParam(1, 1_000_000).default(1),
    pageSize: countParam(1, 100).default(20),
  })
  .strict();

export type RedirectListQuery = z.infer<typeof listRedirectsSchema>;
