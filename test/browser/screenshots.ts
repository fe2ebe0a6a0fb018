// `npm run screenshots`: the README's pictures of the Transcript panel, taken from the workspace page
// in headless Chromium on a fresh demo workspace: the email modal, then the contextual bar with the
// email it ordered waiting for the close. Writes docs/img/panel-modal.png and docs/img/panel-bar.png.
import * as fs from 'fs';
import * as path from 'path';
import { buildPage } from '../../build/page';
import { createTranslator } from '../../lib/i18n';
import { PANEL_BUTTON } from '../../lib/ui/ids';
import { shippedCatalogs } from '../catalogs';
import { TestWorkspace } from '../integration/workspace';
import { findChromium, launchChromium, NO_CHROMIUM } from './chromium';

const OUT = path.join(__dirname, '..', '..', 'docs', 'img');
const en = (key: string) => createTranslator(shippedCatalogs()).t('en', key);

async function main(): Promise<void> {
    const executable = findChromium();
    if (!executable) {
        throw new Error(NO_CHROMIUM);
    }
    const ws = new TestWorkspace();
    await Promise.all([ws.start(), buildPage()]);
    const browser = await launchChromium(executable);
    try {
        const room = ((await ws.snapshot()) as any).rooms.find((r: any) => r.type === 'l' && r.open);
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
        await page.goto(ws.url(`/?user=manager&room=${room.id}`));
        await page.click(`.app-button[data-action-id="${PANEL_BUTTON}"]`);
        const bar = page.locator('.bar');
        await bar.getByRole('button', { name: en('ui_action_send_email') }).click();
        const modal = page.locator('.app-modal');
        await modal.waitFor();
        // The modal's opening animation is over once it stops moving.
        await page.waitForTimeout(500);
        fs.mkdirSync(OUT, { recursive: true });
        // With a margin of the dimmed page around it, as it shows over the room.
        const box = (await modal.boundingBox())!;
        const margin = 24;
        await page.screenshot({ path: path.join(OUT, 'panel-modal.png'), clip: { x: box.x - margin, y: box.y - margin, width: box.width + 2 * margin, height: box.height + 2 * margin } });
        await modal.getByRole('button', { name: en('ui_email_send') }).click();
        await modal.waitFor({ state: 'detached' });
        await bar.getByRole('button', { name: en('ui_action_cancel_email') }).waitFor();
        await bar.screenshot({ path: path.join(OUT, 'panel-bar.png') });
        console.log(`wrote ${path.relative(process.cwd(), OUT)}/panel-modal.png and panel-bar.png`);
    } finally {
        await browser.close();
        await ws.stop();
    }
}

main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
});
