// No imports: the admin checks a redirect with these same rules before sending it.

/** BigCommerce's longest redirect path or URL. */
export const REDIRECT_MAX_LENGTH = 2048;

/** What is wrong with a redirect's from-path (a path on the site, no domain, spaces or fragment, not the home page), worst first. */
export const redirectPathProblems = (path: string): ('path' | 'spaces' | 'home' | 'tooLong')[] => {
  const problems: ('path' | 'spaces' | 'home' | 'tooLong')[] = [];
  if (!path.startsWith('/')) problems.push('path');
  if (/[\s#]/.test(path)) problems.push('spaces');
  if (path === '/') problems.push('home');
  if (path.length > REDIRECT_MAX_LENGTH) problems.push('tooLong');
  return problems;
};

/** What is wrong with a manual redirect's target (a path on the site or a full http(s) URL, no spaces), worst first. */
export const redirectUrlProblems = (url: string): ('url' | 'spaces' | 'tooLong')[] => {
  const problems: ('url' | 'spaces' | 'tooLong')[] = [];
  if (!(url.startsWith('/') || /^https?:\/\/[^\s/]+/i.test(url))) problems.push('url');
  if (/\s/.test(url)) problems.push('spaces');
  if (url.length > REDIRECT_MAX_LENGTH) problems.push('tooLong');
  return problems;
};
