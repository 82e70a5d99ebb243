import { describe, expect, it } from 'vitest';
import { UnclaimedSessions } from '../../server/src/api/unclaimedSessions';

/** A stand-in room: picked up (or ended) when `claimed` is set. */
interface FakeRoom {
  id: number;
  claimed: boolean;
}

function setUp(maxPerSite: number): { cap: UnclaimedSessions<FakeRoom>; clock: { now: number }; open: (site: string) => Promise<FakeRoom> } {
  const clock = { now: 1_000_000 };
  const cap = new UnclaimedSessions<FakeRoom>(maxPerSite, 60_000, (room) => !room.claimed, () => clock.now);
  let next = 0;
  const open = async (site: string): Promise<FakeRoom> => (await cap.open(site, async () => ({ room: { id: next++, claimed: false } }))).room;
  return { cap, clock, open };
}

describe('UnclaimedSessions', () => {
  it('lets a site open sessions up to its cap, each site on its own', async () => {
    const { cap, open } = setUp(2);
    expect(cap.retryAfterMs('a')).toBe(0);
    await open('a');
    expect(cap.retryAfterMs('a')).toBe(0);
    await open('a');
    expect(cap.retryAfterMs('a')).toBeGreaterThan(0);
    expect(cap.retryAfterMs('b')).toBe(0);
  });

  it('answers with the time until the oldest waiting session stops waiting', async () => {
    const { cap, clock, open } = setUp(2);
    await open('a');
    clock.now += 10_000;
    await open('a');
    clock.now += 5_000;
    expect(cap.retryAfterMs('a')).toBe(45_000);
  });

  it('frees a slot when a session is picked up or ends', async () => {
    const { cap, open } = setUp(2);
    const first = await open('a');
    await open('a');
    first.claimed = true;
    expect(cap.retryAfterMs('a')).toBe(0);
    await open('a');
    expect(cap.retryAfterMs('a')).toBeGreaterThan(0);
  });

  it('counts sessions still being opened, so concurrent requests cannot pass the cap', async () => {
    const { cap } = setUp(1);
    let finish: (opened: { room: FakeRoom }) => void = () => undefined;
    const opening = cap.open('a', () => new Promise<{ room: FakeRoom }>((resolve) => (finish = resolve)));
    expect(cap.retryAfterMs('a')).toBe(1);
    finish({ room: { id: 0, claimed: false } });
    await opening;
    expect(cap.retryAfterMs('a')).toBe(60_000);
  });

  it('stops counting a session whose opening failed', async () => {
    const { cap } = setUp(1);
    await expect(cap.open('a', () => Promise.reject(new Error('no free code')))).rejects.toThrow('no free code');
    expect(cap.retryAfterMs('a')).toBe(0);
  });
});
