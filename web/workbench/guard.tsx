import type { ReactNode } from 'react';
import type { Me } from '../shared/api-views.ts';
import { PageHeading } from '../shared/a11y.tsx';
import { useT } from '../shared/i18n.tsx';
import { common } from '../shared/messages.ts';
import { Redirect, useLocation } from '../shared/router.tsx';
import { isStaff, useSession } from '../shared/session.tsx';

/**
 * Staff pages: without a staff sign-in → the sign-in page (and back afterwards); with a role
 * the page does not admit → a clear message. The server checks every request anyway.
 */
export function StaffOnly({ roles, title, children }: { roles: readonly string[]; title: string; children: (me: Me) => ReactNode }) {
  const { me, loading } = useSession();
  const { path } = useLocation();
  const tc = useT(common);
  if (loading) return <p role="status">{tc('loading')}</p>;
  if (!isStaff(me)) return <Redirect to={`/anmelden/beschaeftigte?weiter=${encodeURIComponent(path)}`} />;
  if (!roles.includes(me!.role))
    return (
      <>
        <PageHeading>{title}</PageHeading>
        <p>{tc('forbidden')}</p>
      </>
    );
  return <>{children(me!)}</>;
}
