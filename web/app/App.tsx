import { Suspense, useMemo } from 'react';
import { AnnouncerProvider, useFocusOnNavigation } from '../shared/a11y.tsx';
import { LanguageProvider, useT } from '../shared/i18n.tsx';
import { Shell } from '../shared/layout.tsx';
import { common } from '../shared/messages.ts';
import { matchPath, useLocation } from '../shared/router.tsx';
import { SessionProvider } from '../shared/session.tsx';
import { NotFound } from '../shared/NotFound.tsx';
import { ROUTES } from './routes.ts';

function Routed() {
  const { path } = useLocation();
  const t = useT(common);
  useFocusOnNavigation(path);
  const hit = useMemo(() => {
    for (const r of ROUTES) {
      const params = matchPath(r.path, path);
      if (params) return { route: r, params };
    }
    return null;
  }, [path]);
  const Page = hit?.route.page;
  return (
    <Shell area={hit?.route.area ?? 'portal'}>
      <Suspense fallback={<p role="status">{t('loading')}</p>}>{Page ? <Page key={path} params={hit.params} /> : <NotFound />}</Suspense>
    </Shell>
  );
}

export function App() {
  return (
    <LanguageProvider>
      <SessionProvider>
        <AnnouncerProvider>
          <Routed />
        </AnnouncerProvider>
      </SessionProvider>
    </LanguageProvider>
  );
}
