import { describe, expect, it } from 'vitest';
import { prepareExplainableText } from './explain';

describe('prepareExplainableText', () => {
  it('strips comments and a trailing semicolon and counts placeholders', () => {
    expect(prepareExplainableText('/* app */ SELECT * FROM t WHERE a = $1 AND b = $2; ')).toEqual({
      statement: 'SELECT * FROM t WHERE a = $1 AND b = $2',
      parameterCount: 2,
    });
  });

  it('ignores semicolons and dollar signs inside string literals', () => {
    expect(prepareExplainableText("SELECT 'a;b', '$9' FROM t")).toEqual({
      statement: "SELECT 'a;b', '$9' FROM t",
      parameterCount: 0,
    });
  });

  it('refuses several statements and non-explainable ones', () => {
    expect(() => prepareExplainableText('SELECT 1; SELECT 2')).toThrow('one statement only');
    expect(() => prepareExplainableText('CREATE TABLE x (a int)')).toThrow('can be explained');
    expect(() => prepareExplainableText('-- only a comment')).toThrow('can be explained');
  });
});
