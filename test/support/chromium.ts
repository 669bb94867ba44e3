import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium (scripts/provision.sh --for-tests installs it); nothing is downloaded. */
export const CHROMIUM = process.env.BERTH_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Flags for a machine with no route out: without the background-networking ones Chromium keeps
 * dialling Google's hosts (refused here), and as root it needs --no-sandbox.
 */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A headless Chromium with a fresh, empty profile of its own, removed on close. */
export async function launchChromium(): Promise<{
  context: BrowserContext;
  close(): Promise<void>;
}> {
  const profile = await mkdtemp(join(tmpdir(), 'berth-chromium-'));
  // launchPersistentContext passes --user-data-dir itself (Playwright refuses it in `args`).
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 860 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
