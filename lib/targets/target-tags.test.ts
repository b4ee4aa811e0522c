import { describe, expect, it } from 'vitest';
import { parseTagList, parseTargetTags } from './target-tags';

describe('tags of one target', () => {
  it('splits on commas and spaces, drops repeats and keeps the order given', () => {
    expect(parseTagList('prod, eu  team-a,prod')).toEqual(['prod', 'eu', 'team-a']);
    expect(parseTagList('  ')).toEqual([]);
  });

  it('names the tag that is wrong, and refuses more than eight', () => {
    expect(() => parseTagList('prod, EU')).toThrow('"EU" is not a tag: use 1–30 lower-case letters');
    expect(() => parseTagList('9lives')).toThrow('"9lives" is not a tag');
    expect(() => parseTagList('a'.repeat(31))).toThrow('is not a tag');
    expect(() => parseTagList('a b c d e f g h i')).toThrow('9 tags: a target may have at most 8');
  });
});

describe('TARGET_TAGS', () => {
  it('reads name=tag,tag entries separated by whitespace or semicolons', () => {
    expect(parseTargetTags('primary=prod,eu replica-1=prod;\nreporting=staging')).toEqual(
      new Map([
        ['primary', ['prod', 'eu']],
        ['replica-1', ['prod']],
        ['reporting', ['staging']],
      ]),
    );
    expect(parseTargetTags(undefined)).toEqual(new Map());
    expect(parseTargetTags('')).toEqual(new Map());
  });

  it('names the entry of every problem', () => {
    expect(() => parseTargetTags('primary=prod prod')).toThrow('TARGET_TAGS entry 2 ("prod") is not name=tag,tag');
    expect(() => parseTargetTags('=prod')).toThrow('TARGET_TAGS entry 1 ("=prod") is not name=tag,tag');
    expect(() => parseTargetTags('primary=prod primary=eu')).toThrow('TARGET_TAGS names "primary" twice');
    expect(() => parseTargetTags('primary=')).toThrow('TARGET_TAGS entry "primary" has no tags');
    expect(() => parseTargetTags('primary=prod,Prod')).toThrow(
      'TARGET_TAGS entry "primary": "Prod" is not a tag: use 1–30 lower-case letters',
    );
  });

  it('refuses a target that is neither primary nor in TARGETS when the targets are given', () => {
    expect(parseTargetTags('primary=prod', ['primary', 'replica-1']).get('primary')).toEqual(['prod']);
    expect(() => parseTargetTags('replica-9=prod', ['primary', 'replica-1'])).toThrow(
      'TARGET_TAGS entry "replica-9": there is no such target in TARGETS',
    );
  });
});
