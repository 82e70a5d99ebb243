import { describe, expect, it } from 'vitest';
import { defaultMarkColor } from '../../agent-viewer/src/agentColor';
import { agentFromToken } from '../../agent-viewer/src/agentCredentials';
import { CONSOLE_STRINGS } from '../../agent-viewer/src/consoleI18n';
import { PRESET_COLORS } from '../../agent-viewer/src/tools/toolbar';
import { watchingText } from '../../agent-viewer/src/viewerNames';
import { formatWaitingTime } from '../../agent-viewer/src/waitingTime';
import { signAgentToken } from '../../server/src/auth/agentToken';

describe('formatWaitingTime', () => {
  it('reads like a clock: m:ss, then h:mm:ss', () => {
    expect(formatWaitingTime(0)).toBe('0:00');
    expect(formatWaitingTime(999)).toBe('0:00');
    expect(formatWaitingTime(42_000)).toBe('0:42');
    expect(formatWaitingTime(12 * 60_000 + 5_000)).toBe('12:05');
    expect(formatWaitingTime(3_723_000)).toBe('1:02:03');
    expect(formatWaitingTime(-5_000)).toBe('0:00');
  });
});

describe('watchingText', () => {
  const alice = { id: 'a', name: 'Alice', org: 'Support' };
  const bob = { id: 'b', name: 'Bob' };
  it('names the other agents, never this one', () => {
    expect(watchingText([alice], 'a', CONSOLE_STRINGS.en)).toBe('only you');
    expect(watchingText([alice, bob], 'b', CONSOLE_STRINGS.en)).toBe('you and Alice (Support)');
    expect(watchingText([alice, bob], null, CONSOLE_STRINGS['zh-CN'])).toBe('您和 Alice (Support), Bob');
  });
});

describe('defaultMarkColor', () => {
  it('is a preset colour, stable per agent, and differs between agents', () => {
    expect(PRESET_COLORS).toContain(defaultMarkColor('agent-alice'));
    expect(defaultMarkColor('agent-alice')).toBe(defaultMarkColor('agent-alice'));
    const colors = new Set(['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8'].map(defaultMarkColor));
    expect(colors.size).toBeGreaterThan(1);
  });
});

describe('agentFromToken', () => {
  it('reads sub and name (unicode too) from a JWT payload', () => {
    const token = signAgentToken({ sub: 'agent-li', name: '李伟', org: '客服' }, 'x'.repeat(32));
    expect(agentFromToken(token)).toEqual({ id: 'agent-li', name: '李伟' });
  });

  it('gives null for anything that is not a readable JWT', () => {
    for (const token of ['', 'garbage', 'a.b.c', `x.${Buffer.from('{"sub":1}').toString('base64url')}.y`]) expect(agentFromToken(token)).toBeNull();
  });
});
