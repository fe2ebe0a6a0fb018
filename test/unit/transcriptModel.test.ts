import { buildTranscript, SourceConversation, SourceMessage } from '../../lib/transcript/build';

const t = (key: string, params?: Record<string, string | number>) => (params ? `${key}(${Object.values(params).join(',')})` : key);

function message(partial: Partial<SourceMessage>): SourceMessage {
    return { id: 'm', senderId: 'u', senderName: 'Alice Agent', fromVisitor: false, text: '', createdAt: 0, attachments: [], ...partial };
}

function conversation(messages: SourceMessage[], extra: Partial<SourceConversation> = {}): SourceConversation {
    return {
        siteName: 'Acme',
        language: 'en',
        timeZone: 'UTC',
        visitor: { name: 'Vera', email: 'vera@example.com' },
        agentName: 'Alice Agent',
        startedAt: 0,
        tags: [],
        messages,
        images: new Map(),
        ...extra,
    };
}

test('every message in order, visitors by name, system messages described', () => {
    const transcript = buildTranscript(
        conversation([
            message({ id: '1', fromVisitor: true, senderName: 'Vera', text: 'hi' }),
            message({ id: '2', text: 'hello' }),
            message({ id: '3', type: 'livechat_transfer_history' }),
            message({ id: '4', type: 'uj', senderName: 'Bruno' }),
        ]),
        { includeSystemMessages: true, showAgentInfo: true, t },
    );
    expect(transcript.messages.map((m) => [m.sender.role, m.sender.name, m.text, m.system])).toEqual([
        ['visitor', 'Vera', 'hi', false],
        ['agent', 'Alice Agent', 'hello', false],
        ['system', 'Alice Agent', 'system_transferred(Alice Agent)', true],
        ['system', 'Bruno', 'system_joined(Bruno)', true],
    ]);
    expect(transcript.header).toMatchObject({ siteName: 'Acme', title: 'transcript_title', visitorName: 'Vera', agentName: 'Alice Agent' });
});

test('system messages can be left out; agents can be anonymous', () => {
    const transcript = buildTranscript(conversation([message({ text: 'hello' }), message({ type: 'uj' })]), { includeSystemMessages: false, showAgentInfo: false, t });
    expect(transcript.messages).toHaveLength(1);
    expect(transcript.messages[0].sender.name).toBe('agent_anonymous');
    expect(transcript.header.agentName).toBe('agent_anonymous');
});

test('quotes, embeddable images and other files', () => {
    const png = new Uint8Array([137, 80, 78, 71]);
    const transcript = buildTranscript(
        conversation(
            [
                message({
                    attachments: [
                        { text: 'earlier words', authorName: 'Vera', messageLink: 'http://x/?msg=1' },
                        { title: 'photo.png', titleLink: '/file-upload/1/photo.png', imageUrl: '/file-upload/1/photo.png', imageType: 'image/png' },
                        { title: 'anim.gif', titleLink: '/file-upload/2/anim.gif', imageUrl: '/file-upload/2/anim.gif', imageType: 'image/gif' },
                        { title: 'notes.txt', titleLink: '/file-upload/3/notes.txt' },
                    ],
                }),
            ],
            { images: new Map([['/file-upload/1/photo.png', { data: png, mimeType: 'image/png' }]]) },
        ),
        { includeSystemMessages: true, showAgentInfo: true, t },
    );
    const [m] = transcript.messages;
    expect(m.quotes).toEqual([{ author: 'Vera', text: 'earlier words' }]);
    expect(m.images).toEqual([{ name: 'photo.png', mimeType: 'image/png', data: png, url: '/file-upload/1/photo.png' }]);
    expect(m.files.map((f) => f.name)).toEqual(['anim.gif', 'notes.txt']);
});

test('text stays text', () => {
    const payload = '{"text":"x","link":"javascript:alert(1)"} <img src=x onerror=alert(1)>';
    const transcript = buildTranscript(conversation([message({ text: payload })]), { includeSystemMessages: true, showAgentInfo: true, t });
    expect(transcript.messages[0].text).toBe(payload);
});
