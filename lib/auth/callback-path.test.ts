import { describe, expect, it } from 'vitest';
import { safeCallbackPath } from './callback-path';

const ORIGIN = 'http://localhost:3000';

describe('safeCallbackPath', () => {
  it('keeps a path of the console, with its query and fragment', () => {
    expect(safeCallbackPath('/activity', ORIGIN)).toBe('/activity');
    expect(safeCallbackPath('/tables/content_audit?f=operation%3Aeq%3Acreate#x', ORIGIN)).toBe(
      '/tables/content_audit?f=operation%3Aeq%3Acreate#x',
    );
  });

  it.each([
    ['/\\evil.example/'],
    ['//evil.example/'],
    ['/%5Cevil.example/'],
    ['/%5cevil.example'],
    ['/%2F%2Fevil.example'],
    ['/%252F%252Fevil.example'],
    ['/\tevil'],
    ['/%09/evil.example'],
    ['/%0d%0aSet-Cookie:x=1'],
    ['https://evil.example/'],
    ['javascript:alert(1)'],
    ['evil.example'],
    [''],
    [null],
  ])('sends %j to the overview', (requested) => {
    expect(safeCallbackPath(requested, ORIGIN)).toBe('/');
  });
});
