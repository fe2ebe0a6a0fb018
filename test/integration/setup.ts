// Jest runs this before every test file (package.json "jest.setupFilesAfterEnv"). In a file of
// test/integration, after each test, no workspace it started with every permission may have logged a
// permission denial: the app asked for something app.json does not declare. Files elsewhere
// (test/cluster, test/browser, test/unit) are left as they are.
import * as path from 'path';
import { TestWorkspace } from './workspace';

if ((expect.getState().testPath || '').startsWith(__dirname + path.sep)) {
    afterEach(() => {
        for (const ws of TestWorkspace.fullyPermitted) {
            expect(ws.permissionDenials()).toEqual([]);
        }
    });
}
