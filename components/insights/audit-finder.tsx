'use client';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';

/** Opens the content_audit browser filtered to one content item and/or one user. */
export function AuditFinder() {
  const router = useRouter();
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const params = new URLSearchParams();
    for (const column of ['content_id', 'user_id']) {
      const value = String(form.get(column) ?? '').trim();
      if (value) params.append('f', `${column}:eq:${value}`);
    }
    router.push(`/tables/content_audit?${params}`);
  }
  return (
    <form className="card toolbar" onSubmit={submit} aria-label="Find a content item or user">
      <label>
        content_id
        <input name="content_id" placeholder="cnt-00001" />
      </label>
      <label>
        user_id
        <input name="user_id" placeholder="user-42" />
      </label>
      <button type="submit">Show their entries</button>
    </form>
  );
}
