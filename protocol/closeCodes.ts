/** WebSocket close codes the relay uses; clients show the reason and decide whether to retry. */
export const CloseCode = {
  /** The session ended (stop, end, expiry); do not reconnect to it. */
  sessionEnded: 4000,
  /** The agent token or ticket was refused. */
  unauthorized: 4001,
  /** A frame broke the protocol (bad JSON, bad envelope, wrong message for the state). */
  protocolError: 4002,
  /** The session code or resume token is unknown. */
  unknownSession: 4004,
  /** The receiver was too slow: its send buffer passed the cap. Reconnect to resync. */
  tooSlow: 4008,
  /** The agent was denied by the shopper. */
  denied: 4003,
  /** The agent did not sign in in time. */
  signInTimeout: 4010,
  /** The socket sent more messages or bytes per second than allowed. */
  rateLimited: 4029,
  /** A new help session was refused: too many from this client address or for this site; the reason says when to retry. */
  tooManyHelpRequests: 4030,
  /** The site only accepts sessions its backend created (`POST /api/sessions`); a page's own `hello` is refused. */
  backendSessionsOnly: 4031,
} as const;
