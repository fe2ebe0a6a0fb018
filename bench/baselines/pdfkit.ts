// The lower bound: the same transcript drawn straight with pdfkit (A4, same margins, fonts, sizes,
// header, day dividers, images and "Page x of y" footers), one simple text flow with no layout
// engine in between.
import PDFDocument from 'pdfkit';
import { Transcript, TranscriptMessage } from '../../lib/transcript/types';
import { BaselineFonts, faceName, FaceStyle, imageBox, MAX_IMAGES, RenderInput, styleOf } from './common';

const MARGIN = { top: 40, left: 40, right: 40, bottom: 48 };
const CONTENT_WIDTH = 595.28 - MARGIN.left - MARGIN.right;
const MUTED = '#666666';

export function renderWithPdfkit(transcript: Transcript, input: RenderInput, fonts: BaselineFonts): Promise<Buffer> {
    const { labels, format } = input;
    const h = transcript.header;
    const doc = new PDFDocument({ size: 'A4', margins: MARGIN, bufferPages: true, info: { Title: h.title, Subject: h.siteName, Creator: 'bench', Producer: 'pdfkit' } });
    const chunks: Buffer[] = [];
    const done = new Promise<Buffer>((resolve, reject) => {
        doc.on('data', (c: Buffer) => chunks.push(c));
        doc.on('end', () => resolve(Buffer.concat(chunks)));
        doc.on('error', reject);
    });
    for (const family of fonts.families) {
        for (const style of ['normal', 'italics', 'bold', 'bolditalics'] as FaceStyle[]) {
            doc.registerFont(faceName(family, style), fonts.read(fonts.faces[family][style]));
        }
    }

    /** One paragraph of `text`, in runs by font family. `x`/`width` place it in a column. */
    const paragraph = (text: string, opts: { size: number; style?: FaceStyle; color?: string; align?: 'left' | 'center'; x?: number; y?: number; width?: number; after?: { text: string; size: number; color: string } }) => {
        const runs = fonts.split(text);
        const parts = runs.map((r) => ({ text: r.text, font: r.font, size: opts.size, color: opts.color || '#000000' }));
        if (opts.after) {
            const tail = fonts.split(opts.after.text).map((r) => ({ text: r.text, font: r.font, size: opts.after!.size, color: opts.after!.color }));
            parts.push({ ...tail[0], text: ` ${tail[0].text}` }, ...tail.slice(1));
        }
        if (!parts.length) {
            return;
        }
        const style = opts.style || 'normal';
        parts.forEach((p, i) => {
            doc.font(faceName(p.font, style)).fontSize(p.size).fillColor(p.color);
            const options = { continued: i < parts.length - 1, align: opts.align || 'left', width: opts.width || CONTENT_WIDTH, lineGap: p.size * 0.15 };
            if (i === 0 && opts.x !== undefined) {
                doc.text(p.text, opts.x, opts.y, options);
            } else {
                doc.text(p.text, options);
            }
        });
    };
    const rule = (top: number, bottom: number) => {
        doc.y += top;
        doc.moveTo(MARGIN.left, doc.y).lineTo(MARGIN.left + CONTENT_WIDTH, doc.y).lineWidth(0.5).strokeColor('#bbbbbb').stroke();
        doc.y += bottom;
    };

    // ---- header
    paragraph(h.siteName, { size: 16, style: 'bold' });
    paragraph(h.title || labels.transcript_title, { size: 13 });
    doc.y += 8;
    const row = (label: string, value: string | undefined) => {
        if (!value) {
            return;
        }
        const y = doc.y;
        paragraph(label, { size: 9.5, color: MUTED, x: MARGIN.left, y, width: 110 });
        const afterLabel = doc.y;
        paragraph(value, { size: 9.5, x: MARGIN.left + 120, y, width: CONTENT_WIDTH - 120 });
        doc.x = MARGIN.left;
        doc.y = Math.max(afterLabel, doc.y) + 2;
    };
    row(labels.label_visitor, h.visitorEmail ? `${h.visitorName} <${h.visitorEmail}>` : h.visitorName);
    row(labels.label_agent, h.agentName);
    row(labels.label_department, h.departmentName);
    row(labels.label_started, format.dateTime(h.startedAt));
    if (h.closedAt !== undefined) {
        row(labels.label_closed, format.dateTime(h.closedAt));
        row(labels.label_duration, format.duration ? format.duration(h.closedAt - h.startedAt) : undefined);
    }
    row(labels.label_time_zone, format.timeZoneLabel ? format.timeZoneLabel(h.startedAt) : transcript.timeZone);
    row(labels.label_close_comment, h.closeComment);
    row(labels.label_tags, h.tags.join(', '));
    rule(6, 4);

    // ---- messages
    let lastDay = '';
    let imagesLeft = MAX_IMAGES;
    const bottom = () => doc.page.height - MARGIN.bottom;
    const message = (m: TranscriptMessage) => {
        doc.y += 6;
        paragraph(m.sender.name, { size: 9.5, style: styleOf(!m.system, m.system), color: m.system ? MUTED : '#000000', after: { text: format.time(m.at), size: 8.5, color: MUTED } });
        doc.y += 1;
        paragraph(m.text, { size: 10, style: styleOf(false, m.system), color: m.system ? MUTED : '#000000' });
        for (const image of m.images) {
            const box = image.data && imagesLeft > 0 ? imageBox(image.data, CONTENT_WIDTH) : null;
            if (box && image.data) {
                imagesLeft--;
                if (doc.y + 3 + box.height > bottom()) {
                    doc.addPage();
                }
                doc.image(Buffer.from(image.data), MARGIN.left, doc.y + 3, { width: box.width, height: box.height });
                doc.x = MARGIN.left;
                doc.y += box.height + 6;
            } else {
                paragraph(`${labels.label_attachment}: ${image.name}`, { size: 9, color: '#333333' });
            }
        }
        for (const file of m.files) {
            paragraph(`${labels.label_attachment}: ${file.name}`, { size: 9, color: '#333333' });
        }
    };
    for (const m of transcript.messages) {
        const day = format.dayKey(m.at);
        if (day !== lastDay) {
            lastDay = day;
            doc.y += 10;
            paragraph(format.day(m.at), { size: 9, style: 'bold', color: MUTED, align: 'center' });
            rule(2, 4);
        }
        message(m);
    }

    // ---- "Page x of y" on every page
    const range = doc.bufferedPageRange();
    const pageOf = labels.label_page_of || 'Page {page} of {pages}';
    for (let i = range.start; i < range.start + range.count; i++) {
        doc.switchToPage(i);
        doc.page.margins.bottom = 0; // writing below the bottom margin would add a page
        const text = pageOf.replace('{page}', String(i + 1)).replace('{pages}', String(range.count));
        doc.font(faceName(fonts.families[0], 'normal')).fontSize(8).fillColor(MUTED).text(text, MARGIN.left, doc.page.height - MARGIN.bottom + 16, { width: CONTENT_WIDTH, align: 'center', lineBreak: false });
    }
    doc.end();
    return done;
}
