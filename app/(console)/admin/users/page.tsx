import { SectionFailure } from '@/components/reports/section-failure';
import { CreateUserForm } from '@/components/users/create-user-form';
import { TargetRoleControls } from '@/components/users/target-role-controls';
import { UserControls } from '@/components/users/user-controls';
import { requirePageRole } from '@/lib/auth/session';
import { getPrisma } from '@/lib/db';
import { formatTimestamp } from '@/lib/format';
import { settleSection } from '@/lib/monitoring/sections';
import { listTargets } from '@/lib/targets/registry';
import { listTargetRolesByUser } from '@/lib/users/target-roles';
import { listUsers } from '@/lib/users/users';

export const metadata = { title: 'Users · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

export default async function UsersPage() {
  const admin = await requirePageRole('admin');
  const users = await settleSection(() => listUsers(getPrisma()));
  // Per-target roles: their own section of data, so the users still list if these cannot be read.
  const narrowing = await settleSection(async () => {
    const [rows, targets] = await Promise.all([listTargetRolesByUser(getPrisma()), listTargets()]);
    return { rows, targets: targets.map((target) => target.name) };
  });
  return (
    <>
      <h1>Users</h1>
      <p className="stat-detail">
        Roles: a viewer reads everything; an operator can also act on the database; an admin also manages users and sees
        the audit log. A role can be narrowed on a target (operator everywhere, viewer on primary): every action on that
        target then follows the lower role. Narrowings from the identity provider&rsquo;s groups are shown, not changed
        here.
      </p>
      <section className="card" aria-labelledby="add-user-heading" style={{ marginBottom: '1rem' }}>
        <h2 id="add-user-heading">Add a user</h2>
        <CreateUserForm />
      </section>
      {!users.ok ? (
        <SectionFailure failure={users} />
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">E-mail</th>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
                <th scope="col">Role and access</th>
                <th scope="col">Narrowed on targets</th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((user) => (
                <tr key={user.id}>
                  <td>{user.email}</td>
                  <td>{user.name}</td>
                  <td className={user.disabled ? 'status-bad' : 'status-ok'}>
                    {user.disabled ? 'disabled' : 'enabled'}
                  </td>
                  <td>{formatTimestamp(user.createdAt)}</td>
                  <td>
                    <UserControls
                      user={{ id: user.id, email: user.email, role: user.role, disabled: user.disabled }}
                      isSelf={user.id === admin.id}
                    />
                  </td>
                  <td>
                    {narrowing.ok ? (
                      <TargetRoleControls
                        user={{ id: user.id, email: user.email, role: user.role }}
                        rows={narrowing.data.rows.get(user.id) ?? []}
                        targets={narrowing.data.targets}
                      />
                    ) : (
                      <span className="status-warn">{narrowing.message}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
