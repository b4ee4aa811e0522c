import { describe, expect, it } from 'vitest';
import { SharedReads } from './shared-reads';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

/** A load that counts its calls and answers what `answer` says, when released. */
function loader(answer: (call: number) => Promise<string>) {
  let calls = 0;
  return { load: () => answer(++calls), calls: () => calls };
}

describe('shared reads of a server', () => {
  it('reads once for every database of a server within the age limit, then afresh', async () => {
    const time = clock();
    const reads = new SharedReads<string>(5_000, time.now);
    const { load, calls } = loader(async (call) => `read ${call}`);
    const first = await reads.read('server-a', load);
    time.advance(2_000);
    const second = await reads.read('server-a', load);
    expect(second).toEqual(first);
    expect(first.readAt.getTime()).toBe(1_000_000);
    expect(calls()).toBe(1);
    time.advance(3_001);
    expect((await reads.read('server-a', load)).value).toBe('read 2');
    expect(calls()).toBe(2);
  });

  it('keeps servers apart', async () => {
    const reads = new SharedReads<string>(5_000, clock().now);
    const { load, calls } = loader(async (call) => `read ${call}`);
    expect((await reads.read('server-a', load)).value).toBe('read 1');
    expect((await reads.read('server-b', load)).value).toBe('read 2');
    expect(calls()).toBe(2);
  });

  it('joins a read under way instead of starting another', async () => {
    const reads = new SharedReads<string>(5_000, clock().now);
    let release!: (value: string) => void;
    const { load, calls } = loader(() => new Promise((resolve) => (release = resolve)));
    const both = Promise.all([reads.read('server-a', load), reads.read('server-a', load)]);
    release('the one read');
    expect((await both).map((read) => read.value)).toEqual(['the one read', 'the one read']);
    expect(calls()).toBe(1);
  });

  it("a failed read is its caller's alone: the one who joined it reads for itself, and nothing failed is kept", async () => {
    const reads = new SharedReads<string>(5_000, clock().now);
    let fail!: (error: Error) => void;
    const broken = () => new Promise<string>((_, reject) => (fail = reject));
    const { load: ownLoad, calls } = loader(async () => 'read on my own connection');
    const first = reads.read('server-a', broken);
    const joined = reads.read('server-a', ownLoad);
    fail(new Error('Connection terminated unexpectedly'));
    await expect(first).rejects.toThrow('Connection terminated');
    expect((await joined).value).toBe('read on my own connection');
    expect(calls()).toBe(1);
    // Not kept: the next caller reads again.
    expect((await reads.read('server-a', ownLoad)).value).toBe('read on my own connection');
    expect(calls()).toBe(2);
  });

  it('forgets the reads of servers no longer asked about (a restarted server has a new key)', async () => {
    const time = clock();
    const reads = new SharedReads<string>(5_000, time.now);
    await reads.read('server-before-restart', async () => 'old');
    time.advance(6_000);
    await reads.read('server-after-restart', async () => 'new');
    expect(reads.size()).toBe(1);
  });
});
