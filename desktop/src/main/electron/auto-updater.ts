import type { AppUpdater } from 'electron-updater';
import type { Logger } from '../logger';
import { nodeTimers, type TimerHandle, type Timers } from '../sync/timers';
import type { UpdateCoordinator } from '../updates/update-coordinator';
import type { UpdateFeed } from '../updates/update-feed';

/** The part of electron-updater's AppUpdater this glue uses (its tests hand in a fake). */
export type UpdaterLike = Pick<
  AppUpdater,
  'autoDownload' | 'autoInstallOnAppQuit' | 'allowDowngrade' | 'allowPrerelease' | 'channel' | 'logger' | 'setFeedURL' | 'checkForUpdates' | 'quitAndInstall' | 'on'
>;

/** A shop's feed sees every terminal once every few hours, spread by jitter. */
export const UPDATE_CHECK_EVERY_MS = 4 * 60 * 60_000;
const FIRST_CHECK_AFTER_MS = 60_000;

export interface AutoUpdatesOptions {
  updater: UpdaterLike;
  coordinator: UpdateCoordinator;
  feed: UpdateFeed;
  logger: Logger;
  timers?: Timers;
  random?: () => number;
}

export interface AutoUpdates {
  /** Asks the feed now (also runs a minute after start, then every few hours). */
  check(): Promise<void>;
  stop(): void;
}

/**
 * electron-updater wired to the coordinator: downloads in the background from the generic
 * HTTPS feed (the installer's `app-update.yml`, or the provisioned URL), on the provisioned
 * channel, and leaves the restart to the coordinator's policy. An update downloaded but not
 * yet installed also goes in when the app quits normally (end of day).
 */
export function startAutoUpdates(options: AutoUpdatesOptions): AutoUpdates {
  const { updater, coordinator, feed, logger } = options;
  const timers = options.timers ?? nodeTimers;
  const random = options.random ?? Math.random;
  let timer: { handle: TimerHandle } | null = null;
  let stopped = false;

  if (!feed.enabled) {
    logger.info('self-updates are off (provisioning autoUpdate: false): IT deploys new versions');
    coordinator.disable();
    return { check: () => Promise.resolve(), stop: () => undefined };
  }

  updater.logger = logger;
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = true;
  updater.allowPrerelease = false;
  if (feed.url !== null) updater.setFeedURL({ provider: 'generic', url: feed.url, channel: feed.channel });
  updater.channel = feed.channel;
  // Setting a channel allows downgrades; a terminal never goes back on its own, since the
  // local databases only migrate forward.
  updater.allowDowngrade = false;

  updater.on('checking-for-update', () => coordinator.checking());
  updater.on('update-available', (info) => coordinator.available(info.version));
  updater.on('update-not-available', () => coordinator.notAvailable());
  updater.on('download-progress', (progress) => coordinator.progress(progress.percent));
  updater.on('update-downloaded', (info) => coordinator.downloaded(info.version));
  updater.on('error', (error) => coordinator.failed(error));

  const check = async (): Promise<void> => {
    if (stopped) return;
    try {
      await updater.checkForUpdates();
    } catch (error) {
      coordinator.failed(error);
    }
  };

  const schedule = (ms: number): void => {
    if (stopped) return;
    timer = {
      handle: timers.setTimeout(() => {
        timer = null;
        void check().finally(() => schedule(UPDATE_CHECK_EVERY_MS * (0.75 + random() / 2)));
      }, ms),
    };
  };
  schedule(FIRST_CHECK_AFTER_MS * (0.5 + random()));

  return {
    check,
    stop() {
      stopped = true;
      if (timer !== null) timers.clearTimeout(timer.handle);
      timer = null;
    },
  };
}
