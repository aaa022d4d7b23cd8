/** BigCommerce's redirect targets: an item by id, or a manual URL (redirects.v3.yml RedirectTo). */
export const TARGET_TYPES = ['product', 'category', 'brand', 'page', 'post', 'url'] as const;
export type TargetType = (typeof TARGET_TYPES)[number];

export type RedirectField = 'fromPath' | 'to.entityId' | 'to.url';
export type RedirectProblem = 'required' | 'path' | 'spaces' | 'home' | 'tooLong' | 'id' | 'url' | 'loop';

const MAX_URL = 2048;

/**
 * The server's rules for a redirect, checked before sending: errors keyed like the server's
 * (`fromPath`, `to.entityId`, `to.url`), as message keys for the form to translate.
 */
export const redirectProblems = (input: { fromPath: string; type: TargetType; entityId: string; url: string }): Partial<Record<RedirectField, RedirectProblem>> => {
  const problems: Partial<Record<RedirectField, RedirectProblem>> = {};
  const fromPath = input.fromPath.trim();
  if (!fromPath) problems.fromPath = 'required';
  else if (!fromPath.startsWith('/')) problems.fromPath = 'path';
  else if (/[\s#]/.test(fromPath)) problems.fromPath = 'spaces';
  else if (fromPath === '/') problems.fromPath = 'home';
  else if (fromPath.length > MAX_URL) problems.fromPath = 'tooLong';
  if (input.type === 'url') {
    const url = input.url.trim();
    if (!url) problems['to.url'] = 'required';
    else if (!(url.startsWith('/') || /^https?:\/\/[^\s/]+/i.test(url))) problems['to.url'] = 'url';
    else if (/\s/.test(url)) problems['to.url'] = 'spaces';
    else if (url.length > MAX_URL) problems['to.url'] = 'tooLong';
    else if (url === fromPath) problems['to.url'] = 'loop';
  } else if (!/^\d+$/.test(input.entityId.trim()) || Number(input.entityId) <= 0) {
    problems['to.entityId'] = input.entityId.trim() ? 'id' : 'required';
  }
  return problems;
};
