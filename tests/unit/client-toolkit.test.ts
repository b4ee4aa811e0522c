/**
 * Static guard for the client side (CONTRIBUTING.md, "Where code goes"): polls, writes, confirmations and query keys
 * go through the shared toolkit in lib/client/ instead of being written again in a component. New files are picked
 * up automatically. (That no component imports a server-only module is guards.test.ts's.)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSourceFile, walkFiles } from '../support/walk-files';

describe('the client toolkit', () => {
  const componentFiles = [...walkFiles('components'), ...walkFiles('app')].filter(isSourceFile);
  // What a component would otherwise write again, and the toolkit piece that does it once.
  const HAND_WRITTEN = [
    [/\buseQuery\(/, 'poll through lib/client/use-live-report.ts'],
    [/\buseMutation\(/, 'write through lib/client/use-action-mutation.ts or use-confirmed-action.ts'],
    [/\bwindow\.confirm\(/, 'confirm through lib/client/use-confirmed-action.ts'],
    [/\bqueryKey:\s*\[/, 'take query keys from lib/client/keys/<domain>.ts'],
    // A write run in a transition and followed by a refresh is the confirmed-action hook written again.
    [/startTransition\([\s\S]{0,600}?router\.refresh\(\)/, 'run a write through lib/client/use-confirmed-action.ts'],
  ] as const;

  it.each(componentFiles)('%s uses the toolkit instead of its own copy', (file) => {
    const source = readFileSync(file, 'utf8');
    for (const [pattern, instead] of HAND_WRITTEN) expect(pattern.test(source), `${file}: ${instead}`).toBe(false);
  });

  it('has one FieldError, in components/ui/field-error.tsx', () => {
    const definitions = componentFiles.filter((file) =>
      /export function FieldError\b/.test(readFileSync(file, 'utf8')),
    );
    expect(definitions).toEqual([path.join('components', 'ui', 'field-error.tsx')]);
  });
});
