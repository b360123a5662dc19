import { FakeEmitter } from './electron-stand-in';

/**
 * A stand-in for electron-updater's `autoUpdater` (its real one needs a packaged Electron
 * app): records how the glue configured it and lets a test play the feed's events.
 * Use it with `jest.mock('electron-updater', () => ({ autoUpdater: new FakeUpdater() }))`.
 */
export class FakeUpdater extends FakeEmitter {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  allowDowngrade = true;
  allowPrerelease = true;
  logger: unknown = console;
  feed: unknown = null;
  checks = 0;
  installs: { isSilent: boolean | undefined; isForceRunAfter: boolean | undefined }[] = [];
  /** What the next checkForUpdates does; by default it finds nothing. */
  onCheck: () => Promise<unknown> = () => Promise.resolve(null);
  private channelValue: string | null = null;

  get channel(): string | null {
    return this.channelValue;
  }

  // Like electron-updater: choosing a channel allows downgrades until told otherwise.
  set channel(value: string | null) {
    this.channelValue = value;
    this.allowDowngrade = true;
  }

  setFeedURL(options: unknown): void {
    this.feed = options;
  }

  checkForUpdates(): Promise<unknown> {
    this.checks += 1;
    return this.onCheck();
  }

  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void {
    this.installs.push({ isSilent, isForceRunAfter });
  }
}
