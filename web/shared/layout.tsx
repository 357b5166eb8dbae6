import type { ReactNode } from 'react';
import type { Area } from '../app/page.ts';
import { useLang, useT } from './i18n.tsx';
import { common, type CommonKey } from './messages.ts';
import { Link, navigate, useLocation } from './router.tsx';
import { isStaff, useSession } from './session.tsx';

export interface NavItem {
  to: string;
  label: CommonKey;
  /** Also current for paths below it (`/leistungen/…`). */
  prefix?: boolean;
  roles?: readonly string[];
}

/** Navigation of each area; a new page that belongs in the menu adds an item here. */
export const NAV: Record<Area, NavItem[]> = {
  portal: [
    { to: '/', label: 'navStart' },
    { to: '/leistungen', label: 'navServices', prefix: true },
    { to: '/rechner/wohngeld', label: 'navCalculator', prefix: true },
    { to: '/antrag/wohngeld', label: 'navApply', prefix: true },
    { to: '/mein-antrag', label: 'navMyCases', prefix: true },
    { to: '/transparenz', label: 'navTransparency' },
    { to: '/beteiligung', label: 'navParticipation', prefix: true },
  ],
  staff: [
    { to: '/arbeitsplatz', label: 'navQueue', roles: ['caseworker', 'team_lead'] },
    { to: '/arbeitsplatz/neuberechnung', label: 'navRecalc', roles: ['caseworker', 'team_lead', 'admin'] },
    { to: '/arbeitsplatz/gleichbehandlung', label: 'navFairness', roles: ['caseworker', 'team_lead', 'admin', 'dpo', 'auditor'] },
    { to: '/arbeitsplatz/beteiligung', label: 'navParticipationStaff', prefix: true, roles: ['caseworker', 'team_lead', 'admin', 'dpo', 'auditor'] },
    { to: '/verwaltung', label: 'navAdmin', prefix: true, roles: ['admin', 'dpo', 'auditor'] },
    { to: '/', label: 'navPortal' },
  ],
};

function isCurrent(item: NavItem, path: string): boolean {
  if (item.to === path) return true;
  return !!item.prefix && path.startsWith(`${item.to}/`);
}

function LanguageSwitch() {
  const { lang, setLang } = useLang();
  const t = useT(common);
  const other = lang === 'de' ? 'en' : 'de';
  return (
    <button type="button" className="btn" lang={other} aria-label={t('switchToLabel')} onClick={() => setLang(other)} data-testid="language-switch">
      {t('switchTo')}
    </button>
  );
}

/**
 * The frame of every page: skip link, header with the municipality, language switch and
 * sign-in, the area's navigation, the page in <main>, and the footer with the accessibility
 * statement, the barrier report and the AI transparency page (reachable from every page).
 */
export function Shell({ area, children }: { area: Area; children: ReactNode }) {
  const t = useT(common);
  const { path } = useLocation();
  const { me, signOut } = useSession();
  const staff = isStaff(me);
  const items = NAV[area].filter((i) => !i.roles || (me && i.roles.includes(me.role)));
  const logout = async () => {
    await signOut();
    navigate('/');
  };
  return (
    <>
      <a className="skip-link" href="#main">
        {t('skip')}
      </a>
      <header className="site-header">
        <div className="container header-top">
          <Link to={area === 'staff' && staff ? '/arbeitsplatz' : '/'} className="brand">
            <span>{t('municipality')}</span>
            <small>{area === 'staff' ? t('productStaff') : t('product')}</small>
          </Link>
          <div className="header-tools">
            <Link to="/leichte-sprache">{t('easyLanguage')}</Link>
            <LanguageSwitch />
            {me ? (
              <>
                <span data-testid="signed-in">{t('signedInAs', { name: me.name, role: me.roleLabel })}</span>
                <button type="button" className="btn" onClick={() => void logout()}>
                  {t('logout')}
                </button>
              </>
            ) : area === 'staff' ? null : (
              <Link to="/anmelden">{t('login')}</Link>
            )}
          </div>
        </div>
        <nav className="main-nav" aria-label={t('mainNav')}>
          <ul className="container">
            {items.map((i) => (
              <li key={i.to}>
                <Link to={i.to} aria-current={isCurrent(i, path) ? 'page' : undefined}>
                  {t(i.label)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" className="site-main container" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <div className="container">
          <nav aria-label={t('footerNav')}>
            <ul>
              <li>
                <Link to="/barrierefreiheit">{t('accessibility')}</Link>
              </li>
              <li>
                <Link to="/barriere-melden">{t('reportBarrier')}</Link>
              </li>
              <li>
                <Link to="/leichte-sprache">{t('easyLanguage')}</Link>
              </li>
              <li>
                <Link to="/transparenz">{t('transparency')}</Link>
              </li>
              <li>
                <Link to="/datenschutz">{t('privacy')}</Link>
              </li>
              <li>
                <Link to="/experimentierraum">{t('sandbox')}</Link>
              </li>
              <li>
                <Link to="/anmelden/beschaeftigte">{t('staffLogin')}</Link>
              </li>
              <li>
                <a href="/api/docs">{t('apiDocs')}</a>
              </li>
            </ul>
          </nav>
          <p>{t('footerNote')}</p>
        </div>
      </footer>
    </>
  );
}
