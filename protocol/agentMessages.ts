/**
 * Control messages an agent's console sends the relay (JSON text frames), and their validator.
 * The relay answers with the relay → agent messages of messages.ts.
 */
import { readAnnotation, readAnnotationId, type Annotation } from './annotation';
import { parseJsonObject, readEnum, readInteger, readString } from './fieldReaders';
import { CODE_PATTERN, MAX_AGENT_CONTROL_CHARS, TOKEN_PATTERN } from './messages';

/**
 * Agent signs in with a one-time ticket (from `POST /api/tickets`; never the JWT itself) and
 * asks to join the session with this code. Must be the first message.
 */
export interface JoinMessage { t: 'join'; ticket: string; code: string }
/** Agent draws a mark on the shopper's page. */
export interface AnnotateMessage { t: 'annotate'; annotation: Annotation }
/** Agent removes one of their own marks. */
export interface UnannotateMessage { t: 'unannotate'; id: string }
/** Agent removes all of their own marks. */
export interface ClearMarksMessage { t: 'clear-marks' }
/** Agent's connection meter: the relay answers with a `pong` carrying the same `n`. */
export interface PingMessage { t: 'ping'; n: number }
/** Agent's replay saw a gap: asks for a fresh checkpoint. */
export interface ResyncMessage { t: 'resync' }
/** Agent ends the session for everyone. */
export interface EndMessage { t: 'end' }
/** Any control message an agent may send. */
export type AgentMessage = JoinMessage | AnnotateMessage | UnannotateMessage | ClearMarksMessage | PingMessage | ResyncMessage | EndMessage;

/** Validates an agent text frame, or throws a ProtocolError. */
export function parseAgentMessage(text: string): AgentMessage {
  const obj = parseJsonObject(text, MAX_AGENT_CONTROL_CHARS);
  const t = readEnum(obj, 't', ['join', 'annotate', 'unannotate', 'clear-marks', 'ping', 'resync', 'end'] as const);
  switch (t) {
    case 'join':
      return { t, ticket: readString(obj, 'ticket', 64, TOKEN_PATTERN), code: readString(obj, 'code', 6, CODE_PATTERN) };
    case 'annotate':
      return { t, annotation: readAnnotation(obj['annotation']) };
    case 'unannotate':
      return { t, id: readAnnotationId(obj) };
    case 'ping':
      return { t, n: readInteger(obj, 'n', 0, 0xffffffff) };
    case 'clear-marks':
    case 'resync':
    case 'end':
      return { t };
  }
}
