/**
 * What the console says about the relay's `error` messages, `ended` reasons and close codes,
 * in the console's language. Only a close code the console does not know shows the relay's
 * own (English) text. Pure.
 */
import { CloseCode } from '../../protocol/closeCodes';
import type { EndReason } from '../../protocol/messages';
import { fillIn, type ConsoleStringKey, type ConsoleStrings } from './consoleI18n';

/** The relay restarted or lost its other nodes (WebSocket "service restart"). */
const SERVICE_RESTART = 1012;
/** The connection dropped without a close frame (also what the console reports when it cannot get a ticket). */
const ABNORMAL_CLOSURE = 1006;

const ENDED_TEXT: Record<EndReason, ConsoleStringKey> = {
  'shopper-stopped': 'endedShopperStopped',
  'agent-ended': 'endedAgentEnded',
  'shopper-left': 'endedShopperLeft',
  expired: 'endedExpired',
};

const CLOSE_TEXT: Record<number, ConsoleStringKey> = {
  [ABNORMAL_CLOSURE]: 'disconnected',
  [SERVICE_RESTART]: 'relayRestarting',
  [CloseCode.sessionEnded]: 'relaySessionEnded',
  [CloseCode.unauthorized]: 'relayUnauthorized',
  [CloseCode.protocolError]: 'relayProtocolError',
  [CloseCode.denied]: 'declined',
  [CloseCode.unknownSession]: 'relayUnknownSession',
  [CloseCode.tooSlow]: 'relayTooSlow',
  [CloseCode.signInTimeout]: 'relaySignInTimeout',
  [CloseCode.rateLimited]: 'relayRateLimited',
};

/** The relay's messages (server/src/relay/agentConnection.ts) that carry more than their close code; captures fill the text. */
const KNOWN_MESSAGES: ReadonlyArray<{ pattern: RegExp; key: ConsoleStringKey; values: (match: RegExpExecArray) => Record<string, string> }> = [
  { pattern: /^no waiting session has code (\d{6})$/, key: 'relayNoSuchCode', values: (m) => ({ code: m[1]! }) },
  { pattern: /^too many wrong session codes: retry in (\d+) s$/, key: 'relayTooManyGuesses', values: (m) => ({ seconds: m[1]! }) },
  { pattern: /^too many sockets for this agent \(at most (\d+)\)$/, key: 'relayTooManySockets', values: (m) => ({ max: m[1]! }) },
  { pattern: /^agent token expired$/, key: 'relayTokenExpired', values: () => ({}) },
  { pattern: /^ticket refused: /, key: 'relayUnauthorized', values: () => ({}) },
];

/** True when `value` is one of the `ended` reasons. */
function isEndReason(value: string): value is EndReason {
  return Object.hasOwn(ENDED_TEXT, value);
}

/** The localised text of a relay message the console knows, or null. */
function knownMessageText(message: string, strings: ConsoleStrings): string | null {
  for (const { pattern, key, values } of KNOWN_MESSAGES) {
    const match = pattern.exec(message);
    if (match) return fillIn(strings[key], values(match));
  }
  return null;
}

/** Why the session ended (`ended` message), in the console's language. */
export function endedText(reason: EndReason, strings: ConsoleStrings): string {
  return strings[ENDED_TEXT[reason]];
}

/** A relay `error` message in the console's language; a message the console does not know is shown as sent. */
export function relayErrorText(message: string, strings: ConsoleStrings): string {
  return knownMessageText(message, strings) ?? message;
}

/** Why the socket closed for good, in the console's language; the relay's own text only for an unknown code. */
export function relayCloseText(code: number, reason: string, strings: ConsoleStrings): string {
  const known = knownMessageText(reason, strings);
  if (known) return known;
  const ended = /^session ended: (.+)$/.exec(reason)?.[1];
  if (code === CloseCode.sessionEnded && ended && isEndReason(ended)) return endedText(ended, strings);
  const key = CLOSE_TEXT[code];
  if (key) return strings[key];
  return reason || strings.disconnected;
}
