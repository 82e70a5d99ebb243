/** Webhook delivery outcomes and queue depths in /metrics. */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { DeliveryResult } from '../webhooks/webhookDispatcher';

/** Registers the webhook metrics; returns the outcome callback the dispatcher reports to. */
export function registerWebhookMetrics(registry: Registry, depths: () => Array<{ site: string; depth: number }>): (site: string, result: DeliveryResult) => void {
  const deliveries = new Counter({
    name: 'lookalong_webhook_deliveries_total',
    help: 'Webhook outcomes by site and result: delivered, retried (an attempt failed, another follows), failed (gave up after the last attempt), dropped (queue full).',
    labelNames: ['site', 'result'],
    registers: [registry],
  });
  new Gauge({
    name: 'lookalong_webhook_queue_depth',
    help: 'Webhook events waiting per site (the one in flight included).',
    labelNames: ['site'],
    registers: [registry],
    collect() {
      for (const { site, depth } of depths()) this.set({ site }, depth);
    },
  });
  return (site, result) => deliveries.inc({ site, result });
}
