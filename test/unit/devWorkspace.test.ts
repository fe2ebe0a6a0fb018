// The local workspace's message store (dev/workspace.ts): what is added is kept once, before and after a restart.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { JsonStore } from '../../dev/store';
import { Workspace } from '../../dev/workspace';

describe('local workspace messages', () => {
    let dir: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dev-workspace-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    const texts = (workspace: Workspace, rid: string) => workspace.messages(rid).map((m) => m.text);

    test('the first messages added after start are kept once (npm start -- --reset showed the demo room twice)', () => {
        const workspace = new Workspace(new JsonStore(dir));
        workspace.addMessages('room1', [{ senderId: 'a', text: 'one' }, { senderId: 'b', text: 'two' }]);
        expect(texts(workspace, 'room1')).toEqual(['one', 'two']);
        workspace.addMessage({ rid: 'room1', senderId: 'a', text: 'three' });
        expect(texts(workspace, 'room1')).toEqual(['one', 'two', 'three']);
    });

    test('after a restart the database gives the same messages, edits included', () => {
        const first = new Workspace(new JsonStore(dir));
        const [one] = first.addMessages('room1', [{ senderId: 'a', text: 'one' }, { senderId: 'b', text: 'two' }]);
        first.updateMessage({ ...one, text: 'one, edited' });
        const again = new Workspace(new JsonStore(dir));
        expect(texts(again, 'room1')).toEqual(['one, edited', 'two']);
        again.addMessage({ rid: 'room1', senderId: 'a', text: 'three' });
        expect(texts(again, 'room1')).toEqual(['one, edited', 'two', 'three']);
    });
});
