import { describe, expect, it } from 'vitest';
import { CloseCode } from '../../protocol/closeCodes';
import { CONSOLE_STRINGS } from '../../agent-viewer/src/consoleI18n';
import { endedText, relayCloseText, relayErrorText } from '../../agent-viewer/src/relayTexts';

const zh = CONSOLE_STRINGS['zh-CN'];
const en = CONSOLE_STRINGS.en;

describe('relay close texts', () => {
  it('localises every close code the relay uses, whatever English reason comes with it', () => {
    const cases: Array<[number, string, string]> = [
      [1012, 'relay restarting: reconnect to resume', zh.relayRestarting],
      [CloseCode.sessionEnded, 'replaced by a newer page', zh.relaySessionEnded],
      [CloseCode.unauthorized, 'ticket refused: unknown, already used or expired', zh.relayUnauthorized],
      [CloseCode.protocolError, '"join" sent twice', zh.relayProtocolError],
      [CloseCode.denied, 'the shopper declined', zh.declined],
      [CloseCode.unknownSession, 'unknown or ended session', zh.relayUnknownSession],
      [CloseCode.tooSlow, 'viewer too slow: reconnect to resync', zh.relayTooSlow],
      [CloseCode.signInTimeout, 'no sign-in within 10 s', zh.relaySignInTimeout],
      [CloseCode.rateLimited, 'rate limit exceeded', zh.relayRateLimited],
      [1006, 'HTTP 503', zh.disconnected],
    ];
    for (const [code, reason, text] of cases) expect(relayCloseText(code, reason, zh), `${code}`).toBe(text);
  });

  it('uses the more precise text of a known reason, with its numbers', () => {
    expect(relayCloseText(CloseCode.unknownSession, 'no waiting session has code 000123', zh)).toBe('没有会话码为 000123 的等待中会话');
    expect(relayCloseText(CloseCode.rateLimited, 'too many wrong session codes: retry in 42 s', zh)).toBe('错误的会话码过多，请在 42 秒后重试');
    expect(relayCloseText(CloseCode.rateLimited, 'too many sockets for this agent (at most 5)', en)).toBe('You have too many sessions open (at most 5)');
    expect(relayCloseText(CloseCode.unauthorized, 'agent token expired', zh)).toBe(zh.relayTokenExpired);
    expect(relayCloseText(CloseCode.sessionEnded, 'session ended: shopper-stopped', zh)).toBe(zh.endedShopperStopped);
    expect(relayCloseText(CloseCode.sessionEnded, 'session ended: something-new', zh)).toBe(zh.relaySessionEnded);
  });

  it('shows the relay’s own text only for a code it does not know, else says it is disconnected', () => {
    expect(relayCloseText(4999, 'a brand new reason', zh)).toBe('a brand new reason');
    expect(relayCloseText(1005, '', zh)).toBe(zh.disconnected);
  });
});

describe('relay error texts', () => {
  it('localises the error messages the relay sends the console', () => {
    expect(relayErrorText('no waiting session has code 483920', zh)).toBe('没有会话码为 483920 的等待中会话');
    expect(relayErrorText('no waiting session has code 483920', en)).toBe('No waiting session has code 483920');
    expect(relayErrorText('too many wrong session codes: retry in 7 s', en)).toBe('Too many wrong session codes: try again in 7 s');
    expect(relayErrorText('agent token expired', zh)).toBe('您的登录已过期');
    expect(relayErrorText('ticket refused: unknown, already used or expired', zh)).toBe(zh.relayUnauthorized);
  });

  it('shows an unknown error message as sent', () => {
    expect(relayErrorText('something the console has never heard of', zh)).toBe('something the console has never heard of');
  });
});

describe('ended texts', () => {
  it('names each end reason in the console’s language', () => {
    expect(endedText('shopper-left', zh)).toBe('顾客已离开页面');
    expect(endedText('expired', en)).toBe('The session expired');
  });
});
