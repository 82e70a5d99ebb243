import { describe, expect, it } from 'vitest';
import { ConnectionQuota } from '../../server/src/relay/connectionQuota';

describe('ConnectionQuota', () => {
  it('counts per key up to the cap and frees a slot on release', () => {
    const quota = new ConnectionQuota(2);
    expect(quota.tryOpen('1.2.3.4')).toBe(true);
    expect(quota.tryOpen('1.2.3.4')).toBe(true);
    expect(quota.tryOpen('1.2.3.4')).toBe(false);
    expect(quota.tryOpen('5.6.7.8')).toBe(true);
    quota.release('1.2.3.4');
    expect(quota.tryOpen('1.2.3.4')).toBe(true);
    expect(quota.tryOpen('1.2.3.4')).toBe(false);
    quota.release('5.6.7.8');
    expect(quota.tryOpen('5.6.7.8')).toBe(true);
    expect(quota.tryOpen('5.6.7.8')).toBe(true);
    expect(quota.tryOpen('5.6.7.8')).toBe(false);
  });
});
