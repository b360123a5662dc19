import { ResultErrorException } from '@seri/shared';
import type { DeviceService } from '../device/device-service';
import { silentLogger, type Logger } from '../logger';
import { Backoff } from '../sync/backoff';
import { nodeTimers, type TimerHandle, type Timers } from '../sync/timers';
import type { ProvisioningSettings } from './provisioning-settings';

/** How the provisioned enrollment went at this start. */
export type EnrollmentOutcome =
  /** No server URL and code provisioned: the cashier's enroll screen as usual. */
  | 'not-provisioned'
  /** Enrolled already (now or on an earlier start): the file's code is not used again. */
  | 'already-enrolled'
  | 'enrolled'
  /** The server could not be reached: tried again in the background until it can. */
  | 'retrying'
  /** The server said no (bad or expired code, terminal too old…): logged, left to a person. */
  | 'refused';

export interface ProvisionTerminalOptions {
  settings: ProvisioningSettings;
  device: Pick<DeviceService, 'enrolled' | 'enroll'>;
  /** Starts syncing once enrolled: the first pass pulls the users, so PIN login works at once. */
  startSync: () => void;
  /** The name to enroll under when IT gave none: the computer's name. */
  defaultName: string;
  /** Called after a successful enrollment, which may finish behind the enroll screen (Electron reloads the window). */
  onEnrolled?: () => void;
  timers?: Timers;
  backoff?: Backoff;
  logger?: Logger;
}

export interface ProvisionedEnrollment {
  /** Settles after the first try, so the window can open on the right screen. */
  firstAttempt: Promise<EnrollmentOutcome>;
  /** Stops retrying (app quitting). */
  stop(): void;
}

const MAX_NAME_LENGTH = 64;

/** Retries back off from 5 s to 5 min: a shop's terminals coming up together do not hammer the server. */
const RETRY_BASE_MS = 5_000;
const RETRY_CAP_MS = 5 * 60_000;

/**
 * First start of a provisioned terminal: when IT provisioned a server URL and an enrollment
 * code and the terminal is not enrolled, enroll it through the same DeviceService as the
 * enroll screen. Offline at that moment, it keeps trying in the background; any other answer
 * is logged and the enroll screen stays available. Never throws.
 */
export function enrollFromProvisioning(options: ProvisionTerminalOptions): ProvisionedEnrollment {
  const logger = options.logger ?? silentLogger;
  const timers = options.timers ?? nodeTimers;
  const backoff = options.backoff ?? new Backoff({ baseMs: RETRY_BASE_MS, capMs: RETRY_CAP_MS });
  const { serverUrl, enrollmentCode } = options.settings;
  let stopped = false;
  let timer: { handle: TimerHandle } | null = null;

  if (options.device.enrolled) return { firstAttempt: Promise.resolve('already-enrolled'), stop: () => undefined };
  if (serverUrl === undefined || enrollmentCode === undefined) {
    if (serverUrl !== undefined || enrollmentCode !== undefined) {
      logger.warn('provisioning: enrollment needs both a server URL and an enrollment code; the terminal waits to be enrolled on screen');
    }
    return { firstAttempt: Promise.resolve('not-provisioned'), stop: () => undefined };
  }
  const name = (options.settings.terminalName ?? options.defaultName).trim().slice(0, MAX_NAME_LENGTH) || 'Caisse';

  const attempt = async (): Promise<EnrollmentOutcome> => {
    if (options.device.enrolled) return 'already-enrolled';
    try {
      await options.device.enroll({ serverUrl, code: enrollmentCode, name });
    } catch (error) {
      const code = error instanceof ResultErrorException ? error.code : 'INTERNAL';
      const message = error instanceof Error ? error.message : String(error);
      if (code === 'ALREADY_ENROLLED') return 'already-enrolled';
      if (code === 'OFFLINE') {
        logger.warn(`provisioning: enrollment with ${serverUrl} failed (${message}); trying again`);
        return 'retrying';
      }
      logger.error(`provisioning: enrollment with ${serverUrl} refused (${code}: ${message}); enroll the terminal on screen or fix the provisioning`);
      return 'refused';
    }
    logger.info(`provisioning: enrolled as "${name}" with ${serverUrl}`);
    try {
      options.startSync();
    } catch (error) {
      logger.error('provisioning: enrolled, but sync did not start', error);
    }
    return 'enrolled';
  };

  const retryLater = (): void => {
    if (stopped) return;
    timer = {
      handle: timers.setTimeout(() => {
        timer = null;
        if (stopped) return;
        void attempt().then((outcome) => {
          if (outcome === 'retrying') retryLater();
          else if (outcome === 'enrolled') options.onEnrolled?.();
        });
      }, backoff.next()),
    };
  };

  const firstAttempt = attempt().then((outcome) => {
    if (outcome === 'retrying') retryLater();
    else if (outcome === 'enrolled') options.onEnrolled?.();
    return outcome;
  });

  return {
    firstAttempt,
    stop() {
      stopped = true;
      if (timer !== null) timers.clearTimeout(timer.handle);
      timer = null;
    },
  };
}
