/**
 * How Playwright launches Chromium here: Debian's build (Playwright cannot download its own on these machines),
 * headless, and fetching nothing from the network. Shared by playwright.config.ts and scripts/docs-screenshots.ts.
 */
export const CHROMIUM_LAUNCH_OPTIONS = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
};
