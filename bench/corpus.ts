// Synthetic conversations, generated deterministically from a seed: visitor and agent alternate
// with 5-60 words each, a system message every 50 messages, an image attachment (PNG and JPEG in
// turn, each one different) every 100 messages unless images are off, and Arabic, Chinese,
// Cyrillic and emoji words mixed into the Latin text.
import * as fs from 'fs';
import * as path from 'path';
import { Catalog, createTranslator, Translator } from '../lib/i18n';
import { buildTranscript, SourceConversation, SourceMessage } from '../lib/transcript/build';
import { Transcript } from '../lib/transcript/types';
import { makeJpeg, makePng } from './images';
import { createRng } from './prng';

export interface SyntheticImage {
    name: string;
    type: 'image/png' | 'image/jpeg';
    data: Buffer;
}

export interface SyntheticMessage {
    from: 'visitor' | 'agent';
    text: string;
    /** Milliseconds since epoch. */
    at: number;
    /** Rocket.Chat system message type, for system messages. */
    t?: string;
    image?: SyntheticImage;
}

export interface ConversationOptions {
    messages: number;
    seed: number;
    images: boolean;
}

export const STARTED_AT = Date.UTC(2025, 2, 3, 8, 0, 0);
export const VISITOR_NAME = 'Vera Visitor';
export const AGENT_NAME = 'Alice Agent';

const LATIN = (
    'hello thanks please order invoice delivery package account password reset refund payment card ' +
    'shipping address number tracking status update problem issue help support team customer today ' +
    'tomorrow yesterday morning evening week month minute second waiting checking looking found ' +
    'again still already maybe sure right exactly unfortunately apologies great perfect fine okay ' +
    'could would should will can cannot have has had the a an of to in on for with from by about ' +
    'your my our their this that these those it is are was were be been being do does did not ' +
    'yes no and or but because so then when where which who what why how email phone message ' +
    'screen browser login error code version app mobile desktop settings profile subscription plan ' +
    'upgrade downgrade cancel renew discount coupon price total tax receipt warehouse courier return'
).split(' ');
const ARABIC = 'مرحبا شكرا طلب الشحن الفاتورة مساعدة حساب كلمة المرور اليوم غدا'.split(' ');
const CHINESE = '你好 谢谢 订单 发货 发票 帮助 账户 密码 今天 明天 问题 客户'.split(' ');
const CYRILLIC = 'привет спасибо заказ доставка счёт помощь аккаунт пароль сегодня завтра'.split(' ');
const EMOJI = ['🙂', '👍', '🎉', '📦', '🙏', '😅', '✅', '🚚', '❤️', '🤔'];
const SYSTEM_TYPES = ['uj', 'livechat_transfer_history', 'livechat_navigation_history', 'ul'];

function sentence(rng: ReturnType<typeof createRng>): string {
    const count = rng.int(5, 60);
    const words: string[] = [];
    for (let i = 0; i < count; i++) {
        const roll = rng.next();
        let word = roll < 0.04 ? rng.pick(ARABIC) : roll < 0.08 ? rng.pick(CHINESE) : roll < 0.12 ? rng.pick(CYRILLIC) : roll < 0.15 ? rng.pick(EMOJI) : rng.pick(LATIN);
        if (i === 0) {
            word = word.charAt(0).toUpperCase() + word.slice(1);
        }
        if (i < count - 1 && rng.chance(0.07)) {
            word += ',';
        }
        words.push(word);
    }
    return words.join(' ') + rng.pick(['.', '.', '.', '?', '!']);
}

export function generateConversation(options: ConversationOptions): SyntheticMessage[] {
    const rng = createRng(options.seed);
    const out: SyntheticMessage[] = [];
    let at = STARTED_AT;
    let turn = 0;
    let imageIndex = 0;
    for (let i = 0; i < options.messages; i++) {
        at += rng.int(5, 120) * 1000;
        if ((i + 1) % 50 === 0) {
            const t = SYSTEM_TYPES[((i + 1) / 50) % SYSTEM_TYPES.length];
            out.push({ from: 'agent', text: t === 'livechat_navigation_history' ? `https://shop.example.com/page/${i}` : '', at, t });
            continue;
        }
        const from = turn++ % 2 === 0 ? 'visitor' : 'agent';
        const message: SyntheticMessage = { from, text: sentence(rng), at };
        if (options.images && i % 100 === 10) {
            const png = imageIndex % 2 === 0;
            const seed = options.seed * 1000 + imageIndex;
            message.image = png
                ? { name: `photo-${imageIndex}.png`, type: 'image/png', data: makePng(seed) }
                : { name: `photo-${imageIndex}.jpg`, type: 'image/jpeg', data: makeJpeg(seed) };
            imageIndex++;
        }
        out.push(message);
    }
    return out;
}

/** The project folder (the one with app.json), also when this file runs bundled from bench/results/.build. */
export function projectRoot(): string {
    let dir = __dirname;
    while (!fs.existsSync(path.join(dir, 'app.json')) && path.dirname(dir) !== dir) {
        dir = path.dirname(dir);
    }
    return dir;
}

export function loadTranslator(): Translator {
    const dir = path.join(projectRoot(), 'i18n');
    const catalogs: Record<string, Catalog> = {};
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json'))) {
        catalogs[file.replace(/\.json$/, '')] = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    }
    return createTranslator(catalogs);
}

/** The transcript model the app would build for this conversation (same builder, same options as the defaults). */
export function toTranscript(messages: SyntheticMessage[], translator: Translator, language = 'en', timeZone = 'Europe/Berlin'): Transcript {
    const images: SourceConversation['images'] = new Map();
    const source: SourceMessage[] = messages.map((m, i) => {
        const fromVisitor = m.from === 'visitor';
        const attachments: SourceMessage['attachments'] = [];
        if (m.image) {
            const url = `/file-upload/img${i}/${m.image.name}`;
            attachments.push({ title: m.image.name, titleLink: url, imageUrl: url, imageType: m.image.type });
            images.set(url, { data: new Uint8Array(m.image.data), mimeType: m.image.type });
        }
        return {
            id: `m${i}`,
            senderId: fromVisitor ? 'visitor' : 'agent',
            senderName: fromVisitor ? VISITOR_NAME : AGENT_NAME,
            fromVisitor,
            text: m.text,
            type: m.t,
            createdAt: m.at,
            attachments,
        };
    });
    const last = messages.length ? messages[messages.length - 1].at : STARTED_AT;
    return buildTranscript(
        {
            siteName: 'Acme Support',
            language,
            timeZone,
            visitor: { name: VISITOR_NAME, email: 'vera@example.com' },
            agentName: AGENT_NAME,
            departmentName: 'Sales',
            startedAt: STARTED_AT,
            closedAt: last + 60_000,
            closeComment: 'Solved',
            tags: ['bench'],
            messages: source,
            images,
        },
        { includeSystemMessages: true, showAgentInfo: true, t: (key, params) => translator.t(language, key, params) },
    );
}
