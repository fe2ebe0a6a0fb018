// Renders a transcript as an email: an HTML fragment (inline CSS only) that Rocket.Chat's mailer
// places between the workspace's Email_Header and Email_Footer, and a plain-text alternative with
// the same content. Every string that came from a person is escaped, also from the mailer's
// template replacement (lib/email/mailerSafe.ts).
import { Buffer } from 'buffer';
import { escapeHtml, isHttpUrl, textToHtml } from '../html';
import { isRtlLanguage, TranslationParams, Translator } from '../i18n';
import { dayKey, formatDateTime, formatDay, formatDuration, formatTime, safeTimeZone, timeZoneLabel } from '../transcript/format';
import { partLabel } from '../transcript/parts';
import { shieldFromMailer, survivesMailer } from './mailerSafe';
import { turnTaker } from '../turns';
import { Transcript, TranscriptImage, TranscriptLabels, TranscriptMessage, TranscriptParticipant } from '../transcript/types';

export interface RenderedEmail {
    html: string;
    /** Empty when Rocket.Chat's mailer would change it: the workspace then derives it from the HTML. */
    text: string;
}

/** Everything the per-message code needs, resolved once per transcript. */
interface EmailContext {
    language: string;
    timeZone: string;
    labels: TranscriptLabels;
    t: (key: string, params?: TranslationParams) => string;
    /** 'left' or 'right': where lines start in this language. */
    start: string;
}

/** A header line: plain text, escaped only when written as HTML. */
interface HeaderRow {
    label: string;
    value: string;
}

const FONT = "-apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans Arabic', 'Noto Sans SC', Arial, sans-serif";
const MUTED = '#6b7280';
const NAME_COLORS: Record<TranscriptParticipant['role'], string> = {
    visitor: '#1d4ed8',
    agent: '#047857',
    bot: '#7c3aed',
    system: MUTED,
};
// Only these image types are inlined as data: URIs; anything else is listed as a file.
const INLINE_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];
/**
 * Renders `transcript` in its own language and time zone (an invalid zone falls back to UTC).
 * Labels come from `translator`; the caller picks the subject (e.g. 'email_default_subject').
 */
export function renderEmail(transcript: Transcript, translator: Translator): RenderedEmail {
    const email = emailWriter(transcript, translator);
    transcript.messages.forEach((message) => email.add(message));
    return email.end();
}

/** renderEmail, giving the app's other calls a turn between messages (lib/turns): a long email takes a few hundred ms. */
export async function renderEmailInTurns(transcript: Transcript, translator: Translator, letOthersRun = turnTaker()): Promise<RenderedEmail> {
    const email = emailWriter(transcript, translator);
    for (const message of transcript.messages) {
        email.add(message);
        await letOthersRun();
    }
    return email.end();
}

/** The email of `transcript`, written a message at a time. */
function emailWriter(transcript: Transcript, translator: Translator): { add(message: TranscriptMessage): void; end(): RenderedEmail } {
    const language = transcript.language;
    const timeZone = safeTimeZone(transcript.timeZone);
    const context: EmailContext = {
        language,
        timeZone,
        labels: translator.labels(language),
        t: (key, params) => translator.t(language, key, params),
        start: isRtlLanguage(language) ? 'right' : 'left',
    };
    const { header } = transcript;
    const title = header.title || context.labels.transcript_title;
    const intro = context.t('email_intro', { site: header.siteName });
    const footer = context.t('email_footer', { zone: timeZoneLabel(timeZone, header.startedAt, language) });
    const rows = headerRows(transcript, context);

    const html: string[] = [];
    const text: string[] = [];
    html.push(documentStart(transcript, context));
    const partOf = header.part ? partLabel(context.labels.label_part, header.part) : '';
    html.push(
        `<h1 style="margin:0 0 4px;font-size:22px;line-height:1.3;">${escapeHtml(title)}</h1>`,
        ...(partOf ? [`<p dir="auto" style="text-align:start;margin:0 0 4px;font-weight:bold;">${escapeHtml(partOf)}</p>`] : []),
        `<p dir="auto" style="text-align:start;margin:0 0 16px;color:${MUTED};font-size:14px;">${escapeHtml(header.siteName)}</p>`,
        `<p dir="auto" style="text-align:start;margin:0 0 16px;">${escapeHtml(intro)}</p>`,
        headerTable(rows, context),
    );
    text.push([title, partOf, header.siteName].filter(Boolean).join('\n'), intro, rows.map((row) => `${row.label}: ${row.value}`).join('\n'));

    if (transcript.messages.length === 0) {
        const empty = context.t('email_no_messages');
        html.push(`<p style="margin:24px 0;color:${MUTED};font-style:italic;">${escapeHtml(empty)}</p>`);
        text.push(empty);
    }
    let currentDay = '';
    const add = (message: TranscriptMessage) => {
        const day = dayKey(message.at, timeZone);
        if (day !== currentDay) {
            currentDay = day;
            const date = formatDay(message.at, language, timeZone);
            html.push(
                `<div role="separator" style="margin:24px 0 12px;padding-top:8px;border-top:1px solid #e5e7eb;text-align:center;font-size:12px;font-weight:bold;color:${MUTED};">${escapeHtml(date)}</div>`,
            );
            text.push(`--- ${date} ---`);
        }
        const time = formatTime(message.at, language, timeZone);
        html.push(messageHtml(message, time, context));
        text.push(messageText(message, time, context));
    };
    const end = (): RenderedEmail => {
        html.push(`<p style="margin:24px 0 0;padding-top:12px;border-top:1px solid #e5e7eb;font-size:12px;color:${MUTED};">${escapeHtml(footer)}</p>`);
        html.push('</div>');
        text.push(footer);
        const plain = text.join('\n\n') + '\n';
        return { html: shieldFromMailer(html.join('\n')), text: survivesMailer(plain) ? plain : '' };
    };
    return { add, end };
}

function headerRows(transcript: Transcript, context: EmailContext): HeaderRow[] {
    const { header } = transcript;
    const { labels, language, timeZone } = context;
    const rows: HeaderRow[] = [];
    const add = (label: string, value: string | undefined) => {
        if (value) {
            rows.push({ label, value });
        }
    };
    add(labels.label_visitor, header.visitorName);
    add(context.t('label_email'), header.visitorEmail);
    add(labels.label_agent, header.agentName);
    add(labels.label_department, header.departmentName);
    add(labels.label_started, formatDateTime(header.startedAt, language, timeZone));
    if (header.closedAt !== undefined) {
        add(labels.label_closed, formatDateTime(header.closedAt, language, timeZone));
        add(labels.label_duration, formatDuration(header.closedAt - header.startedAt, language));
    }
    add(labels.label_time_zone, timeZoneLabel(timeZone, header.startedAt, language));
    add(labels.label_close_comment, header.closeComment);
    add(labels.label_tags, header.tags.join(', '));
    if (header.survey) {
        const survey = header.survey;
        add(
            labels.label_survey,
            Object.keys(survey)
                .map((name) => `${name}: ${survey[name]}`)
                .join('\n'),
        );
    }
    return rows;
}

/** The fragment's wrapper: the workspace's header and footer make the document around it. */
function documentStart(transcript: Transcript, context: EmailContext): string {
    const dir = context.start === 'right' ? 'rtl' : 'ltr';
    const lang = escapeHtml(transcript.language);
    return `<div dir="${dir}" lang="${lang}" style="max-width:680px;margin:0 auto;padding:24px;background:#ffffff;color:#111827;font-family:${FONT};font-size:15px;line-height:1.5;">`;
}

function headerTable(rows: HeaderRow[], context: EmailContext): string {
    const cells = rows.map(
        (row) =>
            `<tr><th scope="row" style="padding:4px 12px 4px 0;text-align:${context.start};vertical-align:top;font-weight:bold;color:${MUTED};white-space:nowrap;">${escapeHtml(row.label)}</th>` +
            `<td dir="auto" style="text-align:start;padding:4px 0;vertical-align:top;">${textToHtml(row.value)}</td></tr>`,
    );
    return `<table role="presentation" cellpadding="0" cellspacing="0" style="border-collapse:collapse;margin:0 0 8px;font-size:14px;">\n${cells.join('\n')}\n</table>`;
}

/** The sender's name, or a localised stand-in when it is empty. */
function displayName(sender: TranscriptParticipant, context: EmailContext): string {
    if (sender.name) {
        return sender.name;
    }
    if (sender.role === 'visitor') {
        return context.t('visitor_anonymous');
    }
    return context.t(sender.role === 'system' ? 'label_system' : 'agent_anonymous');
}

function messageHtml(message: TranscriptMessage, time: string, context: EmailContext): string {
    const parts: string[] = [];
    if (message.system) {
        // System events are one muted, italic line with their time.
        parts.push(`<p dir="auto" style="text-align:start;margin:0;color:${MUTED};font-size:14px;"><span style="font-size:12px;">${escapeHtml(time)}</span> <em>${textToHtml(message.text)}</em></p>`);
    } else {
        const color = NAME_COLORS[message.sender.role] || MUTED;
        parts.push(
            `<div style="font-size:13px;color:${MUTED};"><strong dir="auto" style="color:${color};">${escapeHtml(displayName(message.sender, context))}</strong> <span>${escapeHtml(time)}</span></div>`,
        );
    }
    for (const quote of message.quotes) {
        parts.push(
            `<blockquote style="margin:6px 0;padding:2px 12px;border-${context.start}:3px solid #d1d5db;color:#4b5563;">` +
                `<div dir="auto" style="text-align:start;font-size:12px;font-weight:bold;">${escapeHtml(quote.author || context.t('label_quote'))}</div>` +
                `<p dir="auto" style="text-align:start;margin:2px 0 0;">${textToHtml(quote.text)}</p></blockquote>`,
        );
    }
    if (!message.system && message.text) {
        parts.push(`<p dir="auto" style="text-align:start;margin:2px 0 0;">${textToHtml(message.text)}</p>`);
    }
    for (const image of message.images) {
        const src = imageSource(image);
        parts.push(
            src
                ? `<div style="margin:6px 0 0;"><img src="${escapeHtml(src)}" alt="${escapeHtml(image.name)}" style="display:block;max-width:100%;height:auto;border:0;"></div>`
                : fileHtml(image.name, image.url, context),
        );
    }
    for (const file of message.files) {
        parts.push(fileHtml(file.name, file.url, context));
    }
    return `<div style="margin:0 0 14px;">${parts.join('')}</div>`;
}

/** A data: URI for readable bytes of a known image type, else the http(s) url, else nothing. */
function imageSource(image: TranscriptImage): string | undefined {
    const mimeType = image.mimeType.toLowerCase();
    if (image.data && INLINE_IMAGE_TYPES.indexOf(mimeType) !== -1) {
        return `data:${mimeType};base64,${Buffer.from(image.data).toString('base64')}`;
    }
    return isHttpUrl(image.url) ? image.url : undefined;
}

function fileHtml(name: string, url: string | undefined, context: EmailContext): string {
    // Only http(s) urls become links; the name alone is shown otherwise.
    const fileName = isHttpUrl(url) ? `<a href="${escapeHtml(url)}" style="color:#1d4ed8;">${escapeHtml(name)}</a>` : escapeHtml(name);
    return `<div dir="auto" style="text-align:start;margin:4px 0 0;font-size:14px;">${escapeHtml(context.labels.label_attachment)}: ${fileName}</div>`;
}

function messageText(message: TranscriptMessage, time: string, context: EmailContext): string {
    const lines: string[] = [];
    const body = message.text.replace(/\r\n?/g, '\n');
    if (message.system) {
        lines.push(`[${time}] *${body}*`);
    } else {
        const name = displayName(message.sender, context);
        // The text follows the name directly unless quotes come in between.
        lines.push(`[${time}] ${name}:${body && message.quotes.length === 0 ? ` ${body}` : ''}`);
    }
    for (const quote of message.quotes) {
        const quoted = `${quote.author || context.t('label_quote')}: ${quote.text.replace(/\r\n?/g, '\n')}`;
        lines.push(quoted.replace(/^/gm, '> '));
    }
    if (!message.system && body && message.quotes.length > 0) {
        lines.push(body);
    }
    for (const attachment of [...message.images, ...message.files]) {
        const url = isHttpUrl(attachment.url) ? ` ${attachment.url}` : '';
        lines.push(`[${context.labels.label_attachment}: ${attachment.name}]${url}`);
    }
    return lines.join('\n');
}
