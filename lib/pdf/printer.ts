// Prints a long document with pdfmake's own layout and renderer, a chunk of messages at a time.
// pdfmake's createPdf() lays the whole document out before it draws a page, so its memory grows
// with the conversation; here each chunk is laid out, drawn, written and let go before the next.
// - Chunks join without a gap: a chunk's last page is not drawn yet; the next chunk starts with a
//   spacer as tall as that page is filled, and its first page is drawn together with it.
// - The footer ("Page x of y") needs the page count, which is known only at the end: each page
//   draws a form (a PDF XObject) that stays open and gets the footer when all pages are done.
// - Between messages, pages and chunks of footers the app's other calls get a turn (lib/turns).
import { turnTaker } from '../turns';
import { LaidOutPage, PdfKitReference, PdfNode } from './pdfmakeLayout';
import { PdfVendor } from './vendor';

export interface ChunkedDocument {
    pageSize: 'A4';
    pageOrientation: 'portrait';
    /** [left, top, right, bottom] */
    pageMargins: number[];
    language?: string;
    info: { title: string; subject: string; creator: string; producer: string };
    defaultStyle: PdfNode;
    /** What comes before the first message. */
    header: PdfNode[];
    messageCount: number;
    /** The nodes of message `index` (with the day divider before it), made afresh at each call. */
    message(index: number): PdfNode[];
    footer(page: number, pages: number): PdfNode;
}

/**
 * Messages laid out at a time (about 5 pages): pdfmake lays a chunk out in one go, without a turn
 * for other calls, so a chunk is the longest stretch other calls wait.
 */
const MESSAGES_PER_CHUNK = 50;

/** Footers laid out at a time. */
const FOOTERS_PER_CHUNK = 20;

/**
 * The PDF bytes of `document`, as pdfmake's createPdf(…).getBuffer() would make them. Between
 * messages, pages and footers it gives other calls to the app a turn (`letOthersRun`).
 */
export async function printInChunks(vendor: PdfVendor, document: ChunkedDocument, letOthersRun = turnTaker()): Promise<Uint8Array> {
    const { PDFDocument, LayoutBuilder, Renderer, SVGMeasure, normalizePageSize, normalizePageMargin } = vendor.layout;
    const pageSize = normalizePageSize(document.pageSize, document.pageOrientation);
    const margins = normalizePageMargin(document.pageMargins);
    const { title, subject, creator, producer } = document.info;
    const pdf = new PDFDocument(
        vendor.pdfmake.fonts,
        {},
        {},
        {},
        {
            size: [pageSize.width, pageSize.height],
            compress: true,
            lang: document.language,
            fontLayoutCache: true,
            autoFirstPage: false,
            info: { Title: title, Subject: subject, Creator: creator, Producer: producer },
            font: null,
        },
        vendor.pdfmake.virtualfs,
        vendor.pdfmake.localAccessPolicy,
    );
    /** `content` laid out from the top of a new page: its pages, and how far down the last one is filled. */
    const layOut = (content: PdfNode[], footer: unknown = null) => {
        const builder = new LayoutBuilder(pageSize, margins, new SVGMeasure());
        const pages = builder.layoutDocument(content, pdf, {}, document.defaultStyle, null, null, footer, null, null);
        return { pages, filled: builder.writer.context().y - margins.top };
    };
    const renderer = new Renderer(pdf);

    // Each page draws its footer form first thing, while the coordinates are pdfkit's own.
    const footerForms: PdfKitReference[] = [];
    pdf.on('pageAdded', () => {
        joinWrites(pdf.page.content);
        const form = pdf.ref({ Type: 'XObject', Subtype: 'Form', FormType: 1, BBox: [0, 0, pageSize.width, pageSize.height], Resources: { ProcSet: ['PDF', 'Text'] } });
        pdf.page.xobjects.Footer = form;
        pdf.addContent('q /Footer Do Q');
        footerForms.push(form);
    });

    /** The previous chunk's last page, not drawn yet, and how far down from the top margin it is filled. */
    let open: { page: LaidOutPage; filled: number } | undefined;
    let next = 0;
    do {
        const end = Math.min(next + MESSAGES_PER_CHUNK, document.messageCount);
        const content: PdfNode[] = open ? [{ stack: [], margin: [0, open.filled, 0, 0] }] : [...document.header];
        for (let i = next; i < end; i++) {
            content.push(...document.message(i));
            await letOthersRun();
        }
        const { pages, filled } = layOut(content);
        if (open) {
            pages[0] = { ...pages[0], items: [...open.page.items, ...pages[0].items] };
        }
        const last = end >= document.messageCount;
        open = last ? undefined : { page: pages[pages.length - 1], filled };
        for (const page of last ? pages : pages.slice(0, -1)) {
            renderer.renderPages([page]);
            await letOthersRun();
        }
        next = end;
    } while (next < document.messageCount);

    // The footers, laid out on as many empty pages and drawn into the forms, a chunk at a time.
    const lastPage = pdf.page;
    for (let first = 0; first < footerForms.length; first += FOOTERS_PER_CHUNK) {
        const forms = footerForms.slice(first, first + FOOTERS_PER_CHUNK);
        const emptyPages = forms.map((_, i): PdfNode => ({ text: '', pageBreak: i ? 'before' : undefined }));
        const footerPages = layOut(emptyPages, (page: number) => document.footer(first + page, footerForms.length)).pages;
        if (footerPages.length !== forms.length) {
            throw new Error(`footer layout gave ${footerPages.length} pages for ${forms.length}`);
        }
        footerPages.forEach((page, index) => {
            const form = forms[index];
            // pdfkit draws on `pdf.page`: a copy of the last page that writes into the form instead.
            pdf.page = Object.assign(Object.create(Object.getPrototypeOf(lastPage)), { ...lastPage, content: form, resources: { data: form.data.Resources } });
            for (const { type, item } of page.items) {
                if (type === 'line' && item.y >= pageSize.height - margins.bottom) {
                    renderer.renderLine(item, item.x, item.y);
                }
            }
            form.end();
        });
        pdf.page = lastPage;
        await letOthersRun();
    }
    return new Promise<Uint8Array>((resolve, reject) => {
        const parts: Uint8Array[] = [];
        pdf.on('data', (part) => parts.push(part));
        pdf.on('error', reject);
        pdf.on('end', () => resolve(Buffer.concat(parts)));
        pdf.end();
    });
}

/**
 * pdfkit makes a Buffer of every operator written to a page (hundreds of thousands in a long
 * transcript); the page's operators are kept as text and written as one piece instead.
 */
function joinWrites(content: PdfKitReference): void {
    const pending: string[] = [];
    const write = content.write.bind(content);
    const end = content.end.bind(content);
    const flush = () => {
        if (pending.length) {
            // pdfkit ends each write with a newline: the joined text is byte for byte the same.
            write(pending.join('\n'));
            pending.length = 0;
        }
    };
    content.write = (chunk) => {
        if (typeof chunk === 'string') {
            pending.push(chunk);
        } else {
            flush();
            write(chunk);
        }
    };
    content.end = (chunk) => {
        flush();
        end(chunk);
    };
}
