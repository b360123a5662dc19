import type { ProvisioningSettings } from '../provisioning/provisioning-settings';

/** Where updates come from, as provisioned; the URL built into the installer when none is. */
export interface UpdateFeed {
  /** False when IT pushes versions itself: the app never checks. */
  enabled: boolean;
  /** electron-updater reads `<channel>.yml` (`latest.yml`, `beta.yml`…) at the feed URL. */
  channel: string;
  /** HTTPS base URL of a generic feed; null keeps the installer's `app-update.yml`. */
  url: string | null;
}

export const DEFAULT_UPDATE_CHANNEL = 'latest';

export function resolveUpdateFeed(settings: ProvisioningSettings): UpdateFeed {
  return {
    enabled: settings.autoUpdate !== false,
    channel: settings.updateChannel ?? DEFAULT_UPDATE_CHANNEL,
    url: settings.updateUrl ?? null,
  };
}
