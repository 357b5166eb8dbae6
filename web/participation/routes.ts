import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Area, PageProps } from '../app/page.ts';

/**
 * The pages of participation (issue 10) and of the experimentation space, for web/app/routes.ts
 * (one spread there). Each page is its own chunk, loaded on first visit.
 */
const page = (load: () => Promise<{ default: ComponentType<PageProps> }>) => lazy(load);

export const PARTICIPATION_ROUTES: { path: string; area: Area; page: LazyExoticComponent<ComponentType<PageProps>> }[] = [
  { path: '/beteiligung', area: 'portal', page: page(() => import('./ConsultationsPage.tsx')) },
  { path: '/beteiligung/:id', area: 'portal', page: page(() => import('./ConsultationPage.tsx')) },
  { path: '/rueckmeldung', area: 'portal', page: page(() => import('./FeedbackPage.tsx')) },
  { path: '/mein-antrag/:id/widerspruch', area: 'portal', page: page(() => import('./ObjectionStatusPage.tsx')) },
  { path: '/dienstvereinbarung', area: 'portal', page: page(() => import('./ServiceAgreementPage.tsx')) },
  { path: '/experimentierraum', area: 'portal', page: page(() => import('../sandbox/SandboxPage.tsx')) },
  { path: '/experimentierraum/fall/:no', area: 'portal', page: page(() => import('../sandbox/SandboxCasePage.tsx')) },
  { path: '/arbeitsplatz/beteiligung', area: 'staff', page: page(() => import('./StaffDeskPage.tsx')) },
  { path: '/arbeitsplatz/beteiligung/:id', area: 'staff', page: page(() => import('./ModerationPage.tsx')) },
  { path: '/arbeitsplatz/personalrat', area: 'staff', page: page(() => import('./StaffCouncilPage.tsx')) },
  { path: '/arbeitsplatz/rueckmeldungen', area: 'staff', page: page(() => import('./FeedbackInboxPage.tsx')) },
  { path: '/arbeitsplatz/widersprueche', area: 'staff', page: page(() => import('./ObjectionsPage.tsx')) },
];
