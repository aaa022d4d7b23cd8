import { redirectPathProblems, redirectUrlProblems } from '../../../shared/redirect-paths';

/** BigCommerce's redirect targets: an item by id, or a manual URL (redirects.v3.yml RedirectTo). */
export const TARGET_TYPES = ['product', 'category', 'brand', 'page', 'post', 'url'] as const;
export type TargetType = (typeof TARGET_TYPES)[number];

export type RedirectField = 'fromPath' | 'to.entityId' | 'to.url';
export type RedirectProblem = 'required' | 'path' | 'spaces' | 'home' | 'tooLong' | 'id' | 'url' | 'loop';

/**
 * The server's rules for a redirect, checked before sending: errors keyed like the server's
 * (`fromPath`, `to.entityId`, `to.url`), as message keys for the form to translate.
 */
export const redirectProblems = (input: {
  fromPath: string;
  type: TargetType;
  entityId: string;
  url: string;
}): Partial<Record<RedirectField, RedirectProblem>> => {
  const problems: Partial<Record<RedirectField, RedirectProblem>> = {};
  const fromPath = input.fromPath.trim();
  const pathProblem = fromPath ? redirectPathProblems(fromPath)[0] : 'required';
  if (pathProblem) problems.fromPath = pathProblem;
  if (input.type === 'url') {
    const url = input.url.trim();
    const urlProblem = url ? redirectUrlProblems(url)[0] : 'required';
    if (urlProblem) problems['to.url'] = urlProblem;
    else if (url === fromPath) problems['to.url'] = 'loop';
  } else if (!/^\d+$/.test(input.entityId.trim()) || Number(input.entityId) <= 0) {
    problems['to.entityId'] = input.entityId.trim() ? 'id' : 'required';
  }
  return problems;
};
