export { serveRenderer, type RendererServer } from './renderer-server';
export { startFaultProxy, type FaultProxy } from './fault-proxy';
export { launchHeadlessTerminal, type HeadlessTerminal, type HeadlessTerminalOptions } from './headless-terminal';
export { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable } from './chromium';
export { rendererBuildDir, ensureRendererBuilt } from './renderer-build';
