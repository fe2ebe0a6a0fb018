// PDF transcript: Transcript -> pdfmake document definition -> PDF bytes.
//
// TEXT IS DATA: every piece of user or label text reaches pdfmake only as the string value of
// a `{ text: string, font }` leaf built here (see text.ts); nothing from the transcript is ever
// spread into the definition or used as a key, style name, link, image source or font name.
// Images are embedded only from sniffed PNG/JPEG bytes as data: URLs built here.
import { partLabel } from '../transcript/parts';
import { Transcript, TranscriptImage, TranscriptLabels, TranscriptMessage } from '../transcript/types';
import { nextTurn } from '../turns';
import { BidiEngine } from './bidi';
import { dataUrl, ImageInfo, sniffImage } from './images';
import { createScriptSplitter, FontCoverageEntry } from './scripts';
import { BlockContext, Measurer, TextBlock, TextLayout, TextLeaf } from './text';
import { ChunkedDocument, printInChunks } from './printer';
import { loadVendor, vendorBidi, vendorMeasurer } from './vendor';

/** Date/time formatting in the transcript's language and time zone (wired to lib/transcript/format.ts by the caller). */
export interface PdfFormat {
    /** Date and time, e.g. "12 Mar 2025, 14:05". */
    dateTime(ms: number): string;
    /** Time of day for a message, e.g. "14:05". */
    time(ms: number): string;
    /** Day heading for the divider, e.g. "Wednesday, 12 March 2025". */
    day(ms: number): string;
    /** A key that changes when the calendar day (in the time zone) changes, e.g. "2025-03-12". */
    dayKey(ms: number): string;
    /** How the time zone is shown; defaults to the IANA name. */
    timeZoneLabel?(ms: number): string;
    /** Conversation duration, shown when the conversation is closed. */
    duration?(ms: number): string;
}

/** What the definition builder needs from the vendor bundle; renderPdf() fills it from vendor/pdfmake. */
export interface PdfEnvironment {
    coverage: FontCoverageEntry[];
    /** bidi-js instance; null disables RTL reordering. */
    bidi: BidiEngine | null;
    /** Text measurer for wrapping RTL paragraphs line by line; null = paragraph-level reordering. */
    measurer: Measurer | null;
}

export interface PdfOptions {
    env?: PdfEnvironment;
    /** Embed PNG/JPEG attachments (default true); when false they are listed by name. */
    embedImages?: boolean;
    /** Images larger than this are listed by name instead of embedded (default 5 MB). */
    maxImageBytes?: number;
    /** At most this many images are embedded; the rest are listed by name (default 200). */
    maxImages?: number;
}

export type PdfDocDefinition = Record<string, unknown>;

const PAGE_WIDTH = 595.28; // A4 in points
const PAGE_HEIGHT = 841.89;
const MARGIN_X = 40;
const MARGIN_TOP = 40;
const MARGIN_BOTTOM = 48;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X;
const LABEL_WIDTH = 110;
const COLUMN_GAP = 10;
const QUOTE_INDENT = 14;
const MAX_IMAGE_HEIGHT = 360;
const FONT_SIZE = 10;
const MUTED = '#666666';
const RULE = '#bbbbbb';
const BOLD: Node = { bold: true };
const TIME_STYLE: Node = { color: MUTED, fontSize: 8.5 };

type Node = Record<string, unknown>;

const RTL_LANGUAGES = /^(ar|arc|ckb|dv|fa|he|iw|ks|ku-arab|ps|sd|ug|ur|yi)(-|_|$)/i;

export function isRtlLanguage(language: string): boolean {
    return RTL_LANGUAGES.test(language || '');
}

/** pdfmake leaves; `style` (our own constants only) is set on every leaf: pdfmake drops the style of nested text arrays. */
function leafNodes(leaves: TextLeaf[], style?: Node): Node[] {
    return leaves.map((l) => {
        const node: Node = style ? { ...style, text: l.text, font: l.font } : { text: l.text, font: l.font };
        if (l.noWrap) {
            node.noWrap = true;
        }
        if (l.lineEnd) {
            node.lineEnd = true;
        }
        return node;
    });
}

/** The whole document as one pdfmake definition. */
export function buildPdfDefinition(transcript: Transcript, labels: TranscriptLabels, format: PdfFormat, options: PdfOptions = {}): PdfDocDefinition {
    const { header, messageCount, message, ...definition } = pdfDocument(transcript, labels, format, options);
    const content = [...header];
    for (let i = 0; i < messageCount; i++) {
        content.push(...message(i));
    }
    return { ...definition, content };
}

/** The document: its settings, its header, and each message's nodes made when they are laid out. */
function pdfDocument(transcript: Transcript, labels: TranscriptLabels, format: PdfFormat, options: PdfOptions = {}): ChunkedDocument {
    const env = options.env || vendorEnvironment();
    const splitter = createScriptSplitter(env.coverage, { language: transcript.language });
    const layout = new TextLayout(splitter, env.bidi, env.measurer);
    const docRtl = isRtlLanguage(transcript.language);
    const align = docRtl ? 'right' : 'left';
    const embedImages = options.embedImages !== false;
    const maxImageBytes = options.maxImageBytes !== undefined ? options.maxImageBytes : 5 * 1024 * 1024;
    const maxImages = options.maxImages !== undefined ? options.maxImages : 200;
    const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

    /** A pdfmake paragraph per text block (RTL paragraphs right-aligned). */
    const paragraphs = (text: string, ctx: BlockContext, style: Node = {}, alignment?: string): Node[] =>
        layout.blocks(str(text), ctx).map((b: TextBlock) => {
            // preserveLeadingSpaces: a paragraph's own indentation is kept (lines are pre-broken, so
            // no other line starts with a space).
            return { ...style, text: leafNodes(b.leaves), alignment: alignment || (b.rtl ? 'right' : 'left'), preserveLeadingSpaces: true };
        });
    const inline = (text: string, style?: Node) => leafNodes(layout.inline(str(text)).leaves, style);
    const spacer = (): Node => ({ text: ' ', font: splitter.families[0] });
    /** Fields in document order: reversed on the line for RTL documents. */
    const line = (...parts: Node[][]): Node[] => {
        const seq = docRtl ? parts.slice().reverse() : parts;
        const out: Node[] = [];
        seq.forEach((p, i) => {
            if (i > 0 && p.length) {
                // A space between fields, folded into a neighbouring leaf where that is safe (one
                // inline less per line: pdfmake's cost is per inline); never into an RTL word.
                const last = out[out.length - 1];
                if (!p[0].noWrap) {
                    p = [{ ...p[0], text: ` ${p[0].text}` }, ...p.slice(1)];
                } else if (last && !last.noWrap) {
                    out[out.length - 1] = { ...last, text: `${last.text} ` };
                } else {
                    out.push(spacer());
                }
            }
            out.push(...p);
        });
        return out;
    };

    /**
     * Leaves that fit on a line become noWrap: pdfmake then measures and draws each as one run
     * instead of one per word (the same text and places), and still breaks the line between leaves.
     */
    const wholeWhereTheyFit = (nodes: Node[], ctx: BlockContext): Node[] =>
        nodes.map((node) => {
            if (node.noWrap) {
                return node;
            }
            const fontSize = typeof node.fontSize === 'number' ? node.fontSize : ctx.fontSize;
            const fits = layout.fits(String(node.text), String(node.font), { ...ctx, fontSize, bold: node.bold === true || ctx.bold });
            return fits ? { ...node, noWrap: true } : node;
        });

    const content: Node[] = [];
    const h = transcript.header;

    // ---- header
    if (str(h.siteName)) {
        content.push({ text: inline(h.siteName), fontSize: 16, bold: true, alignment: align, margin: [0, 0, 0, 2] });
    }
    content.push({ text: inline(str(h.title) || labels.transcript_title), fontSize: 13, alignment: align, margin: [0, 0, 0, h.part ? 2 : 8] });
    if (h.part) {
        const partOf = partLabel(str(labels.label_part), h.part);
        content.push({ text: inline(partOf), fontSize: 11, bold: true, alignment: align, margin: [0, 0, 0, 8] });
    }

    const valueCtx: BlockContext = { width: CONTENT_WIDTH - LABEL_WIDTH - COLUMN_GAP, fontSize: 9.5 };
    const row = (label: string, value: string) => {
        const labelNode: Node = { width: LABEL_WIDTH, text: inline(label), color: MUTED, alignment: align };
        // Header values are aligned with the document (labels column), not by their own direction.
        const valueNode: Node = { width: '*', stack: paragraphs(value, valueCtx, {}, align) };
        content.push({ columns: docRtl ? [valueNode, labelNode] : [labelNode, valueNode], columnGap: COLUMN_GAP, fontSize: 9.5, margin: [0, 1, 0, 1] });
    };
    const visitor = str(h.visitorEmail) ? `${str(h.visitorName)} <${str(h.visitorEmail)}>` : str(h.visitorName);
    row(labels.label_visitor, visitor);
    if (str(h.agentName)) {
        row(labels.label_agent, str(h.agentName));
    }
    if (str(h.departmentName)) {
        row(labels.label_department, str(h.departmentName));
    }
    row(labels.label_started, format.dateTime(h.startedAt));
    if (typeof h.closedAt === 'number') {
        row(labels.label_closed, format.dateTime(h.closedAt));
        if (format.duration && h.closedAt >= h.startedAt) {
            row(labels.label_duration, format.duration(h.closedAt - h.startedAt));
        }
    }
    row(labels.label_time_zone, format.timeZoneLabel ? format.timeZoneLabel(h.startedAt) : transcript.timeZone);
    if (str(h.closeComment)) {
        row(labels.label_close_comment, str(h.closeComment));
    }
    const tags = Array.isArray(h.tags) ? h.tags.map(str).filter(Boolean) : [];
    if (tags.length) {
        row(labels.label_tags, tags.join(', '));
    }
    if (h.survey && typeof h.survey === 'object') {
        const entries = Object.keys(h.survey)
            .filter((k) => Object.prototype.hasOwnProperty.call(h.survey, k))
            .map((k) => `${k}: ${str((h.survey as Record<string, unknown>)[k])}`);
        if (entries.length) {
            row(labels.label_survey, entries.join('\n'));
        }
    }
    content.push(rule(6, 4));

    // ---- messages
    const textCtx: BlockContext = { width: CONTENT_WIDTH, fontSize: FONT_SIZE };
    const quoteCtx: BlockContext = { width: CONTENT_WIDTH - QUOTE_INDENT, fontSize: 9 };
    const header = content.splice(0);
    const messages = transcript.messages;
    const embedded = embeddedImages();
    /** The day of message `index`; messages are laid out in order, so the previous one is kept. */
    let knownDay = { index: -1, key: '' };
    const dayOf = (index: number): string => {
        if (knownDay.index !== index) {
            knownDay = { index, key: format.dayKey(messages[index].at) };
        }
        return knownDay.key;
    };
    /** Message `index` with the divider that opens its day; `content` collects its nodes. */
    function messageNodes(index: number): Node[] {
        const m = messages[index];
        if (index === 0 || dayOf(index - 1) !== dayOf(index)) {
            content.push({ text: inline(format.day(m.at)), alignment: 'center', bold: true, color: MUTED, fontSize: 9, margin: [0, 10, 0, 2] });
            content.push(rule(0, 4));
        }
        pushMessage(m);
        return content.splice(0);
    }

    function pushMessage(m: TranscriptMessage): void {
        const style: Node = m.system ? { italics: true, color: MUTED } : {};
        const senderAndTime = line(inline(m.sender && m.sender.name, m.system ? undefined : BOLD), inline(format.time(m.at), TIME_STYLE));
        content.push({
            ...style,
            text: wholeWhereTheyFit(senderAndTime, { width: CONTENT_WIDTH, fontSize: 9.5, italics: !!m.system }),
            fontSize: 9.5,
            alignment: align,
            margin: [0, 6, 0, 1],
        });
        const ctx = m.system ? { ...textCtx, italics: true } : textCtx;
        content.push(...paragraphs(m.text, ctx, style));
        for (const q of Array.isArray(m.quotes) ? m.quotes : []) {
            const stack: Node[] = [];
            if (str(q.author)) {
                stack.push({ text: inline(q.author), bold: true, alignment: align });
            }
            stack.push(...paragraphs(q.text, quoteCtx));
            content.push({ stack, fontSize: 9, color: '#555555', margin: docRtl ? [0, 2, QUOTE_INDENT, 2] : [QUOTE_INDENT, 2, 0, 2] });
        }
        for (const img of Array.isArray(m.images) ? m.images : []) {
            const node = imageNode(img);
            if (node) {
                content.push(node);
            } else {
                pushFile(img.name);
            }
        }
        for (const f of Array.isArray(m.files) ? m.files : []) {
            pushFile(f.name);
        }
    }

    /** The images to embed: the first `maxImages` that are PNG/JPEG data within the size limit. */
    function embeddedImages(): Map<TranscriptImage, { info: ImageInfo; data: Uint8Array }> {
        const found = new Map<TranscriptImage, { info: ImageInfo; data: Uint8Array }>();
        for (const m of embedImages ? messages : []) {
            for (const img of Array.isArray(m.images) ? m.images : []) {
                const raw = img.data as unknown;
                if (found.size >= maxImages || !raw || !ArrayBuffer.isView(raw)) {
                    continue;
                }
                const data = raw instanceof Uint8Array ? raw : new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
                const info = data.length <= maxImageBytes ? sniffImage(data) : null;
                if (info) {
                    found.set(img, { info, data });
                }
            }
        }
        return found;
    }

    function imageNode(img: TranscriptImage): Node | null {
        const image = embedded.get(img);
        if (!image) {
            return null;
        }
        const { info, data } = image;
        // Pixels at 96 dpi, scaled down (never up) to the content width and a maximum height.
        const w = info.width * 0.75;
        const ht = info.height * 0.75;
        const scale = Math.min(1, CONTENT_WIDTH / w, MAX_IMAGE_HEIGHT / ht);
        return { image: dataUrl(info, data), fit: [w * scale, ht * scale], alignment: align, margin: [0, 3, 0, 3] };
    }

    function pushFile(name: string): void {
        const attachment = line(inline(`${labels.label_attachment}:`), inline(str(name)));
        content.push({ text: wholeWhereTheyFit(attachment, { width: CONTENT_WIDTH, fontSize: 9 }), fontSize: 9, color: '#333333', alignment: align, margin: [0, 1, 0, 1] });
    }

    function rule(top: number, bottom: number): Node {
        return { canvas: [{ type: 'line', x1: 0, y1: 0, x2: CONTENT_WIDTH, y2: 0, lineWidth: 0.5, lineColor: RULE }], margin: [0, top, 0, bottom] };
    }

    const pageOf = str(labels.label_page_of) || 'Page {page} of {pages}';
    return {
        pageSize: 'A4',
        pageOrientation: 'portrait',
        pageMargins: [MARGIN_X, MARGIN_TOP, MARGIN_X, MARGIN_BOTTOM],
        language: str(transcript.language) || undefined,
        info: {
            title: `${str(h.title) || labels.transcript_title}`,
            subject: str(h.siteName),
            creator: 'Livechat Transcripts',
            producer: 'Livechat Transcripts',
        },
        defaultStyle: { font: splitter.families[0], fontSize: FONT_SIZE, lineHeight: 1.15 },
        header,
        messageCount: messages.length,
        message: messageNodes,
        footer: (currentPage: number, pageCount: number) => ({
            text: inline(pageOf.replace(/\{page\}/g, String(currentPage)).replace(/\{pages\}/g, String(pageCount))),
            alignment: 'center',
            fontSize: 8,
            color: MUTED,
            margin: [MARGIN_X, 16, MARGIN_X, 0],
        }),
    };
}

/** The environment backed by the vendor bundle (lazy). */
export function vendorEnvironment(): PdfEnvironment {
    const v = loadVendor();
    return { coverage: v.coverage, bidi: vendorBidi(v), measurer: vendorMeasurer(v) };
}

/**
 * Renders the transcript to PDF bytes with the vendor bundle's pdfmake. If an embedded image
 * makes pdfkit fail (corrupt PNG/JPEG that passed the signature check), renders again with
 * images listed by name instead.
 */
export async function renderPdf(transcript: Transcript, labels: TranscriptLabels, format: PdfFormat, options: PdfOptions = {}): Promise<Uint8Array> {
    // The bundle's first load is a long stretch of work: the app's other calls get a turn before and after it.
    await nextTurn();
    const vendor = loadVendor();
    await nextTurn();
    const env = options.env || vendorEnvironment();
    const render = (opts: PdfOptions) => printInChunks(vendor, pdfDocument(transcript, labels, format, { ...opts, env }));
    try {
        return await render(options);
    } catch (error) {
        if (options.embedImages === false || !transcript.messages.some((m) => Array.isArray(m.images) && m.images.length)) {
            throw error;
        }
        return render({ ...options, embedImages: false });
    }
}

/**
 * A minimal Intl-based PdfFormat (used by tests and as a fallback); the app wires the shared
 * formatter from lib/transcript/format.ts instead.
 */
export function basicPdfFormat(language: string, timeZone: string): PdfFormat {
    const make = (opts: Intl.DateTimeFormatOptions) => {
        for (const [lang, tz] of [
            [language, timeZone],
            [language, 'UTC'],
            ['en', 'UTC'],
        ]) {
            try {
                return new Intl.DateTimeFormat(lang, { ...opts, timeZone: tz });
            } catch {
                // invalid language or time zone: try the next fallback
            }
        }
        return new Intl.DateTimeFormat('en', opts);
    };
    const dateTime = make({ year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
    const time = make({ hour: '2-digit', minute: '2-digit' });
    const day = make({ weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
    const key = make({ year: 'numeric', month: '2-digit', day: '2-digit' });
    return {
        dateTime: (ms) => dateTime.format(ms),
        time: (ms) => time.format(ms),
        day: (ms) => day.format(ms),
        dayKey: (ms) => key.format(ms),
        timeZoneLabel: () => timeZone,
    };
}

export const PDF_PAGE = { width: PAGE_WIDTH, height: PAGE_HEIGHT, contentWidth: CONTENT_WIDTH };
