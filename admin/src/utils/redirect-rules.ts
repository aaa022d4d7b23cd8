import { redirectPathProblems, redirectUrlProblems } from '../../../shared/redirect-paths';
import type { RedirectTargetType } from '../../../shared/redirects';

export type TargetType = RedirectTargetType;

/** BigCommerce's redirect targets (shared/redirects.ts), in the order the form offers them. */
export const TARGET_TYPES = ['product', 'category', 'brand', 'page', 'post', 'url'] as const satisfies readonly TargetType[];

// Every target type is offered: a type the server adds and the form lacks fails tsc here.
type UnofferedTargetTypes = Exclude<TargetType, (typeof TARGET_TYPES)[number]>;
const _everyTypeOffered: [UnofferedTargetTypes] extends [never] ? true : never = true;

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
