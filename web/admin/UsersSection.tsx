import { useEffect, useState, type FormEvent } from 'react';
import { useAnnounce } from '../shared/a11y.tsx';
import { ApiError, api, callAs } from '../shared/api.ts';
import type { Me, StaffUser } from '../shared/api-views.ts';
import { ErrorSummary, SelectField, TextField } from '../shared/form.tsx';
import { useT } from '../shared/i18n.tsx';
import { Alert, Button } from '../shared/kolibri.tsx';
import { ad, type AdKey } from './messages.ts';

const ROLES = ['caseworker', 'team_lead', 'admin', 'dpo', 'auditor'] as const;
type Role = (typeof ROLES)[number];

export function UsersSection({ me }: { me: Me }) {
  const t = useT(ad);
  const announce = useAnnounce();
  const [users, setUsers] = useState<StaffUser[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [form, setForm] = useState({ username: '', displayName: '', role: '', teamId: '' });
  const [shown, setShown] = useState(false);
  const load = async () => {
    try {
      setUsers((await callAs<{ items: StaffUser[] }>(api.GET('/api/admin/users'))).items);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  useEffect(() => {
    void load();
  }, []);
  const roleLabel = (r: string) => t(`role_${r}` as AdKey);
  const errs = {
    username: /^[a-z0-9._-]{3,50}$/.test(form.username) ? null : t('usernameInvalid'),
    displayName: form.displayName.trim() ? null : t('nameMissing'),
    role: form.role ? null : t('roleMissing'),
  };
  const create = async (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    if (errs.username || errs.displayName || errs.role) return;
    try {
      const r = await callAs<{ user: StaffUser; initialPassword: string }>(
        api.POST('/api/admin/users', { body: { username: form.username, displayName: form.displayName.trim(), role: form.role as Role, ...(form.teamId.trim() ? { teamId: form.teamId.trim() } : {}) } }),
      );
      setSecret(t('initialPassword', { user: r.user.username, password: r.initialPassword }));
      setForm({ username: '', displayName: '', role: '', teamId: '' });
      setShown(false);
      await load();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  };
  const patch = async (u: StaffUser, body: { role?: Role; active?: boolean; resetPassword?: boolean }) => {
    try {
      const r = await callAs<{ user: StaffUser; initialPassword?: string }>(api.PATCH('/api/admin/users/{id}', { params: { path: { id: u.id } }, body }));
      if (r.initialPassword) setSecret(t('initialPassword', { user: u.username, password: r.initialPassword }));
      announce(t('saved'));
      await load();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  };
  return (
    <>
      <p>{t('usersIntro')}</p>
      {error && (
        <Alert type="error" title={t('users')} live>
          <span lang="de">{error}</span>
        </Alert>
      )}
      {secret && (
        <Alert type="warning" title={t('newUser')} live>
          <span data-testid="initial-password">{secret}</span>
        </Alert>
      )}
      <div className="table-wrap">
        <table data-testid="users">
          <caption>{t('usersCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('username')}</th>
              <th scope="col">{t('displayName')}</th>
              <th scope="col">{t('role')}</th>
              <th scope="col">{t('team')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">{t('actions')}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <th scope="row">{u.username}</th>
                <td>{u.displayName}</td>
                <td>
                  {u.id === me.id ? (
                    roleLabel(u.role)
                  ) : (
                    <SelectField id={`role-${u.username}`} label={t('changeRole', { user: u.username })} value={u.role} onChange={(v) => void patch(u, { role: v as Role })} options={ROLES.map((r) => ({ value: r, label: roleLabel(r) }))} />
                  )}
                </td>
                <td>{u.teamId ?? '–'}</td>
                <td>
                  {u.active ? t('active') : t('inactive')}
                  {u.oidc ? ` · ${t('sso')}` : ''}
                </td>
                <td>
                  {u.id !== me.id && (
                    <div className="actions">
                      <button type="button" className="btn" onClick={() => void patch(u, { active: !u.active })}>
                        {u.active ? t('deactivate', { user: u.username }) : t('activate', { user: u.username })}
                      </button>
                      <button type="button" className="btn" onClick={() => void patch(u, { resetPassword: true })}>
                        {t('resetPassword', { user: u.username })}
                      </button>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form onSubmit={(e) => void create(e)} noValidate className="panel" aria-labelledby="new-user">
        <h2 id="new-user">{t('newUser')}</h2>
        <ErrorSummary
          title={t('newUser')}
          errors={
            shown
              ? (Object.entries(errs)
                  .filter(([, v]) => v)
                  .map(([k, v]) => ({ fieldId: `user-${k}`, message: v! })) as { fieldId: string; message: string }[])
              : []
          }
        />
        <TextField id="user-username" label={t('username')} hint={t('usernameHint')} required value={form.username} onChange={(v) => setForm({ ...form, username: v })} error={shown ? errs.username : null} width="medium" />
        <TextField id="user-displayName" label={t('displayName')} required value={form.displayName} onChange={(v) => setForm({ ...form, displayName: v })} error={shown ? errs.displayName : null} width="medium" />
        <SelectField id="user-role" label={t('role')} required value={form.role} onChange={(v) => setForm({ ...form, role: v })} placeholder="—" options={ROLES.map((r) => ({ value: r, label: roleLabel(r) }))} error={shown ? errs.role : null} />
        <TextField id="user-team" label={t('team')} value={form.teamId} onChange={(v) => setForm({ ...form, teamId: v })} width="medium" optionalText="" />
        <Button label={t('create')} type="submit" variant="primary" data-testid="user-create" />
      </form>
    </>
  );
}
