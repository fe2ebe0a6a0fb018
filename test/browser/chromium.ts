// Headless Chromium from the system (Debian's `chromium` package; playwright's own browsers cannot
// be downloaded here), driven by playwright-core, and a recorder of what went wrong in a page.
import * as fs from 'fs';
import { Browser, chromium, ConsoleMessage, Page } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** The Chromium to use: $CHROMIUM_PATH, else the first installed of the usual paths. */
export function findChromium(): string | undefined {
    const wanted = process.env.CHROMIUM_PATH;
    if (wanted) {
        return fs.existsSync(wanted) ? wanted : undefined;
    }
    return CANDIDATES.find((candidate) => fs.existsSync(candidate));
}

export const NO_CHROMIUM = 'no Chromium found (install Debian\'s chromium package, or set CHROMIUM_PATH)';

/** Flags that work as root in a container: no sandbox, no GPU, nothing fetched in the background. */
export function launchChromium(executablePath: string): Promise<Browser> {
    return chromium.launch({
        executablePath,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
}

/** Console errors, uncaught exceptions, failed requests and error answers seen by a page. */
export class PageProblems {
    public readonly seen: string[] = [];

    constructor(page: Page) {
        page.on('console', (message: ConsoleMessage) => {
            if (message.type() === 'error' || message.type() === 'warning') {
                this.seen.push(`console ${message.type()}: ${message.text()}`);
            }
        });
        page.on('pageerror', (error) => this.seen.push(`page error: ${error.message}`));
        page.on('requestfailed', (request) => this.seen.push(`failed request: ${request.method()} ${request.url()} (${request.failure()?.errorText})`));
        page.on('response', (response) => {
            if (response.status() >= 400) {
                this.seen.push(`error answer: ${response.status()} ${response.request().method()} ${response.url()}`);
            }
        });
    }
}
