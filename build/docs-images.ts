// `npm run docs:images`: the README's picture, docs/img/transcript-pdf.png. Starts the local
// workspace with the packaged app, holds a multilingual demo conversation, closes it, requests its
// PDF through the app's endpoint, and renders the PDF's first page with pdftoppm (poppler-utils).
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { TestWorkspace } from '../test/integration/workspace';

const ROOT = path.join(__dirname, '..');
const OUTPUT = path.join(ROOT, 'docs', 'img', 'transcript-pdf.png');
/** Low enough to keep the picture small, high enough to read every script. */
const DPI = 90;

const CONVERSATION: Array<{ from: 'visitor' | 'agent'; text: string }> = [
    { from: 'visitor', text: 'Hello! My order #1042 has not arrived yet 📦' },
    { from: 'agent', text: 'Hi Vera, sorry about that. Let me check the tracking for you.' },
    { from: 'agent', text: 'The parcel is at the Berlin depot and goes out tomorrow morning 🚚' },
    { from: 'visitor', text: 'Great, danke! My colleague in Cairo wrote too: طلبي رقم 1042 لم يصل بعد' },
    { from: 'agent', text: 'سيصل طلبك غدًا صباحًا. شكرًا لصبرك!' },
    { from: 'visitor', text: 'And our Tokyo office asks: 注文の配送状況を教えてください。' },
    { from: 'agent', text: '東京オフィスへの配送は来週の月曜日です。' },
    { from: 'visitor', text: 'Should I pay the customs fee with my card 4242 4242 4242 4242?' },
    { from: 'agent', text: 'Please never send card numbers in a chat: the transcript hides it. The fee is already paid.' },
    { from: 'visitor', text: 'Perfect. Спасибо! 谢谢！' },
    { from: 'agent', text: 'You are welcome, Vera. Have a nice day! 😊' },
];

async function main(): Promise<void> {
    const ws = new TestWorkspace({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'transcripts-docs-')) });
    await ws.start();
    try {
        const users = await ws.users();
        const state = (await ws.snapshot()) as { departments: Array<{ id: string; name: string }> };
        const sales = state.departments.find((d) => d.name === 'Sales');
        const { visitor } = await ws.dev('POST', 'visitors', { name: 'Vera Petrova', emails: ['vera@example.com'], language: 'en' });
        const started = Date.now() - 25 * 60_000;
        const { room } = await ws.dev('POST', 'rooms', { visitorId: visitor.id, agentId: users.agent.id, departmentId: sales?.id, createdAt: started });
        await ws.dev('POST', `rooms/${room.id}/messages`, { messages: CONVERSATION.map((m, i) => ({ ...m, at: started + i * 2 * 60_000 })) });
        await ws.dev('POST', `rooms/${room.id}/close`, { userId: users.agent.id, comment: 'Delivery tomorrow; customs fee already paid', tags: ['shipping'] });
        const answer = await ws.api('POST', `omnichannel/${room.id}/request-transcript`, { user: users.manager });
        if (answer.status !== 200) {
            throw new Error(`request-transcript: ${answer.status} ${answer.text}`);
        }
        const upload = await ws.waitFor(async () => {
            const { uploads } = await ws.dev<{ uploads: Array<{ id: string; rid: string; type: string }> }>('GET', 'uploads');
            return uploads.find((u) => u.rid === room.id && u.type === 'application/pdf');
        }, 60_000, 'the PDF upload');
        const pdf = path.join(ws.dataDir, 'transcript.pdf');
        fs.writeFileSync(pdf, await download(ws.url(`/dev/uploads/${upload.id}`)));
        fs.mkdirSync(path.dirname(OUTPUT), { recursive: true });
        execFileSync('pdftoppm', ['-png', '-r', String(DPI), '-f', '1', '-l', '1', '-singlefile', pdf, OUTPUT.replace(/\.png$/, '')]);
        console.log(`wrote ${path.relative(ROOT, OUTPUT)} (${Math.round(fs.statSync(OUTPUT).size / 1024)} KB)`);
    } finally {
        await ws.stop();
        fs.rmSync(ws.dataDir, { recursive: true, force: true });
    }
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});

function download(url: string): Promise<Buffer> {
    return new Promise((resolve, reject) => {
        http.get(url, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => resolve(Buffer.concat(chunks)));
        }).on('error', reject);
    });
}
