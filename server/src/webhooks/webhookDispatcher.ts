/**
 * Delivers webhook events to each site's receiver: one POST at a time per site, in order,
 * signed per attempt, retried with backoff up to `maxAttempts`; a bounded queue per site that
 * drops its oldest waiting event when full. Every outcome is reported (metrics) and failures
 * are logged without the receiver URL or any secret.
 */
import { logger } from '../ops/logger';
import { backoffDelayMs } from './webhookBackoff';
import type { WebhookEvent } from './webhookEvent';
import type { WebhookEndpoint, WebhookSettings } from './webhookSettings';
import { SIGNATURE_HEADER, signWebhook } from './webhookSignature';

/** What became of one attempt or event: `retried` (an attempt failed, another follows), `failed` (gave up), `dropped` (queue full). */
export type DeliveryResult = 'delivered' | 'retried' | 'failed' | 'dropped';

/** An event waiting for its site's receiver. */
interface Pending {
  event: WebhookEvent;
  body: string;
  attempts: number;
}

/** One site's queue; `items[0]` is the event being delivered or waiting for its retry. */
interface SiteQueue {
  endpoint: WebhookEndpoint;
  items: Pending[];
  inFlight: boolean;
  retryTimer: NodeJS.Timeout | undefined;
}

/** The webhook deliveries of one server. */
export class WebhookDispatcher {
  private readonly queues = new Map<string, SiteQueue>();
  private readonly stop = new AbortController();

  constructor(
    private readonly settings: WebhookSettings,
    /** Called with every outcome (counted in /metrics). */
    private readonly onResult: (site: string, result: DeliveryResult) => void,
  ) {
    for (const [site, endpoint] of Object.entries(settings.endpoints)) {
      this.queues.set(site, { endpoint, items: [], inFlight: false, retryTimer: undefined });
    }
  }

  /** Queues an event for its site's receiver; ignored for a site without one. */
  enqueue(event: WebhookEvent): void {
    const queue = this.queues.get(event.site);
    if (!queue || this.stop.signal.aborted) return;
    if (queue.items.length >= this.settings.queueMax) {
      // The event in flight stays; the oldest one merely waiting goes.
      const [dropped] = queue.items.splice(queue.inFlight ? 1 : 0, 1);
      this.onResult(event.site, 'dropped');
      logger.warn({ site: event.site, eventId: dropped?.event.id, type: dropped?.event.type }, 'webhook queue full: oldest event dropped');
    }
    queue.items.push({ event, body: JSON.stringify(event), attempts: 0 });
    this.pump(queue);
  }

  /** Events waiting per site (the one in flight included). */
  depths(): Array<{ site: string; depth: number }> {
    return [...this.queues].map(([site, queue]) => ({ site, depth: queue.items.length }));
  }

  /** Stops delivering: timers cleared, attempts in flight aborted, waiting events discarded. */
  close(): void {
    this.stop.abort();
    for (const [site, queue] of this.queues) {
      clearTimeout(queue.retryTimer);
      if (queue.items.length) logger.warn({ site, undelivered: queue.items.length }, 'webhooks not delivered at shutdown');
      queue.items = [];
    }
  }

  /** Starts delivering the queue's first event unless one is in flight or waiting for its retry. */
  private pump(queue: SiteQueue): void {
    const head = queue.items[0];
    if (!head || queue.inFlight || queue.retryTimer || this.stop.signal.aborted) return;
    queue.inFlight = true;
    head.attempts += 1;
    void this.attempt(queue.endpoint, head).then((failure) => {
      queue.inFlight = false;
      if (this.stop.signal.aborted) return;
      const site = head.event.site;
      if (failure === null || head.attempts >= this.settings.maxAttempts) {
        if (queue.items[0] === head) queue.items.shift();
        this.onResult(site, failure === null ? 'delivered' : 'failed');
        if (failure !== null) logger.warn({ site, eventId: head.event.id, type: head.event.type, attempts: head.attempts, failure }, 'webhook delivery failed: giving up');
        this.pump(queue);
        return;
      }
      this.onResult(site, 'retried');
      const delay = backoffDelayMs(head.attempts, this.settings.backoffMs, Math.random());
      logger.debug({ site, eventId: head.event.id, attempt: head.attempts, failure, retryInMs: delay }, 'webhook delivery failed: will retry');
      queue.retryTimer = setTimeout(() => {
        queue.retryTimer = undefined;
        this.pump(queue);
      }, delay);
      queue.retryTimer.unref();
    });
  }

  /** One signed POST; resolves with null on a 2xx answer, else with why it failed. */
  private async attempt(endpoint: WebhookEndpoint, pending: Pending): Promise<string | null> {
    const t = Math.floor(Date.now() / 1000);
    try {
      const response = await fetch(endpoint.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'Lookalong-Webhooks/1',
          [SIGNATURE_HEADER]: signWebhook(pending.body, endpoint.secret, t),
        },
        body: pending.body,
        redirect: 'manual',
        signal: AbortSignal.any([this.stop.signal, AbortSignal.timeout(this.settings.timeoutMs)]),
      });
      await response.body?.cancel();
      return response.status >= 200 && response.status < 300 ? null : `HTTP ${response.status}`;
    } catch (err) {
      if (!(err instanceof Error)) return 'request failed';
      // fetch reports network errors as "fetch failed" with the reason (ECONNREFUSED…) in `cause`.
      const cause = (err.cause as { code?: unknown } | undefined)?.code;
      return `${err.name}: ${err.message}${typeof cause === 'string' ? ` (${cause})` : ''}`;
    }
  }
}
