import { describe, expect, it } from 'vitest';
import { parseTargetList, TargetListError } from './target-list';

describe('parseTargetList', () => {
  it('reads name=url pairs separated by spaces, newlines or semicolons', () => {
    const targets = parseTargetList(
      'replica-1=postgresql://u:p@r1:5433/db;analytics=postgres://a@h/x\n  old_pg=postgresql://o@h:6000/y?sslmode=require',
    );
    expect(targets.map((t) => [t.name, t.connection.host, t.connection.port, t.connection.database])).toEqual([
      ['replica-1', 'r1', 5433, 'db'],
      ['analytics', 'h', 5432, 'x'],
      ['old_pg', 'h', 6000, 'y'],
    ]);
  });

  it('is empty when unset or blank', () => {
    expect(parseTargetList(undefined)).toEqual([]);
    expect(parseTargetList('  ')).toEqual([]);
  });

  it.each([
    ['postgresql://u@h/db', 'entry 1 is not name=url'],
    ['Replica=postgresql://u@h/db', '"Replica" is not a target name'],
    ['primary=postgresql://u@h/db', 'cannot be configured again'],
    ['a=postgresql://u@h/db b=postgresql://u@h/db a=postgresql://u@h/x', 'names "a" twice'],
    ['a=mysql://u:secret@h/db', 'entry "a": it must start with postgresql://'],
  ])('refuses %s with a message naming the problem', (value, message) => {
    expect(() => parseTargetList(value)).toThrow(TargetListError);
    expect(() => parseTargetList(value)).toThrow(message);
  });

  it('never repeats a password in its messages', () => {
    try {
      parseTargetList('a=postgresql://u:hunter2-secret@h:99999/db');
      expect.unreachable();
    } catch (error) {
      expect(String(error)).not.toContain('hunter2-secret');
      expect(String(error)).toContain('entry "a"');
    }
  });
});
