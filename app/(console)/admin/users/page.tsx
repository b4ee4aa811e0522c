import { SectionFailure } from '@/components/reports/section-failure';
import { CreateUserForm } from '@/components/users/create-user-form';
import { UserControls } from '@/components/users/user-controls';
import { requirePageRole } from '@/lib/auth/session';
import { getPrisma } from '@/lib/db';
import { formatTimestamp } from '@/lib/format';
import { settleSection } from '@/lib/monitoring/sections';
import { listUsers } from '@/lib/users/users';

export const metadata = { title: 'Users · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

export default async function UsersPage() {
  const admin = await requirePageRole('admin');
  const users = await settleSection(() => listUsers(getPrisma()));
  return (
    <>
      <h1>Users</h1>
      <p className="stat-detail">
        Roles: a viewer reads everything; an operator can also act on the database; an admin also manages users and sees
        the audit log.
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
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
