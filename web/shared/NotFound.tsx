import { PageHeading, usePageTitle } from './a11y.tsx';
import { useT } from './i18n.tsx';
import { common } from './messages.ts';
import { Link } from './router.tsx';

export function NotFound() {
  const t = useT(common);
  usePageTitle(t('notFoundTitle'));
  return (
    <>
      <PageHeading>{t('notFoundTitle')}</PageHeading>
      <p>{t('notFoundText')}</p>
      <p>
        <Link to="/">{t('toStart')}</Link>
      </p>
    </>
  );
}
