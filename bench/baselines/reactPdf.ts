// Rocket.Chat core's choice: @react-pdf/renderer, with the document written the way Rocket.Chat core
// writes its omnichannel chat transcript (RocketChat/Rocket.Chat,
// ee/packages/pdf-worker/src/templates/ChatTranscript: index.tsx, components/MessageList.tsx,
// Message.tsx, MessageHeader.tsx, Files.tsx, markup/): one A4 Page for the whole conversation, the
// messages direct children of that Page (MessageList renders a fragment); per message a View holding
// a View with the day divider, a header row (name Text, time Text) and the body (a View with a Text
// wrapping a Text, as Markup -> InlineElements -> PLAIN_TEXT), then the attachments (Image with
// cache={false}). Messages may break across pages, as in Rocket.Chat core (its inner View has
// wrap={!!message.quotes || long}, and the transcript service always passes a quotes array).
// Hyphenation is switched off (Font.registerHyphenationCallback), and a `fixed` element with a
// `render` prop prints the page number on every page (Rocket.Chat: "n/total" inside its fixed header;
// here the same "Page x of y" footer as the other renderers).
// Same sizes and content as the other renderers, in the app's first (Latin) font only: like Rocket.Chat
// core (Inter only) there is no script fallback, so no per-script font runs; characters that font
// lacks are not drawn, which only makes this baseline cheaper.
// As in Rocket.Chat core, @react-pdf 4.9's default pagination lays the rest of the Page out again at
// every page break (and once more for the `render` element), so time grows with pages x messages.
// `experimentalPagination` switches to @react-pdf's opt-in newer engine, which Rocket.Chat does not use.
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

/** Loads react and @react-pdf/renderer (ESM) once and registers the app's Latin font from temp files. */
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
            const family = fonts.families[0];
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
            // As Rocket.Chat core does: no hyphenation, words only break at spaces.
            pdf.Font.registerHyphenationCallback((word: string) => [word]);
            return { React, pdf };
        })();
    }
    return loaded;
}

export async function renderWithReactPdf(transcript: Transcript, input: RenderInput, fonts: BaselineFonts, options: { experimentalPagination?: boolean } = {}): Promise<Buffer> {
    const { React, pdf } = await load(fonts);
    const { Document, Page, View, Text, Image } = pdf;
    const h = React.createElement;
    const { labels, format } = input;
    const head = transcript.header;

    // lineHeight is set on each text, not on the Page: @react-pdf 4.9 multiplies an inherited
    // unitless lineHeight again on every page for a `fixed` element (the footer's grew to 1e21).
    const text = (value: string, style: Record<string, unknown> = {}) => h(Text, { style: { lineHeight: 1.15, ...style } }, value);

    const rows: Any[] = [];
    const row = (label: string, value: string | undefined) => {
        if (value) {
            rows.push(
                h(View, { style: { flexDirection: 'row', marginVertical: 1, fontSize: 9.5 } }, text(label, { width: 110, color: MUTED }), h(View, { style: { width: 10 } }), text(value, { flexGrow: 1, flexShrink: 1 })),
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
    let lastDay = '';
    const message = (m: TranscriptMessage) => {
        const style = m.system ? { fontStyle: 'italic', color: MUTED } : {};
        const day = format.dayKey(m.at);
        const divider = day !== lastDay ? [text(format.day(m.at), { textAlign: 'center', fontWeight: 'bold', color: MUTED, fontSize: 9, marginTop: 10, marginBottom: 2 }), rule(0, 4)] : [];
        lastDay = day;
        // Divider, header row, body (Rocket.Chat: Divider, MessageHeader, Markup).
        const main = h(
            View,
            {},
            ...divider,
            h(View, { style: { flexDirection: 'row', alignItems: 'center', fontSize: 9.5, ...style } }, text(m.sender.name, m.system ? {} : { fontWeight: 'bold' }), text(` ${format.time(m.at)}`, { fontSize: 8.5, color: MUTED, fontWeight: 'normal' })),
            h(View, { style: { marginTop: 1, ...style } }, h(Text, { style: { lineHeight: 1.15 } }, h(Text, {}, m.text))),
        );
        // Attachments after it (Rocket.Chat: Files).
        const files: Any[] = [];
        for (const image of m.images) {
            const box = image.data && imagesLeft > 0 ? imageBox(image.data, CONTENT_WIDTH) : null;
            if (box && image.data) {
                imagesLeft--;
                files.push(h(Image, { src: Buffer.from(image.data), cache: false, style: { width: box.width, height: box.height, marginVertical: 3 } }));
            } else {
                files.push(text(`${labels.label_attachment}: ${image.name}`, { fontSize: 9, color: '#333333' }));
            }
        }
        for (const file of m.files) {
            files.push(text(`${labels.label_attachment}: ${file.name}`, { fontSize: 9, color: '#333333' }));
        }
        return h(View, { style: { marginTop: 6 } }, main, ...(files.length ? [h(View, {}, ...files)] : []));
    };

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
            { size: 'A4', experimentalPagination: !!options.experimentalPagination, style: { paddingTop: 40, paddingBottom: 48, paddingHorizontal: 40, fontFamily: fonts.families[0], fontSize: 10 } },
            h(
                View,
                {},
                text(head.siteName, { fontSize: 16, fontWeight: 'bold', marginBottom: 2 }),
                text(head.title || labels.transcript_title, { fontSize: 13, marginBottom: 8 }),
                ...rows,
                rule(6, 4),
            ),
            ...transcript.messages.map(message),
            footer,
        ),
    );
    return pdf.renderToBuffer(document);
}
