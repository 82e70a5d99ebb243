import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../protocol/annotation';
import type { AuditEvent } from '../../server/src/audit/auditLog';
import { LASER_BURST_GAP_MS, MarkForwarding } from '../../server/src/relay/markForwarding';
import { createRelayCounters } from '../../server/src/relay/relayCounters';

const alice = { id: 'agent-alice', name: 'Alice' };
const bob = { id: 'agent-bob', name: 'Bob' };
const mark = (shape: Annotation['shape'], id = 'm1'): Annotation => ({
  id,
  shape,
  color: '#123456',
  stream: 1,
  anchor: null,
  box: { x: 0, y: 0, w: 10, h: 10 },
  ...(shape === 'laser' ? { points: [{ x: 0.5, y: 0.5 }] } : {}),
});

function setUp(): { forwarding: MarkForwarding; shopper: object[]; viewers: object[]; audit: Array<Pick<AuditEvent, 'type' | 'actor' | 'detail'>>; counters: ReturnType<typeof createRelayCounters> } {
  const shopper: object[] = [];
  const viewers: object[] = [];
  const audit: Array<Pick<AuditEvent, 'type' | 'actor' | 'detail'>> = [];
  const counters = createRelayCounters();
  const forwarding = new MarkForwarding(
    counters,
    { broadcast: (message) => viewers.push(message) },
    (message) => shopper.push(message),
    (type, actor, detail) => audit.push({ type, actor, ...(detail ? { detail } : {}) }),
  );
  return { forwarding, shopper, viewers, audit, counters };
}

describe('MarkForwarding', () => {
  it('audits a laser once per burst and every other mark each time', () => {
    const { forwarding, shopper, audit, counters } = setUp();
    forwarding.forward(alice, { t: 'annotate', annotation: mark('laser') }, 1000);
    forwarding.forward(alice, { t: 'annotate', annotation: mark('laser') }, 1000 + LASER_BURST_GAP_MS);
    forwarding.forward(alice, { t: 'annotate', annotation: mark('laser') }, 1000 + 2 * LASER_BURST_GAP_MS);
    forwarding.forward(bob, { t: 'annotate', annotation: mark('laser') }, 1000 + 2 * LASER_BURST_GAP_MS);
    forwarding.forward(alice, { t: 'annotate', annotation: mark('laser') }, 1000 + 3 * LASER_BURST_GAP_MS + 1);
    forwarding.forward(alice, { t: 'annotate', annotation: mark('rect') }, 1000 + 3 * LASER_BURST_GAP_MS + 2);
    forwarding.forward(alice, { t: 'annotate', annotation: mark('rect') }, 1000 + 3 * LASER_BURST_GAP_MS + 3);
    expect(shopper).toHaveLength(7);
    expect(counters.annotationsForwarded).toBe(7);
    expect(counters.laserForwarded).toBe(5);
    expect(audit.map((e) => `${e.actor}:${e.detail?.['shape']}`)).toEqual([
      'agent-alice:laser',
      'agent-bob:laser',
      'agent-alice:laser',
      'agent-alice:rect',
      'agent-alice:rect',
    ]);
    expect(forwarding.sentCount).toBe(5);
  });

  it('signs removals and clears with the agent and tells the viewers of a dismissal', () => {
    const { forwarding, shopper, viewers, audit, counters } = setUp();
    forwarding.forward(alice, { t: 'unannotate', id: 'm9' });
    forwarding.forward(bob, { t: 'clear-marks' });
    forwarding.dismissed();
    expect(shopper).toStrictEqual([
      { t: 'annotation', op: 'remove', id: 'm9', by: alice },
      { t: 'annotation', op: 'clear', by: bob },
    ]);
    expect(viewers).toStrictEqual([{ t: 'dismissed' }]);
    expect(audit).toStrictEqual([
      { type: 'annotation.removed', actor: 'agent-alice', detail: { id: 'm9' } },
      { type: 'annotations.cleared', actor: 'agent-bob' },
      { type: 'annotations.dismissed', actor: 'shopper' },
    ]);
    expect(counters.markRemovalsForwarded).toBe(2);
    expect(forwarding.sentCount).toBe(0);
  });
});
