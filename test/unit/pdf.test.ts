import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { basicPdfFormat, buildPdfDefinition, PDF_PAGE, PdfEnvironment, renderPdf, vendorEnvironment } from '../../lib/pdf/renderPdf';
import { sniffImage, toBase64 } from '../../lib/pdf/images';
import { loadVendor } from '../../lib/pdf/vendor';
import { Transcript, TranscriptLabels, TranscriptMessage } from '../../lib/transcript/types';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const pdfParse: (data: Buffer, options?: { pagerender(page: PdfParsePage): Promise<string> }) => Promise<{ text: string; numpages: number }> = require('pdf-parse/lib/pdf-parse.js');

interface PdfParsePage {
    getTextContent(): Promise<{ items: Array<{ str: string; transform: number[] }> }>;
}

/** Each page's text items with where they are drawn, the footer (in the bottom margin, 48 pt) aside. */
async function textByPage(pdf: Buffer): Promise<string[][]> {
    const pages: string[][] = [];
    await pdfParse(pdf, {
        async pagerender(page) {
            const { items } = await page.getTextContent();
            pages.push(items.filter((item) => item.transform[5] > 48).map((item) => `${item.str} @ ${item.transform[4].toFixed(2)},${item.transform[5].toFixed(2)}`));
            return '';
        },
    });
    return pages;
}

const VENDOR = path.join(__dirname, '..', '..', 'vendor', 'pdfmake.js');

let env: PdfEnvironment;

beforeAll(async () => {
    // The vendor bundle is generated (gitignored): build it when missing or from an older layout.
    const current = fs.existsSync(VENDOR) && fs.readFileSync(VENDOR, 'latin1').includes('readFont');
    if (!current) {
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        await require('../../build/vendor').buildVendor();
    }
    env = vendorEnvironment();
}, 120000);

const labels: TranscriptLabels = {
    transcript_title: 'Conversation transcript',
    label_visitor: 'Visitor',
    label_agent: 'Agent',
    label_department: 'Department',
    label_started: 'Started',
    label_closed: 'Closed',
    label_duration: 'Duration',
    label_time_zone: 'Time zone',
    label_close_comment: 'Close comment',
    label_tags: 'Tags',
    label_survey: 'Survey',
    label_attachment: 'Attachment',
    label_page_of: 'Page {page} of {pages}',
    label_part: 'Part {part} of {parts}',
};

/** A real RGB PNG of w x h pixels. */
function png(w: number, h: number): Uint8Array {
    const raw = Buffer.alloc((w * 3 + 1) * h);
    for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
            const o = y * (w * 3 + 1) + 1 + x * 3;
            raw[o] = (x * 255) / w;
            raw[o + 1] = (y * 255) / h;
            raw[o + 2] = 160;
        }
    }
    const table = Array.from({ length: 256 }, (_, n) => {
        let c = n;
        for (let k = 0; k < 8; k++) {
            c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
        }
        return c >>> 0;
    });
    const crc = (b: Buffer) => {
        let c = 0xffffffff;
        for (const x of b) {
            c = table[(c ^ x) & 0xff] ^ (c >>> 8);
        }
        return (c ^ 0xffffffff) >>> 0;
    };
    const chunk = (type: string, data: Buffer) => {
        const len = Buffer.alloc(4);
        len.writeUInt32BE(data.length);
        const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
        const c = Buffer.alloc(4);
        c.writeUInt32BE(crc(body));
        return Buffer.concat([len, body, c]);
    };
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(w, 0);
    ihdr.writeUInt32BE(h, 4);
    ihdr[8] = 8; // bit depth
    ihdr[9] = 2; // RGB
    const bytes = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

const PAYLOAD_JSON = '{"text":"x","link":"javascript:alert(1)"}';
const PAYLOAD_HTML = '<b>bold</b>';
const PAYLOAD_IMAGE = '{ "image": "data:image/png;base64,iVBORw0KGgo=", "width": 500 }';

const t0 = Date.UTC(2025, 2, 12, 9, 0);
let seq = 0;
function msg(sender: TranscriptMessage['sender'], minutes: number, text: string, extra: Partial<TranscriptMessage> = {}): TranscriptMessage {
    return { id: String(++seq), sender, at: t0 + minutes * 60000, text, system: false, quotes: [], images: [], files: [], ...extra };
}
const visitor = { name: 'Мария Иванова', role: 'visitor' as const };
const agent = { name: 'أحمد علي', role: 'agent' as const };
const system = { name: 'System', role: 'system' as const };

function transcript(language = 'en'): Transcript {
    return {
        language,
        timeZone: 'Europe/Berlin',
        header: {
            siteName: 'Acme Support',
            title: 'Conversation transcript',
            visitorName: 'Мария Иванова',
            visitorEmail: 'maria@example.com',
            agentName: 'أحمد علي',
            departmentName: 'Ventas / מכירות',
            startedAt: t0,
            closedAt: t0 + 26 * 3600000,
            closeComment: 'Resolved — شكرا',
            tags: ['billing', 'vip'],
            survey: { satisfaction: '5' },
        },
        messages: [
            msg(system, 0, 'Conversation started by Мария Иванова', { system: true }),
            msg(visitor, 1, 'Здравствуйте! Мне нужна помощь с заказом 12345.'),
            msg(agent, 2, 'مرحبا! رقم الطلب 12345 تم شحنه في 2025-03-10، وسيصل خلال 3 أيام.'),
            msg(visitor, 3, 'Γειά σου κόσμε. Also Hebrew: שלום עולם, מספר 42 (בדיקה).'),
            msg(agent, 4, '中文测试：你好，世界！日本語のテキスト、한국어 텍스트 안녕하세요.'),
            msg(visitor, 5, 'Emoji: 😀 👍🏽 👨‍👩‍👧 🇩🇪 ❤️ done'),
            msg(visitor, 6, `${PAYLOAD_JSON} ${PAYLOAD_HTML}`),
            msg(visitor, 6.5, PAYLOAD_IMAGE),
            msg(agent, 7, 'Quoting you', { quotes: [{ author: 'Мария Иванова', text: 'Мне нужна помощь' }] }),
            msg(visitor, 8, 'Here is a screenshot', {
                images: [{ name: 'screen.png', mimeType: 'image/png', data: png(400, 200) }],
                files: [{ name: 'invoice-2025.pdf', url: 'javascript:alert(1)' }],
            }),
            msg(system, 60 * 25, 'Conversation closed by أحمد علي', { system: true }),
        ],
    };
}

type AnyNode = Record<string, unknown>;

/** Every object node of the definition's content, depth first. */
function walk(value: unknown, out: AnyNode[] = []): AnyNode[] {
    if (Array.isArray(value)) {
        value.forEach((v) => walk(v, out));
    } else if (value && typeof value === 'object') {
        out.push(value as AnyNode);
        for (const key of ['text', 'stack', 'columns']) {
            const child = (value as AnyNode)[key];
            if (child && typeof child === 'object') {
                walk(child, out);
            }
        }
    }
    return out;
}

/** Concatenated leaf text of a node. */
function textOf(node: AnyNode): string {
    const t = node.text;
    if (typeof t === 'string') {
        return t;
    }
    return Array.isArray(t) ? t.map((x) => textOf(x as AnyNode)).join('') : '';
}

const ALLOWED_KEYS = new Set([
    'text', 'font', 'bold', 'italics', 'color', 'fontSize', 'noWrap', 'lineEnd', 'alignment', 'margin', 'preserveLeadingSpaces',
    'stack', 'columns', 'width', 'columnGap', 'canvas', 'image', 'fit',
]);

describe('buildPdfDefinition', () => {
    test('A4 with header, footer "Page x of y" and the header fields', () => {
        const def = buildPdfDefinition(transcript(), labels, basicPdfFormat('en', 'Europe/Berlin'), { env });
        expect(def.pageSize).toBe('A4');
        const footer = def.footer as (page: number, pages: number) => AnyNode;
        expect(textOf(footer(2, 5))).toBe('Page 2 of 5');
        const all = walk(def.content).map(textOf).join('\n');
        for (const s of ['Acme Support', 'Conversation transcript', 'Visitor', 'maria@example.com', 'Agent', 'Department', 'Started', 'Closed', 'Time zone', 'Europe/Berlin', 'Close comment', 'Tags', 'billing, vip', 'Survey', 'satisfaction: 5']) {
            expect(all).toContain(s);
        }
    });

    test('a sender and time that fit on a line are drawn whole; a name too long for a line still wraps', async () => {
        const tr = transcript();
        const longName = Array.from({ length: 40 }, (_, i) => `Name${i}`).join(' ');
        tr.messages = [msg({ name: longName, role: 'visitor' }, 0, 'first'), msg({ name: 'Jane Agent', role: 'agent' }, 1, 'second')];
        const nodes = walk(buildPdfDefinition(tr, labels, basicPdfFormat('en', 'UTC'), { env }).content);
        const leaf = (text: string) => nodes.find((n) => typeof n.text === 'string' && n.text.includes(text));
        expect(leaf('Jane Agent')?.noWrap).toBe(true);
        expect(leaf('Name0')?.noWrap).toBeUndefined();
        const firstPage = (await textByPage(Buffer.from(await renderPdf(tr, labels, basicPdfFormat('en', 'UTC')))))[0];
        const nameLines = new Set(firstPage.filter((item) => /Name\d/.test(item)).map((item) => item.split(',')[1]));
        expect(nameLines.size).toBeGreaterThan(1);
        expect(firstPage.some((item) => item.startsWith('Jane Agent'))).toBe(true);
    });

    test('a part of a long conversation says which part it is', () => {
        const tr = transcript();
        tr.header.part = { index: 1, count: 3, messages: 30, systemMessages: false };
        const all = walk(buildPdfDefinition(tr, labels, basicPdfFormat('en', 'UTC'), { env }).content).map(textOf).join('\n');
        expect(all).toContain('Part 2 of 3');
        expect(walk(buildPdfDefinition(transcript(), labels, basicPdfFormat('en', 'UTC'), { env }).content).map(textOf).join('\n')).not.toContain('Part ');
    });

    test('TEXT IS DATA: payloads are plain string leaves, nothing from the transcript becomes layout', () => {
        const def = buildPdfDefinition(transcript(), labels, basicPdfFormat('en', 'UTC'), { env });
        const nodes = walk(def.content);
        for (const node of nodes) {
            for (const key of Object.keys(node)) {
                expect(ALLOWED_KEYS.has(key)).toBe(true);
            }
            if ('text' in node) {
                expect(typeof node.text === 'string' || Array.isArray(node.text)).toBe(true);
            }
        }
        const leaves = nodes.filter((n) => typeof n.text === 'string').map((n) => n.text as string);
        const joined = leaves.join('');
        expect(joined).toContain(PAYLOAD_JSON);
        expect(joined).toContain(PAYLOAD_HTML);
        expect(joined).toContain(PAYLOAD_IMAGE);
        // exactly one image node: the real PNG attachment, as a data URL built from sniffed bytes
        const images = nodes.filter((n) => 'image' in n);
        expect(images).toHaveLength(1);
        expect(String(images[0].image).startsWith('data:image/png;base64,')).toBe(true);
        expect(JSON.stringify(def.content)).not.toContain('"link"');
    });

    test('system messages italic, quotes indented, images fit the page without upscaling, files listed', () => {
        const def = buildPdfDefinition(transcript(), labels, basicPdfFormat('en', 'UTC'), { env });
        const nodes = walk(def.content);
        const sys = nodes.find((n) => textOf(n).startsWith('Conversation started'));
        expect(sys && sys.italics).toBe(true);
        const quote = nodes.find((n) => Array.isArray(n.stack) && (n.stack as AnyNode[]).some((s) => textOf(s).includes('Мне нужна помощь')));
        expect(quote && (quote.margin as number[])[0]).toBeGreaterThan(0);
        const image = nodes.find((n) => 'image' in n) as AnyNode;
        expect(image.fit).toEqual([300, 150]); // 400x200 px at 96 dpi, not scaled up
        expect(nodes.some((n) => textOf(n) === 'Attachment: invoice-2025.pdf')).toBe(true);

        const big = transcript();
        big.messages = [msg(visitor, 1, 'big', { images: [{ name: 'big.png', mimeType: 'image/png', data: png(3000, 1000) }] })];
        const bigImage = walk(buildPdfDefinition(big, labels, basicPdfFormat('en', 'UTC'), { env }).content).find((n) => 'image' in n) as AnyNode;
        const [w, h] = bigImage.fit as number[];
        expect(w).toBeLessThanOrEqual(PDF_PAGE.contentWidth + 0.01);
        expect(w / h).toBeCloseTo(3, 3);
    });

    test('a divider for each new day', () => {
        const def = buildPdfDefinition(transcript(), labels, basicPdfFormat('en', 'UTC'), { env });
        const nodes = walk(def.content);
        expect(nodes.filter((n) => 'canvas' in n)).toHaveLength(3); // header rule + 2 days
        const all = nodes.map(textOf);
        expect(all).toContain('Wednesday, March 12, 2025');
        expect(all).toContain('Thursday, March 13, 2025');
    });

    test('images that are not PNG/JPEG, too big or without data are listed by name', () => {
        const tr = transcript();
        tr.messages = [
            msg(visitor, 1, 'files', {
                images: [
                    { name: 'fake.png', mimeType: 'image/png', data: new Uint8Array([1, 2, 3, 4]) },
                    { name: 'link-only.jpg', mimeType: 'image/jpeg', url: 'https://example.com/x.jpg' },
                    { name: 'large.png', mimeType: 'image/png', data: png(20, 20) },
                ],
            }),
        ];
        const nodes = walk(buildPdfDefinition(tr, labels, basicPdfFormat('en', 'UTC'), { env, maxImageBytes: 100 }).content);
        expect(nodes.filter((n) => 'image' in n)).toHaveLength(0);
        const texts = nodes.map(textOf);
        for (const name of ['fake.png', 'link-only.jpg', 'large.png']) {
            expect(texts).toContain(`Attachment: ${name}`);
        }
    });

    test('RTL documents mirror the header rows', () => {
        const def = buildPdfDefinition(transcript('ar'), labels, basicPdfFormat('ar', 'UTC'), { env });
        const row = walk(def.content).find((n) => Array.isArray(n.columns)) as AnyNode;
        const [first, second] = row.columns as AnyNode[];
        expect(first.width).toBe('*');
        expect(second.width).toBeGreaterThan(0);
        expect(second.alignment).toBe('right');
    });
});

describe('sniffImage / toBase64', () => {
    test('reads PNG and JPEG sizes and rejects other data', () => {
        expect(sniffImage(png(7, 5))).toEqual({ type: 'png', width: 7, height: 5 });
        const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x20, 0x00, 0x30, 0x03, 0, 0, 0, 0, 0, 0, 0, 0]);
        expect(sniffImage(jpeg)).toEqual({ type: 'jpeg', width: 48, height: 32 });
        expect(sniffImage(new TextEncoder().encode('<svg onload="alert(1)">'))).toBeNull();
        expect(sniffImage(new Uint8Array(0))).toBeNull();
    });

    test('base64 matches Node', () => {
        for (const n of [0, 1, 2, 3, 4, 5, 1000]) {
            const data = new Uint8Array(n).map((_, i) => (i * 37) & 255);
            expect(toBase64(data)).toBe(Buffer.from(data).toString('base64'));
        }
    });
});

describe('renderPdf', () => {
    let pdf: Buffer;
    let text: string;
    let raw: string;

    beforeAll(async () => {
        const bytes = await renderPdf(transcript(), labels, basicPdfFormat('en', 'Europe/Berlin'));
        pdf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        raw = pdf.toString('latin1');
        text = (await pdfParse(pdf)).text;
    }, 60000);

    test('is a complete PDF', () => {
        expect(raw.startsWith('%PDF-')).toBe(true);
        expect(raw.trimEnd().endsWith('%%EOF')).toBe(true);
    });

    test('text in several scripts can be extracted', () => {
        for (const s of ['Acme Support', 'Здравствуйте', 'κόσμε', '中文测试', '你好', 'テキスト', '안녕하세요', 'done', '12345', 'Page 1 of']) {
            expect(text).toContain(s);
        }
        // RTL: extraction order is the extractor's business; the words and letters are there.
        for (const s of ['שלום', 'עולם', 'בדיקה']) {
            expect(text).toContain(s);
        }
        expect(text).toMatch(/[\u0620-\u064a]{2}/);
        expect(text).toContain('2025');
    });

    test('the payloads appear as literal text and create no links or scripts', () => {
        expect(text).toContain(PAYLOAD_JSON);
        expect(text).toContain(PAYLOAD_HTML);
        expect(text).toContain('"image": "data:image/png;base64,iVBORw0KGgo="');
        expect(raw).not.toMatch(/\/JavaScript|\/JS\b|\/URI|\/Annots|\/Launch/);
    });

    test('embeds the PNG, lists the other file and uses the script fonts', () => {
        expect(raw).toContain('/Subtype /Image');
        expect(text).toContain('Attachment: invoice-2025.pdf');
        for (const font of ['NotoSans-Regular', 'NotoSans-Italic', 'NotoSans-Bold', 'NotoSansArabic', 'NotoSansHebrew', 'NotoSansSC', 'NotoSansKR', 'NotoEmoji']) {
            expect(raw).toContain(font);
        }
    });

    test('a broken image that passes the signature check does not fail the transcript', async () => {
        const broken = png(10, 10);
        broken.fill(0x42, 40); // corrupt IDAT
        const tr = transcript();
        tr.messages = [msg(visitor, 1, 'broken', { images: [{ name: 'broken.png', mimeType: 'image/png', data: broken }] })];
        const bytes = await renderPdf(tr, labels, basicPdfFormat('en', 'UTC'));
        expect(Buffer.from(bytes).toString('latin1', 0, 5)).toBe('%PDF-');
    });

    test('pre-broken lines stay lines in pdfmake (no words glued together, none cut off)', async () => {
        const words = Array.from({ length: 150 }, (_, i) => `w${i}`);
        const tr = transcript();
        tr.messages = [msg(visitor, 1, words.join(' ')), msg(agent, 2, `${words.slice(0, 60).join(' ')}\n\n${words.slice(60).join(' ')}`)];
        const parsed = await pdfParse(Buffer.from(await renderPdf(tr, labels, basicPdfFormat('en', 'UTC'))));
        const tokens = parsed.text.split(/\s+/).filter((t) => /^w\d+$/.test(t) || /w\d+w/.test(t));
        expect(tokens.filter((t) => /w\d+w/.test(t))).toEqual([]);
        expect(tokens).toHaveLength(300);
        const lines = parsed.text.split('\n').filter((l) => /^w\d/.test(l.trim()));
        expect(lines.length).toBeGreaterThanOrEqual(6);
    });

    test('a long conversation is laid out in chunks that join without a gap: every message once, in order, every page numbered', async () => {
        const words = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore'.split(' ');
        const tr = transcript();
        const filler = (i: number) => Array.from({ length: 5 + ((i * 7) % 56) }, (_, j) => words[(i + j) % words.length]).join(' ');
        tr.messages = Array.from({ length: 2500 }, (_, i) => msg(i % 2 ? agent : visitor, i, `Message number ${i}. ${filler(i)}`));
        const bytes = await renderPdf(tr, labels, basicPdfFormat('en', 'UTC'));
        const parsed = await pdfParse(Buffer.from(bytes));
        expect(parsed.numpages).toBeGreaterThan(200);
        for (let page = 1; page <= parsed.numpages; page++) {
            expect(parsed.text).toContain(`Page ${page} of ${parsed.numpages}`);
        }
        const found = Array.from(parsed.text.matchAll(/Message number (\d+)\./g), (m) => Number(m[1]));
        expect(found).toEqual(tr.messages.map((_, i) => i));
        // The same pages as pdfmake laying the whole document out at once (the footers aside: ours
        // are drawn first on a page, pdfmake's last).
        const pdfmake = loadVendor().pdfmake as unknown as { createPdf(definition: object): { getBuffer(): Promise<Uint8Array> } };
        const whole = Buffer.from(await pdfmake.createPdf(buildPdfDefinition(tr, labels, basicPdfFormat('en', 'UTC'))).getBuffer());
        expect(await textByPage(Buffer.from(bytes))).toEqual(await textByPage(whole));
    }, 120000);
});
