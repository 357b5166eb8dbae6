import type { PageProps } from '../app/page.ts';
import { PageHeading, usePageTitle } from '../shared/a11y.tsx';
import { useT } from '../shared/i18n.tsx';
import { common } from '../shared/messages.ts';
import { NotFound } from '../shared/NotFound.tsx';
import { Link } from '../shared/router.tsx';
import { StaffOnly } from '../workbench/guard.tsx';
import { AuditSection } from './AuditSection.tsx';
import { ad, type AdKey } from './messages.ts';
import { PacksSection } from './PacksSection.tsx';
import { PrivacySection } from './PrivacySection.tsx';
import { RegisterSection } from './RegisterSection.tsx';
import { SettingsSection } from './SettingsSection.tsx';
import { UsersSection } from './UsersSection.tsx';

const SECTIONS: { id: string; title: AdKey; roles: string[] }[] = [
  { id: 'benutzer', title: 'users', roles: ['admin'] },
  { id: 'einstellungen', title: 'settings', roles: ['admin', 'dpo'] },
  // the pack list shows the releases chosen in the settings, which the auditor may not read
  { id: 'regelwerke', title: 'packs', roles: ['admin', 'dpo'] },
  { id: 'ki-register', title: 'register', roles: ['admin', 'dpo', 'auditor'] },
  { id: 'datenschutz', title: 'privacy', roles: ['dpo'] },
  { id: 'pruefung', title: 'audit', roles: ['auditor'] },
];

/** Administration: users and roles, municipality settings, rule packs, the AI register, the data-protection officer's desk, the auditor's decisions. */
export default function AdminPage({ params }: PageProps) {
  const t = useT(ad);
  const tc = useT(common);
  const section = SECTIONS.find((s) => s.id === params.section);
  const unknown = params.section !== undefined && !section;
  // NotFound names the tab too, but this page's effect runs after the child's
  usePageTitle(section ? `${t(section.title)} – ${t('title')}` : unknown ? tc('notFoundTitle') : t('title'));
  if (unknown) return <NotFound />;
  return (
    <StaffOnly roles={['admin', 'dpo', 'auditor']} title={t('title')}>
      {(me) => {
        const mine = SECTIONS.filter((s) => s.roles.includes(me.role));
        return (
          <>
            <PageHeading>{section ? t(section.title) : t('title')}</PageHeading>
            <nav aria-label={t('sections')}>
              <ul className="steps">
                {mine.map((s) => (
                  <li key={s.id}>
                    <Link to={`/verwaltung/${s.id}`} aria-current={s.id === section?.id ? 'page' : undefined}>
                      {t(s.title)}
                    </Link>
                  </li>
                ))}
              </ul>
            </nav>
            {!section && (
              <ul className="cards">
                {mine.map((s) => (
                  <li key={s.id} className="card">
                    <h2>
                      <Link to={`/verwaltung/${s.id}`}>{t(s.title)}</Link>
                    </h2>
                  </li>
                ))}
              </ul>
            )}
            {section && !section.roles.includes(me.role) && <p data-testid="section-forbidden">{tc('forbidden')}</p>}
            {section?.id === 'benutzer' && me.role === 'admin' && <UsersSection me={me} />}
            {section?.id === 'einstellungen' && section.roles.includes(me.role) && <SettingsSection canEdit={me.role === 'admin'} />}
            {section?.id === 'regelwerke' && section.roles.includes(me.role) && <PacksSection canEdit={me.role === 'admin'} />}
            {section?.id === 'ki-register' && section.roles.includes(me.role) && <RegisterSection canEdit={me.role === 'admin'} />}
            {section?.id === 'datenschutz' && me.role === 'dpo' && <PrivacySection canErase />}
            {section?.id === 'pruefung' && me.role === 'auditor' && <AuditSection />}
          </>
        );
      }}
    </StaffOnly>
  );
}
