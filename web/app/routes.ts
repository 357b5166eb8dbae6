import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import { StartPage } from '../citizen/StartPage.tsx';
import { PARTICIPATION_ROUTES } from '../participation/routes.ts';
import type { Area, PageProps } from './page.ts';

/**
 * Every page of the web app. A page is a component taking the route's `params`; it is
 * loaded when first visited (own JavaScript chunk), except the start page, which is part of
 * the first load. `area` chooses the navigation; `staff` pages need a staff sign-in.
 * To add a page: add a line here (see docs/web.md).
 */
export interface RouteDef {
  path: string;
  area: Area;
  page: ComponentType<PageProps> | LazyExoticComponent<ComponentType<PageProps>>;
}

const page = (load: () => Promise<{ default: ComponentType<PageProps> }>) => lazy(load);

export const ROUTES: RouteDef[] = [
  { path: '/', area: 'portal', page: StartPage },
  { path: '/leichte-sprache', area: 'portal', page: page(() => import('../citizen/EasyLanguagePage.tsx')) },
  { path: '/barrierefreiheit', area: 'portal', page: page(() => import('../citizen/AccessibilityPage.tsx')) },
  { path: '/barriere-melden', area: 'portal', page: page(() => import('../citizen/BarrierReportPage.tsx')) },
  { path: '/datenschutz', area: 'portal', page: page(() => import('../citizen/PrivacyPage.tsx')) },
  { path: '/leistungen', area: 'portal', page: page(() => import('../citizen/ServicesPage.tsx')) },
  { path: '/leistungen/:id', area: 'portal', page: page(() => import('../citizen/ServicePage.tsx')) },
  { path: '/rechner/:packId', area: 'portal', page: page(() => import('../citizen/CalculatorPage.tsx')) },
  { path: '/antrag/:packId', area: 'portal', page: page(() => import('../citizen/ApplicationPage.tsx')) },
  { path: '/anmelden', area: 'portal', page: page(() => import('../citizen/CitizenLoginPage.tsx')) },
  { path: '/mein-antrag', area: 'portal', page: page(() => import('../citizen/MyCasesPage.tsx')) },
  { path: '/mein-antrag/:id', area: 'portal', page: page(() => import('../citizen/CitizenCasePage.tsx')) },
  { path: '/transparenz', area: 'portal', page: page(() => import('../citizen/TransparencyPage.tsx')) },
  { path: '/anmelden/beschaeftigte', area: 'staff', page: page(() => import('../workbench/StaffLoginPage.tsx')) },
  { path: '/arbeitsplatz', area: 'staff', page: page(() => import('../workbench/QueuePage.tsx')) },
  { path: '/arbeitsplatz/faelle/:id', area: 'staff', page: page(() => import('../workbench/CasePage.tsx')) },
  { path: '/arbeitsplatz/neuberechnung', area: 'staff', page: page(() => import('../workbench/RecalcPage.tsx')) },
  { path: '/arbeitsplatz/vorschlaege/:id', area: 'staff', page: page(() => import('../workbench/ProposalPage.tsx')) },
  { path: '/arbeitsplatz/gleichbehandlung', area: 'staff', page: page(() => import('../workbench/FairnessPage.tsx')) },
  { path: '/verwaltung', area: 'staff', page: page(() => import('../admin/AdminPage.tsx')) },
  { path: '/verwaltung/:section', area: 'staff', page: page(() => import('../admin/AdminPage.tsx')) },
  ...PARTICIPATION_ROUTES,
];
