// The workspace page in a real browser: the Transcript panel drawn by Rocket.Chat's UI Kit renderer
// (fuselage-ui-kit), clicked and submitted as a person would, against the packaged app in the local
// workspace. Skipped, with the reason, only where no Chromium is installed, and never in CI.
import { Browser, Page } from 'playwright-core';
import { buildPage } from '../../build/page';
import { createTranslator, TranslationParams } from '../../lib/i18n';
import { PANEL_BUTTON } from '../../lib/ui/ids';
import { shippedCatalogs } from '../catalogs';
import { DemoUser, TestWorkspace } from '../integration/workspace';
import { findChromium, launchChromium, NO_CHROMIUM, PageProblems } from './chromium';

const executable = findChromium();
if (!executable && process.env.CI === 'true') {
    throw new Error(`Browser tests must run in CI: ${NO_CHROMIUM}`);
}
if (!executable) {
    console.warn(`The workspace page's browser tests are skipped: ${NO_CHROMIUM}.`);
}
const describeInBrowser = executable ? describe : describe.skip;

const i18n = createTranslator(shippedCatalogs());
const en = (key: string, params?: TranslationParams) => i18n.t('en', key, params);
const de = (key: string, params?: TranslationParams) => i18n.t('de', key, params);

const GOOD_ADDRESS = 'vera.browser@example.com';
const BAD_ADDRESS = 'not an address';

describeInBrowser(`the workspace page${executable ? '' : ` (skipped: ${NO_CHROMIUM})`}`, () => {
    const ws = new TestWorkspace();
    let browser: Browser;
    let page: Page;
    let problems: PageProblems;
    let users: Record<string, DemoUser>;
    let rid: string;

    const bar = () => page.locator('.contextual-bar');
    const modal = () => page.locator('.app-modal');
    const actAs = (username: string) => page.selectOption('select[name=user]', username);

    beforeAll(async () => {
        await Promise.all([ws.start(), buildPage()]);
        users = await ws.users();
        await ws.dev('POST', 'users', { username: 'plain', name: 'Paul Plain', roles: ['user'] });
        const visitorId = ((await ws.snapshot()) as any).visitors[0].id;
        const { room } = await ws.dev('POST', 'rooms', { visitorId, agentId: users.agent.id });
        rid = room.id;
        await ws.dev('POST', `rooms/${rid}/messages`, { messages: [{ from: 'visitor', text: 'Where is my parcel? <b>now</b>' }, { from: 'agent', text: 'On its way.' }] });
        browser = await launchChromium(executable!);
        page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
        problems = new PageProblems(page);
        await page.goto(ws.url(`/?user=manager&room=${rid}`));
    }, 120_000);

    afterAll(async () => {
        await browser?.close();
        await ws.stop();
    });

    test('the Transcript button shows in a livechat room for the manager and not for a plain user', async () => {
        const button = page.locator(`.app-button[data-action-id="${PANEL_BUTTON}"]`);
        await button.waitFor();
        expect(await button.textContent()).toBe(en('ui_button_transcript'));
        // Visitor text is drawn as text, never as markup.
        await page.getByText('Where is my parcel? <b>now</b>').waitFor();
        await actAs('plain');
        await page.getByText('No app action button for plain here.').waitFor();
        expect(await page.locator('.app-button').count()).toBe(0);
        await actAs('manager');
        await button.waitFor();
    });

    test('a click opens the contextual bar, drawn with the visitor, the agent and the actions', async () => {
        await page.click(`.app-button[data-action-id="${PANEL_BUTTON}"]`);
        await bar().waitFor();
        expect(await bar().locator('h2').textContent()).toBe(en('ui_panel_title'));
        for (const line of [en('ui_room_visitor', { name: 'Vera Visitor' }), en('ui_room_agent', { name: 'Alice Agent' }), en('ui_room_state', { state: en('ui_room_open') })]) {
            await bar().getByText(line, { exact: true }).waitFor();
        }
        // The actions are fuselage buttons, as Rocket.Chat draws them.
        for (const label of [en('ui_action_send_email'), en('ui_action_request_pdf'), en('ui_action_refresh')]) {
            await expect(bar().locator('button.rcx-button', { hasText: label }).count()).resolves.toBe(1);
        }
    });

    test('"send email" opens the modal', async () => {
        await bar().getByRole('button', { name: en('ui_action_send_email') }).click();
        await modal().waitFor();
        await modal().getByText(en('ui_email_modal_title'), { exact: true }).waitFor();
        expect(await modal().getByPlaceholder('name@example.com').count()).toBe(1);
    });

    test('a bad address shows the error on its field and keeps the modal open', async () => {
        // Enter in the field submits, as a click on Send does.
        await modal().getByPlaceholder('name@example.com').fill(BAD_ADDRESS);
        await modal().getByPlaceholder('name@example.com').press('Enter');
        const error = modal().locator('.rcx-field__error');
        await error.waitFor();
        expect(await error.textContent()).toBe(en('transcript_invalid_email', { address: BAD_ADDRESS }));
        expect(await modal().isVisible()).toBe(true);
        // The field keeps what was typed, as in Rocket.Chat.
        expect(await modal().getByPlaceholder('name@example.com').inputValue()).toBe(BAD_ADDRESS);
    });

    test('a good address closes the modal, and the bar shows the pending email', async () => {
        await modal().getByPlaceholder('name@example.com').fill(GOOD_ADDRESS);
        await modal().getByRole('button', { name: en('ui_email_send') }).click();
        await modal().waitFor({ state: 'detached' });
        await bar().getByText(en('ui_email_to', { address: GOOD_ADDRESS }), { exact: true }).waitFor();
        await bar().getByText(en('ui_status', { state: en('transcript_state_waiting') }), { exact: true }).first().waitFor();
        await bar().getByRole('button', { name: en('ui_action_cancel_email') }).waitFor();
    });

    test('closing the room delivers the email, and it appears in the outbox', async () => {
        await page.getByRole('button', { name: 'Close as the visitor' }).click();
        await page.locator('.rooms tr.selected td', { hasText: 'closed' }).waitFor();
        const email = page.locator('.outbox .email', { hasText: GOOD_ADDRESS });
        await email.waitFor({ timeout: 60_000 });
        // The HTML part in a sandbox without scripts, served with a sandbox policy of its own.
        const frame = email.locator('iframe');
        expect(await frame.getAttribute('sandbox')).toBe('');
        const src = (await frame.getAttribute('src'))!;
        const html = await page.request.get(ws.url(src));
        expect(html.headers()['content-security-policy']).toMatch(/^sandbox;/);
        const drawn = page.frames().find((f) => f.url().endsWith(src))!;
        expect(await drawn.locator('body').innerText()).toContain('Where is my parcel? <b>now</b>');
        await email.locator('summary').click();
        expect(await email.locator('pre').textContent()).toContain('Where is my parcel? <b>now</b>');
        expect(await page.locator('.requests tr', { hasText: GOOD_ADDRESS }).locator('td').nth(2).textContent()).toBe('sent');
    }, 90_000);

    test('a PDF request on the closed room appears in the uploads, and opens as a PDF', async () => {
        await bar().getByRole('button', { name: en('ui_action_refresh') }).click();
        await bar().getByText(en('ui_room_state', { state: en('ui_room_closed') }), { exact: true }).waitFor();
        await bar().getByRole('button', { name: en('ui_action_request_pdf') }).click();
        const upload = page.locator('.uploads tr', { hasText: 'application/pdf' }).first();
        await upload.waitFor({ timeout: 60_000 });
        const link = upload.locator('a');
        const href = (await link.getAttribute('href'))!;
        const file = await page.request.get(ws.url(href));
        expect(file.headers()['content-type']).toBe('application/pdf');
        expect((await file.body()).subarray(0, 5).toString()).toBe('%PDF-');
        // A new tab, where the browser's own viewer shows it.
        expect(await link.getAttribute('target')).toBe('_blank');
        const [viewer] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
        await viewer.waitForLoadState();
        expect(viewer.url()).toBe(ws.url(href));
        await viewer.close();
    }, 90_000);

    test('in German, for a German user, the bar\'s texts are German', async () => {
        expect(de('ui_panel_title')).not.toBe(en('ui_panel_title'));
        await actAs('monitor');
        const button = page.locator(`.app-button[data-action-id="${PANEL_BUTTON}"]`);
        await button.waitFor();
        expect(await button.textContent()).toBe(de('ui_button_transcript'));
        await button.click();
        await bar().locator('h2', { hasText: de('ui_panel_title') }).waitFor();
        await bar().getByText(de('ui_room_state', { state: de('ui_room_closed') }), { exact: true }).waitFor();
        expect(await bar().getByText(en('ui_room_state', { state: en('ui_room_closed') }), { exact: true }).count()).toBe(0);
    });

    test('no console error, no failed request during the walk-through', () => {
        expect(problems.seen).toEqual([]);
    });
});
