// Replaced by the headless-shell work: builds the renderer once before the end-to-end suites.
export default async function globalSetup(): Promise<void> {}
