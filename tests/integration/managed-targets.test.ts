/**
 * Targets added in the console (lib/targets/managed-targets.ts): their tags changed after they were added — stored,
 * seen by the registry the fleet page and sampler read, audited with both lists — and a wrong tag or a target removed
 * meanwhile refused with a message that says so.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { getPrisma } from '@/lib/db';

const actor = { id: null, email: 'admin@example.com' };

beforeAll(() => {
  // Before any console module reads the environment (lib/env.ts caches it).
  process.env.TARGETS_SECRET_KEY = 'managed-targets-test-secret-key-0123456789';
});

const lib = async () => ({
  ...(await import('@/lib/targets/managed-targets')),
  ...(await import('@/lib/targets/registry')),
});

describe('the tags of a console-added target', () => {
  it('are changed, seen by the registry, audited; a wrong tag or a removed target is refused', async () => {
    const { addManagedTarget, setManagedTargetTags, removeManagedTarget, getTargetRegistry } = await lib();
    const added = await addManagedTarget(actor, 'tags-later', inject('databaseUrl'), ['prod']);
    try {
      const changed = await setManagedTargetTags(actor, added.id, ['staging', 'eu']);
      expect(changed).toMatchObject({ id: added.id, name: 'tags-later', tags: ['staging', 'eu'] });
      const registry = await getTargetRegistry();
      expect(registry.targets.find((target) => target.name === 'tags-later')?.tags).toEqual(['staging', 'eu']);
      const audit = await getPrisma().auditEvent.findMany({
        where: { target: 'target:tags-later', action: 'target.tags' },
      });
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        actorEmail: 'admin@example.com',
        before: { tags: ['prod'] },
        after: { tags: ['staging', 'eu'] },
      });

      await expect(setManagedTargetTags(actor, added.id, ['Bad!'])).rejects.toThrow(/"Bad!" is not a tag/);
      expect((await getPrisma().monitoredTarget.findUnique({ where: { id: added.id } }))?.tags).toEqual([
        'staging',
        'eu',
      ]);
      expect((await setManagedTargetTags(actor, added.id, [])).tags).toEqual([]);
    } finally {
      await removeManagedTarget(actor, added.id);
    }
    const removed = setManagedTargetTags(actor, added.id, ['prod']);
    await expect(removed).rejects.toBeInstanceOf(AppError);
    await expect(removed).rejects.toMatchObject({ code: 'not_found' });
  });
});
