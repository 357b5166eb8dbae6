import { useEffect, useState } from 'react';
import { PageHeading, usePageTitle } from '../shared/a11y.tsx';
import { ApiError, api, callAs } from '../shared/api.ts';
import { messages, useLang, useT } from '../shared/i18n.tsx';
import { Alert } from '../shared/kolibri.tsx';
import { common } from '../shared/messages.ts';
import { Link } from '../shared/router.tsx';
import { Markdown } from './Markdown.tsx';

const m = messages({
  de: {
    title: 'Vorlage: Dienstvereinbarung über Einsatz und Erprobung von Amtsklar',
    version: 'Fassung {version} · Quelle: content/participation/dienstvereinbarung-vorlage.md',
    council: 'Zum Verfahren mit dem Personalrat',
  },
  en: {
    title: 'Template: service agreement on the use and trial of Amtsklar',
    version: 'Version {version} · source: content/participation/dienstvereinbarung-vorlage.md',
    council: 'To the staff council procedure',
  },
});

/** The template service agreement (German legal text), public so that councils and other municipalities can read it. */
export default function ServiceAgreementPage() {
  const t = useT(m);
  const tc = useT(common);
  const { lang } = useLang();
  usePageTitle(t('title'));
  const [doc, setDoc] = useState<{ version: string | null; title: string; markdown: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    callAs<{ version: string | null; title: string; markdown: string }>(api.GET('/api/participation/service-agreement-template'))
      .then(setDoc)
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : String(e)));
  }, []);
  return (
    <>
      <PageHeading>{t('title')}</PageHeading>
      {lang !== 'de' && <p>{tc('germanOnly')}</p>}
      {error && (
        <Alert type="error">
          <span lang="de">{error}</span>
        </Alert>
      )}
      {doc && (
        <>
          <p className="muted">{t('version', { version: doc.version ?? '—' })}</p>
          <div lang="de" data-testid="service-agreement">
            <Markdown text={doc.markdown} topLevel={1} skipTitle />
          </div>
        </>
      )}
      <p>
        <Link to="/arbeitsplatz/personalrat">{t('council')}</Link>
      </p>
    </>
  );
}
