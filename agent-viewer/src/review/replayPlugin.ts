/**
 * The review's rrweb replay plugin, run for every event the player applies (also while it
 * fast-forwards to a seek target): the SDK's pixels updates (canvas and `blob:` images, validated
 * by applyReplayPixels) and device state (the shopper's media features, replayMediaEmulation.ts),
 * which recordingEvents.ts turned into Plugin events; and after anything that may have changed a
 * style sheet, the media emulation again (rrweb's event type is from its own @rrweb/types, hence the cast). `onApplied` hears of every event (the marks follow).
 */
import { EventType, type eventWithTime as recordedEvent } from '@rrweb/types';
import type { ReplayPlugin, Replayer } from 'rrweb';
import { DEVICE_STATE_TAG, readDeviceState } from '../../../protocol/deviceState';
import { ReplayMediaEmulation } from '../replayMediaEmulation';
import { applyReplayPixels } from '../replayPixels';
import { changesStyleSheets } from '../styleSheetChanges';

/** The plugin, and the media emulation it drives (to be stopped with the player). */
export interface ReviewReplayPlugin {
  plugin: ReplayPlugin;
  /** A replay document was rebuilt (FullsnapshotRebuilded): the emulation takes it over. */
  rebuilt(replayer: Replayer): void;
  stop(): void;
}

/** Creates the plugin. */
export function createReviewReplayPlugin(onApplied: () => void): ReviewReplayPlugin {
  const media = new ReplayMediaEmulation();
  const plugin: ReplayPlugin = {
    handler(event, _isSync, { replayer }) {
      if (event.type === EventType.Plugin) {
        const { plugin: tag, payload } = event.data as { plugin: string; payload: unknown };
        applyReplayPixels(replayer, { tag, payload });
        if (tag === DEVICE_STATE_TAG) {
          const state = readDeviceState(payload);
          if (state) media.setMedia(state.media);
        }
      } else if (changesStyleSheets(event as unknown as recordedEvent, (id) => replayer.getMirror().getNode(id))) {
        media.later();
      }
      onApplied();
    },
  };
  return {
    plugin,
    rebuilt(replayer) {
      const doc = replayer.iframe.contentDocument;
      if (doc) media.watch(doc);
    },
    stop: () => media.stop(),
  };
}
