// The local workspace's messages in its database: what is written is read back after a restart.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { JsonStore } from '../../dev/store';
import { Workspace } from '../../dev/workspace';

describe('local workspace messages', () => {
    let dir: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dev-store-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    test('survive a restart in the order they were sent, each room apart, the last edit winning', () => {
        const before = new Workspace(new JsonStore(dir));
        const [first] = before.addMessages('room-a', [
            { senderId: 'u1', text: 'one' },
            { senderId: 'u2', text: 'two' },
        ]);
        before.addMessage({ rid: 'room-b', senderId: 'u1', text: 'elsewhere' });
        before.addMessage({ rid: 'room-a', senderId: 'u1', text: 'three' });
        before.updateMessage({ ...first, text: 'one, edited' });

        const after = new Workspace(new JsonStore(dir));
        expect(after.messages('room-a').map((m) => m.text)).toEqual(['one, edited', 'two', 'three']);
        expect(after.messages('room-b').map((m) => m.text)).toEqual(['elsewhere']);
        expect(after.message(first.id)?.createdAt).toBeInstanceOf(Date);
    });
});
