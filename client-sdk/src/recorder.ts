/**
 * The recorder chunk (`/sdk-recorder.js`), imported by the loader only after the shopper
 * clicked Allow and the relay confirmed it. Records the page with rrweb (masked in the
 * browser), wraps each event in the binary envelope, shows the live indicator, draws the
 * agent's marks and announces them to screen readers.
 */
import { record } from '@rrweb/record';
import { EventType } from '@rrweb/types';
import type { eventWithTime } from 'rrweb';
import { FrameKind } from '../../protocol/envelope';
import { readAnnotationMessage } from '../../protocol/messages';
import { createEchoGuard } from './echoGuard';
import { createEventSanitizer } from './eventSanitizer';
import { createEventScheduler } from './eventScheduler';
import { startDeviceState } from './deviceState';
import { createFrameQueue } from './frameQueue';
import { createLiveIndicator } from './liveIndicator';
import { liveStringsFor } from './liveStrings';
import LIVE_CSS from './liveUi.css?inline';
import { maskedElements } from './maskedAreas';
import { trackMaskedFieldValues } from './maskedFieldValues';
import { createMarkAnnouncer } from './markAnnouncer';
import { createAnnotationOverlay } from './overlay';
import { DEFAULT_CANVAS_FPS, startPixelCapture } from './pixelCapture';
import { privacyRecordOptions } from './privacy';
import type { SharingHandle, SharingOptions } from './recorderChunk';
import { adoptStyles } from './uiHost';

const RESYNC_RETRY_MS = 500;
const SOURCE_MUTATION = 0;
const SOURCE_MOUSE_MOVE = 1;
const SOURCE_SCROLL = 3;

/** Envelope kind of an event: checkpoint start, transient pointer/page scroll, or regular. */
function frameKindOf(event: eventWithTime): FrameKind {
  if (event.type === EventType.Meta) return FrameKind.checkpoint;
  if (event.type !== EventType.IncrementalSnapshot) return FrameKind.event;
  const data = event.data as { source: number; id?: number };
  if (data.source === SOURCE_MOUSE_MOVE) return FrameKind.pointer;
  // Only the document's own scroll is superseded by the next one; nested containers are regular.
  if (data.source === SOURCE_SCROLL && data.id !== undefined && record.mirror.getNode(data.id) === document) return FrameKind.pageScroll;
  return FrameKind.event;
}
/** Added nodes from which a mutation counts as a storm: processed in a task of its own, like a snapshot. */
const STORM_ADDS = 500;

/** True for events whose processing would lengthen rrweb's task noticeably: a full snapshot, a mutation storm. */
function isHeavy(event: eventWithTime): boolean {
  if (event.type === EventType.FullSnapshot) return true;
  const data = event.data as { source?: number; adds?: unknown[] };
  return event.type === EventType.IncrementalSnapshot && data.source === SOURCE_MUTATION && (data.adds?.length ?? 0) >= STORM_ADDS;
}
let stylesAdopted = false;

/** Starts recording this page load; see SharingOptions. */
export function startSharing({ stream, send, ui, privacy, lang, onStop, onExtend, onDismissMarks }: SharingOptions): SharingHandle {
  let seq = 0;
  let resyncTimer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const resyncLater = (): void => {
    if (resyncTimer || stopped) return;
    resyncTimer = setTimeout(() => {
      resyncTimer = undefined;
      if (!stopped) checkpoint();
    }, RESYNC_RETRY_MS);
  };

  /** A fresh checkpoint, followed by what a viewer starting from it must know. */
  const checkpoint = (): void => {
    record.takeFullSnapshot(true);
    device.resend();
  };

  const fieldValues = trackMaskedFieldValues(document);
  const echoes = createEchoGuard(fieldValues);
  const pixels = startPixelCapture({
    emit: (tag, payload) => record.addCustomEvent(tag, payload),
    // Off per element or per site by blocking: data-lookalong-block, or init({ privacy: { blockSelector: 'canvas' } }).
    canvasFps: DEFAULT_CANVAS_FPS,
  });
  const frames = createFrameQueue(send, resyncLater);
  const sanitize = createEventSanitizer({ resolve: (id) => record.mirror.getNode(id), strict: privacy.strict === true, echoes, pixels });
  const process = (event: eventWithTime): void => {
    sanitize(event);
    const kind = frameKindOf(event);
    // Regular frames advance seq even when dropped, so receivers see the gap and resync;
    // transient ones carry the last regular seq (a skipped one is not a gap).
    const frameSeq = kind === FrameKind.event || kind === FrameKind.checkpoint ? seq++ : Math.max(0, seq - 1);
    frames.push({ kind, stream, seq: frameSeq }, JSON.stringify(event));
  };
  const events = createEventScheduler(process, isHeavy);
  const emit = (event: eventWithTime): void => {
    if (!stopped) events.push(event);
  };

  const stopRecording = record<eventWithTime>({ ...privacyRecordOptions(privacy, echoes), emit });
  const device = startDeviceState((tag, payload) => record.addCustomEvent(tag, payload));
  if (!stylesAdopted) {
    adoptStyles(ui, LIVE_CSS);
    stylesAdopted = true;
  }
  const strings = liveStringsFor(lang);
  const marks = createAnnotationOverlay(ui.overlay, stream, (id) => record.mirror.getNode(id), (count) => indicator.setMarksShown(count > 0));
  const indicator = createLiveIndicator(ui.layer, ui.dock, strings, {
    onStop,
    onExtend,
    onReveal: () => marks.outline(maskedElements(privacy)),
    onHideMarks: () => {
      marks.dismissAll();
      announcer.cancel();
      onDismissMarks();
    },
  });
  const announcer = createMarkAnnouncer((text) => indicator.announce(text), strings.announcements);

  return {
    takeFullSnapshot: () => {
      if (!stopped) checkpoint();
    },
    showAnnotation: (payload) => {
      let message;
      try {
        message = readAnnotationMessage(payload);
      } catch (err) {
        console.warn('[Lookalong] ignored an invalid annotation:', (err as Error).message);
        return;
      }
      if (message.op === 'add') {
        const { shape, text } = message.annotation;
        if (marks.show(message.annotation, message.by)) announcer.drawn({ shape, by: message.by.name, text });
      }
      else if (message.op === 'remove') marks.remove(message.id, message.by.id);
      else marks.clearBy(message.by.id);
    },
    setViewers: (viewers) => indicator.setViewers(viewers),
    setExpiry: (expiresAt) => indicator.setExpiry(expiresAt),
    stop: () => {
      stopped = true;
      events.clear();
      frames.clear();
      clearTimeout(resyncTimer);
      stopRecording?.();
      device.stop();
      pixels.stop();
      fieldValues.dispose();
      marks.clear();
      announcer.dispose();
      indicator.remove();
    },
  };
}
