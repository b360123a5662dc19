import { ensureRendererBuilt } from '../src/shell/renderer-build';

/** The end-to-end suites serve the built renderer: build it once, before they start, if stale. */
export default function globalSetup(): void {
  ensureRendererBuilt();
}
