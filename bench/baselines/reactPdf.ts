// Rocket.Chat core's choice: @react-pdf/renderer, written the straightforward way (a Document of
// A4 Pages, a View per message with Text for the name/time line and the body, Image for images, a
// fixed "Page x of y" footer), with the same fonts, sizes and content as the other renderers.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Transcript, TranscriptMessage } from '../../lib/transcript/types';
import { BaselineFonts, imageBox, MAX_IMAGES, RenderInput } from './common';

const CONTENT_WIDTH = 595.28 - 80;
const MUTED = '#666666';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

interface ReactPdf {
    React: Any;
    pdf: Any;
}

let loaded: Promise<ReactPdf> | undefined;

/** Loads react and @react-pdf/renderer (ESM) once and registers the app's fonts from temp files. */
function load(fonts: BaselineFonts): Promise<ReactPdf> {
    if (!loaded) {
        loaded = (async () => {
            const reactModule: Any = await import('react');
            const pdf: Any = await import('@react-pdf/renderer');
            const React = reactModule.createElement ? reactModule : reactModule.default;
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'transcripts-bench-fonts-'));
            process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
            const file = (vfsName: string) => {
                const target = path.join(dir, vfsName.replace(/\.woff2?$/, '.ttf'));
                if (!fs.existsSync(target)) {
                    fs.writeFileSync(target, fonts.read(vfsName));
                }
                return target;
            };
            for (const family of fonts.families) {
                const faces = fonts.faces[family];
                pdf.Font.register({
                    family,
                    fonts: [
                        { src: file(faces.normal), fontWeight: 'normal', fontStyle: 'normal' },
                        { src: file(faces.italics), fontWeight: 'normal', fontStyle: 'italic' },
                        { src: file(faces.bold), fontWeight: 'bold', fontStyle: 'normal' },
                        { src: file(faces.bolditalics), fontWeight: 'bold', fontStyle: 'italic' },
                    ],
                });
            }
            return { React, pdf };
        })();
    }
    return loaded;
}

export async function renderWithReactPdf(transcript: Transcript, input: RenderInput, fonts: BaselineFonts): Promise<Buffer> {
    const { React, pdf } = await load(fonts);
    const { Document, Page, View, Text, Image } = pdf;
    const h = React.createElement;
    const { labels, format } = input;
    const head = transcript.header;

    /** Text in runs by font family, as nested Text elements. */
    // lineHeight is set on each text, not on the Page: @react-pdf 4.9 multiplies an inherited
    // unitless lineHeight again on every page for a `fixed` element (the footer's grew to 1e21).
    const runs = (text: string, style: Record<string, unknown> = {}) =>
        h(Text, { style: { lineHeight: 1.15, ...style } }, ...fonts.split(text).map((r) => h(Text, { style: { fontFamily: r.font } }, r.text)));

    const rows: Any[] = [];
    const row = (label: string, value: string | undefined) => {
        if (value) {
            rows.push(
                h(View, { style: { flexDirection: 'row', marginVertical: 1, fontSize: 9.5 } }, runs(label, { width: 110, color: MUTED }), h(View, { style: { width: 10 } }), runs(value, { flexGrow: 1, flexShrink: 1 })),
            );
        }
    };
    row(labels.label_visitor, head.visitorEmail ? `${head.visitorName} <${head.visitorEmail}>` : head.visitorName);
    row(labels.label_agent, head.agentName);
    row(labels.label_department, head.departmentName);
    row(labels.label_started, format.dateTime(head.startedAt));
    if (head.closedAt !== undefined) {
        row(labels.label_closed, format.dateTime(head.closedAt));
        row(labels.label_duration, format.duration ? format.duration(head.closedAt - head.startedAt) : undefined);
    }
    row(labels.label_time_zone, format.timeZoneLabel ? format.timeZoneLabel(head.startedAt) : transcript.timeZone);
    row(labels.label_close_comment, head.closeComment);
    row(labels.label_tags, head.tags.join(', '));

    const rule = (top: number, bottom: number) => h(View, { style: { borderBottomWidth: 0.5, borderBottomColor: '#bbbbbb', marginTop: top, marginBottom: bottom } });

    let imagesLeft = MAX_IMAGES;
    const message = (m: TranscriptMessage) => {
        const style = m.system ? { fontStyle: 'italic', color: MUTED } : {};
        const children: Any[] = [
            h(Text, { style: { fontSize: 9.5, ...style } }, runs(m.sender.name, m.system ? {} : { fontWeight: 'bold' }), runs(` ${format.time(m.at)}`, { fontSize: 8.5, color: MUTED, fontWeight: 'normal' })),
            runs(m.text, { marginTop: 1, ...style }),
        ];
        for (const image of m.images) {
            const box = image.data && imagesLeft > 0 ? imageBox(image.data, CONTENT_WIDTH) : null;
            if (box && image.data) {
                imagesLeft--;
                children.push(h(Image, { src: Buffer.from(image.data), style: { width: box.width, height: box.height, marginVertical: 3 } }));
            } else {
                children.push(runs(`${labels.label_attachment}: ${image.name}`, { fontSize: 9, color: '#333333' }));
            }
        }
        for (const file of m.files) {
            children.push(runs(`${labels.label_attachment}: ${file.name}`, { fontSize: 9, color: '#333333' }));
        }
        return h(View, { style: { marginTop: 6 } }, ...children);
    };

    const body: Any[] = [];
    let lastDay = '';
    for (const m of transcript.messages) {
        const day = format.dayKey(m.at);
        if (day !== lastDay) {
            lastDay = day;
            body.push(runs(format.day(m.at), { textAlign: 'center', fontWeight: 'bold', color: MUTED, fontSize: 9, marginTop: 10, marginBottom: 2 }), rule(0, 4));
        }
        body.push(message(m));
    }

    const pageOf = labels.label_page_of || 'Page {page} of {pages}';
    const footer = h(Text, {
        fixed: true,
        style: { position: 'absolute', bottom: 16, left: 40, right: 40, textAlign: 'center', fontSize: 8, color: MUTED },
        render: ({ pageNumber, totalPages }: { pageNumber: number; totalPages: number }) => pageOf.replace('{page}', String(pageNumber)).replace('{pages}', String(totalPages)),
    });
    const document = h(
        Document,
        { title: head.title, subject: head.siteName, creator: 'bench', producer: 'react-pdf' },
        h(
            Page,
            { size: 'A4', style: { paddingTop: 40, paddingBottom: 48, paddingHorizontal: 40, fontFamily: fonts.families[0], fontSize: 10 } },
            runs(head.siteName, { fontSize: 16, fontWeight: 'bold', marginBottom: 2 }),
            runs(head.title || labels.transcript_title, { fontSize: 13, marginBottom: 8 }),
            ...rows,
            rule(6, 4),
            ...body,
            footer,
        ),
    );
    return pdf.renderToBuffer(document);
}
