// The HTML email laid out by a real browser (headless Chromium, Debian's package): each paragraph's
// alignment follows its own direction. An Arabic or Hebrew paragraph's text ends at its box's right
// edge and an English one starts at the left, whatever the email's language. Measured in the page
// by a probe script added for the test only (the email itself has none); Chromium prints the DOM.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { renderEmail } from '../../lib/email/renderEmail';
import { createTranslator } from '../../lib/i18n';
import { Transcript, TranscriptMessage } from '../../lib/transcript/types';
import { shippedCatalogs } from '../catalogs';

const translator = createTranslator(shippedCatalogs());

const PARAGRAPHS = {
    arabic: 'مرحبا، كيف يمكنني مساعدتك اليوم؟',
    hebrew: 'שלום, איך אפשר לעזור היום?',
    english: 'Hello, how can I help you today?',
};

function findChromium(): string | undefined {
    for (const name of ['chromium', 'chromium-browser']) {
        try {
            return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || undefined;
        } catch {
            // not installed under this name
        }
    }
    return undefined;
}

const chromium = findChromium();
// CI installs Chromium (.ci/run): there the test must run, never skip.
const runIt = chromium || process.env.CI === 'true' ? test : test.skip;

function transcript(language: string): Transcript {
    const at = Date.UTC(2026, 2, 2, 8, 5);
    const messages: TranscriptMessage[] = Object.values(PARAGRAPHS).map((text, i) => ({
        id: `m${i}`,
        sender: { name: 'Vera Visitor', role: 'visitor' },
        at,
        text,
        system: false,
        quotes: [],
        images: [],
        files: [],
    }));
    return {
        language,
        timeZone: 'UTC',
        header: { siteName: 'Acme Support', title: 'Conversation transcript', visitorName: 'Vera Visitor', startedAt: at, closedAt: at + 60_000, tags: [] },
        messages,
    } as Transcript;
}

/** For each probe paragraph: where its text starts and ends, against its box's edges, in CSS pixels. */
const PROBE = `<script>
const found = {};
for (const [name, text] of Object.entries(${JSON.stringify(PARAGRAPHS)})) {
    const p = [...document.querySelectorAll('p')].find((el) => el.textContent === text);
    if (!p) continue;
    const box = p.getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(p);
    const ink = range.getBoundingClientRect();
    found[name] = { direction: getComputedStyle(p).direction, align: getComputedStyle(p).textAlign, boxLeft: box.left, boxRight: box.right, textLeft: ink.left, textRight: ink.right };
}
document.body.setAttribute('data-probe', JSON.stringify(found));
</script>`;

interface Measure {
    direction: string;
    align: string;
    boxLeft: number;
    boxRight: number;
    textLeft: number;
    textRight: number;
}

function layOut(html: string): Record<keyof typeof PARAGRAPHS, Measure> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'email-rtl-'));
    try {
        const file = path.join(dir, 'email.html');
        // The app's HTML is a fragment: Rocket.Chat's mailer puts it into the workspace's own document.
        fs.writeFileSync(file, `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>${html}${PROBE}</body></html>`);
        const dom = execFileSync(
            chromium!,
            [
                '--headless',
                '--no-sandbox',
                '--disable-gpu',
                '--disable-quic',
                '--no-first-run',
                '--disable-background-networking',
                '--disable-component-update',
                '--disable-sync',
                `--user-data-dir=${path.join(dir, 'profile')}`,
                '--window-size=900,1200',
                '--dump-dom',
                `file://${file}`,
            ],
            { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000 },
        );
        const match = /data-probe="([^"]*)"/.exec(dom);
        if (!match) {
            throw new Error(`no measurements in the page Chromium printed:\n${dom.slice(0, 500)}`);
        }
        return JSON.parse(match[1].replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

describe.each(['en-GB', 'ar'])('an email in %s, laid out by Chromium', (language) => {
    runIt(
        'Arabic and Hebrew paragraphs end at the right edge, an English one starts at the left',
        () => {
            const measured = layOut(renderEmail(transcript(language), translator).html);
            for (const name of ['arabic', 'hebrew'] as const) {
                const m = measured[name];
                expect(m.direction).toBe('rtl');
                expect(Math.abs(m.boxRight - m.textRight)).toBeLessThan(1);
                expect(m.textLeft - m.boxLeft).toBeGreaterThan(50);
            }
            const english = measured.english;
            expect(english.direction).toBe('ltr');
            expect(Math.abs(english.textLeft - english.boxLeft)).toBeLessThan(1);
            expect(english.boxRight - english.textRight).toBeGreaterThan(50);
        },
        120_000,
    );
});
