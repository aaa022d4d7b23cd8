import type { Translate } from '../../hooks/useTranslate';
import type { RedirectProblem, TargetType } from '../../utils/redirect-rules';

export const redirectLabels = (t: Translate) => ({
  target: (type: TargetType) =>
    ({
      product: t('redirects.target.product', 'Product'),
      category: t('redirects.target.category', 'Category'),
      brand: t('redirects.target.brand', 'Brand'),
      page: t('redirects.target.page', 'Web page'),
      post: t('redirects.target.post', 'Blog post'),
      url: t('redirects.target.url', 'URL'),
    })[type],
  problem: (problem: RedirectProblem) =>
    ({
      required: t('redirects.problem.required', 'Required.'),
      path: t('redirects.problem.path', 'Start with / and leave out the domain, such as /old-page.'),
      spaces: t('redirects.problem.spaces', 'No spaces (or #) in a path.'),
      home: t('redirects.problem.home', 'The home page cannot be redirected.'),
      tooLong: t('redirects.problem.tooLong', 'At most 2048 characters.'),
      id: t('redirects.problem.id', 'Enter the BigCommerce ID, a whole number.'),
      url: t('redirects.problem.url', 'Enter a path starting with / or a full http(s) URL.'),
      loop: t('redirects.problem.loop', 'Cannot lead back to the path it comes from.'),
    })[problem],
});
