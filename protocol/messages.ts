/**
 * Control messages (JSON text frames) between the SDK, the relay and the agent console.
 * Recorded page data never travels in these: it goes in binary envelopes (envelope.ts).
 */
import { readAnnotation, readAnnotationId, type Annotation } from './annotation';
import {
  parseJsonObject,
  ProtocolError,
  readBoolean,
  readEnum,
  readInteger,
  readRecord,
  readString,
  type UnknownRecord,
} from './fieldReaders';

/** Lifecycle of a help session as the shopper sees it. */
export const SESSION_STATES = ['waiting', 'consent', 'live', 'ended'] as const;
/** One session state. */
export type SessionState = (typeof SESSION_STATES)[number];

/** Why a session ended. */
export const END_REASONS = ['shopper-stopped', 'agent-ended', 'shopper-left', 'expired'] as const;
/** One end reason. */
export type EndReason = (typeof END_REASONS)[number];

/** What the shopper and other agents are told about an agent. */
export interface AgentPublic {
  id: string;
  name: string;
  org?: string;
}

/** Longest text frame accepted from a shopper socket. */
export const MAX_SHOPPER_CONTROL_CHARS = 4096;
/** Longest text frame accepted from an agent socket. */
export const MAX_AGENT_CONTROL_CHARS = 16384;

/** A session code: six digits. */
export const CODE_PATTERN = /^\d{6}$/;
/** Longest consent period the protocol carries (24 h). */
const MAX_EXPIRY_MS = 24 * 3600_000;
/** Tokens, request ids and tickets: URL-safe characters. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]+$/;
/** A BCP 47 language tag as the protocol accepts it (`en`, `zh-CN`). */
export const LANG_PATTERN = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const NOTICE_PATTERN = /^[A-Za-z0-9._-]+$/;

/** Version of the consent dialog's wording; recorded in every grant receipt. Bump when the text changes. */
export const CONSENT_NOTICE_VERSION = 'consent-notice-2026-11';
/** What a consent grants, recorded in every grant receipt. */
export const CONSENT_SCOPES = 'view-tab,annotate';

// ---- shopper → relay ------------------------------------------------------------------

/** Longest page title a help request carries into the agents' queue. */
export const MAX_TITLE_CHARS = 120;

/** Shopper asks for help: opens a new session. `title` (optional) labels it in the agents' queue. */
export interface HelloMessage { t: 'hello'; lang: string; title?: string }
/** Shopper's new page picks up its tab's session. */
export interface ResumeMessage { t: 'resume'; resumeToken: string }
/**
 * Shopper's answer in the consent dialog; `notice` names the version of the text the shopper saw.
 * `record`: the separate "also keep a recording" switch (only shown when the site keeps recordings).
 */
export interface ConsentAnswerMessage { t: 'consent'; requestId: string; allow: boolean; notice: string; record?: boolean }
/** Shopper stops sharing / cancels the request. */
export interface StopMessage { t: 'stop' }
/** Shopper extends the consent by another full period. */
export interface ExtendMessage { t: 'extend' }
/** Shopper dismissed every mark on the page; the agents are told. */
export interface DismissMessage { t: 'dismiss' }
/** Any control message a shopper may send. */
export type ShopperMessage = HelloMessage | ResumeMessage | ConsentAnswerMessage | StopMessage | ExtendMessage | DismissMessage;

/** Validates a shopper text frame, or throws a ProtocolError. */
export function parseShopperMessage(text: string): ShopperMessage {
  const obj = parseJsonObject(text, MAX_SHOPPER_CONTROL_CHARS);
  const t = readEnum(obj, 't', ['hello', 'resume', 'consent', 'stop', 'extend', 'dismiss'] as const);
  switch (t) {
    case 'hello': {
      const hello: HelloMessage = { t, lang: readString(obj, 'lang', 35, LANG_PATTERN) };
      if (obj['title'] !== undefined) hello.title = readString(obj, 'title', MAX_TITLE_CHARS);
      return hello;
    }
    case 'resume':
      return { t, resumeToken: readString(obj, 'resumeToken', 64, TOKEN_PATTERN) };
    case 'consent': {
      const answer: ConsentAnswerMessage = {
        t,
        requestId: readString(obj, 'requestId', 64, TOKEN_PATTERN),
        allow: readBoolean(obj, 'allow'),
        notice: readString(obj, 'notice', 64, NOTICE_PATTERN),
      };
      if (obj['record'] !== undefined) answer.record = readBoolean(obj, 'record');
      return answer;
    }
    case 'stop':
    case 'extend':
    case 'dismiss':
      return { t };
  }
}

// ---- relay → shopper ------------------------------------------------------------------

/** The session this shopper socket is bound to. */
export interface SessionMessage {
  t: 'session';
  code: string;
  resumeToken: string;
  /** Stream number this page load must record under. */
  stream: number;
  state: SessionState;
  viewers: AgentPublic[];
}
/**
 * Where the site keeps recordings (LOOKALONG_RECORDINGS): for how many days, and whether this
 * session is being recorded now (the switch starts in that position; off for a new session).
 */
export interface RecordingOffer { days: number; on: boolean }
/** An agent asks to see the page: the SDK shows the consent dialog (with the recording switch when `record` is set). */
export interface JoinRequestMessage { t: 'join-request'; requestId: string; agent: AgentPublic; record?: RecordingOffer }
/** The session's state changed (e.g. `live` after consent: start recording). */
export interface StateMessage { t: 'state'; state: SessionState }
/** Who is watching now. */
export interface ViewersMessage { t: 'viewers'; viewers: AgentPublic[] }
/** The relay needs a fresh checkpoint (rrweb takeFullSnapshot). */
export interface SnapshotRequestMessage { t: 'snapshot' }
/**
 * A change to the marks on the shopper's page, validated by the relay: `add` draws (or
 * replaces) a mark, `remove` takes one of that agent's marks away, `clear` all of them.
 */
export type AnnotationMessage =
  | { t: 'annotation'; op: 'add'; annotation: Annotation; by: AgentPublic }
  | { t: 'annotation'; op: 'remove'; id: string; by: AgentPublic }
  | { t: 'annotation'; op: 'clear'; by: AgentPublic };
/**
 * An annotation message as the SDK's loader sees it: still unvalidated. The loader never
 * interprets agent data; the recorder chunk validates it with `readAnnotationMessage`.
 */
export interface UncheckedAnnotationMessage { t: 'annotation'; payload: UnknownRecord }
/** The session is over. */
export interface EndedMessage { t: 'ended'; reason: EndReason }
/**
 * This session is being recorded (the shopper switched it on): `deleteToken` lets this tab delete
 * the recording (`DELETE /shopper/recordings/:id`) once, within `deletableForMs` after the session ends.
 */
export interface RecordingMessage { t: 'recording'; id: string; deleteToken: string; deletableForMs: number }
/** A refusal the client should show or log. */
export interface ErrorMessage { t: 'error'; message: string }
/** Consent runs out in this many milliseconds unless the shopper extends it (relative: no clock skew). */
export interface ExpiryMessage { t: 'expiry'; expiresInMs: number }
/** Any control message the relay sends a shopper. */
export type RelayToShopperMessage =
  | SessionMessage
  | JoinRequestMessage
  | StateMessage
  | ViewersMessage
  | SnapshotRequestMessage
  | ExpiryMessage
  | UncheckedAnnotationMessage
  | EndedMessage
  | RecordingMessage
  | ErrorMessage;

/** Validates the agent data of an annotation message (in the SDK's recorder chunk), or throws. */
export function readAnnotationMessage(payload: UnknownRecord): AnnotationMessage {
  const op = readEnum(payload, 'op', ['add', 'remove', 'clear'] as const);
  const by = readAgentPublic(payload['by']);
  switch (op) {
    case 'add':
      return { t: 'annotation', op, annotation: readAnnotation(payload['annotation']), by };
    case 'remove':
      return { t: 'annotation', op, id: readAnnotationId(payload), by };
    case 'clear':
      return { t: 'annotation', op, by };
  }
}

/** Validates an agent as shoppers and other agents see it, or throws. */
export function readAgentPublic(value: unknown): AgentPublic {
  const obj = readRecord(value, 'agent');
  const agent: AgentPublic = { id: readString(obj, 'id', 256), name: readString(obj, 'name', 128) };
  if (obj['org'] !== undefined) agent.org = readString(obj, 'org', 128);
  return agent;
}

function readViewers(obj: UnknownRecord): AgentPublic[] {
  const list = obj['viewers'];
  if (!Array.isArray(list) || list.length > 32) throw new ProtocolError('viewers must be an array of at most 32');
  return list.map(readAgentPublic);
}

/** Validates a relay → shopper text frame (the SDK trusts nothing it receives; annotations are checked by the recorder chunk), or throws. */
export function parseRelayToShopper(text: string): RelayToShopperMessage {
  const obj = parseJsonObject(text, MAX_AGENT_CONTROL_CHARS * 2);
  const t = readEnum(obj, 't', ['session', 'join-request', 'state', 'viewers', 'snapshot', 'expiry', 'annotation', 'ended', 'recording', 'error'] as const);
  switch (t) {
    case 'session':
      return {
        t,
        code: readString(obj, 'code', 6, CODE_PATTERN),
        resumeToken: readString(obj, 'resumeToken', 64, TOKEN_PATTERN),
        stream: readInteger(obj, 'stream', 1, 0xffffffff),
        state: readEnum(obj, 'state', SESSION_STATES),
        viewers: readViewers(obj),
      };
    case 'join-request': {
      const request: JoinRequestMessage = { t, requestId: readString(obj, 'requestId', 64, TOKEN_PATTERN), agent: readAgentPublic(obj['agent']) };
      if (obj['record'] !== undefined) request.record = readRecordingOffer(obj['record']);
      return request;
    }
    case 'state':
      return { t, state: readEnum(obj, 'state', SESSION_STATES) };
    case 'viewers':
      return { t, viewers: readViewers(obj) };
    case 'snapshot':
      return { t };
    case 'expiry':
      return { t, expiresInMs: readInteger(obj, 'expiresInMs', 0, MAX_EXPIRY_MS) };
    case 'annotation':
      return { t, payload: obj };
    case 'ended':
      return { t, reason: readEnum(obj, 'reason', END_REASONS) };
    case 'recording':
      return {
        t,
        id: readString(obj, 'id', 64, TOKEN_PATTERN),
        deleteToken: readString(obj, 'deleteToken', 64, TOKEN_PATTERN),
        deletableForMs: readInteger(obj, 'deletableForMs', 0, MAX_EXPIRY_MS),
      };
    case 'error':
      return { t, message: readString(obj, 'message', 512) };
  }
}

/** Longest time a site may keep recordings, in days (10 years). */
export const MAX_RECORDING_DAYS = 3650;

function readRecordingOffer(value: unknown): RecordingOffer {
  const obj = readRecord(value, 'record');
  return { days: readInteger(obj, 'days', 1, MAX_RECORDING_DAYS), on: readBoolean(obj, 'on') };
}

// ---- relay → agent --------------------------------------------------------------------

/** The agent is signed in and the shopper is being asked for consent. */
export interface JoiningMessage { t: 'joining'; code: string; site: string }
/** The shopper's answer; on allow, recorded frames follow. */
export interface ConsentResultMessage { t: 'consent'; allow: boolean }
/** The shopper's page connection dropped or came back (navigation, reload). */
export interface ShopperPresenceMessage { t: 'shopper'; connected: boolean }
/** The shopper dismissed every mark on their page. */
export interface MarksDismissedMessage { t: 'dismissed' }
/** Answer to an agent's `ping`, for the connection meter. */
export interface PongMessage { t: 'pong'; n: number }
/** Any control message the relay sends an agent. */
export type RelayToAgentMessage =
  | JoiningMessage
  | ConsentResultMessage
  | ShopperPresenceMessage
  | ViewersMessage
  | MarksDismissedMessage
  | PongMessage
  | ExpiryMessage
  | EndedMessage
  | ErrorMessage;

/** Validates a relay → agent text frame, or throws. */
export function parseRelayToAgent(text: string): RelayToAgentMessage {
  const obj = parseJsonObject(text, MAX_SHOPPER_CONTROL_CHARS);
  const t = readEnum(obj, 't', ['joining', 'consent', 'shopper', 'viewers', 'dismissed', 'pong', 'expiry', 'ended', 'error'] as const);
  switch (t) {
    case 'viewers':
      return { t, viewers: readViewers(obj) };
    case 'dismissed':
      return { t };
    case 'pong':
      return { t, n: readInteger(obj, 'n', 0, 0xffffffff) };
    case 'joining':
      return { t, code: readString(obj, 'code', 6, CODE_PATTERN), site: readString(obj, 'site', 64) };
    case 'consent':
      return { t, allow: readBoolean(obj, 'allow') };
    case 'shopper':
      return { t, connected: readBoolean(obj, 'connected') };
    case 'expiry':
      return { t, expiresInMs: readInteger(obj, 'expiresInMs', 0, MAX_EXPIRY_MS) };
    case 'ended':
      return { t, reason: readEnum(obj, 'reason', END_REASONS) };
    case 'error':
      return { t, message: readString(obj, 'message', 512) };
  }
}
