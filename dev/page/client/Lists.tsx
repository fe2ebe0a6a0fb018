// What the app produced and how it stands, in plain HTML: the outbox (each email's HTML in a
// sandboxed iframe, and its text part), the uploads, the transcript requests, the app's status,
// settings and jobs.
import React, { FormEvent, ReactElement, useEffect, useState } from 'react';
import { deliveryState, TranscriptRequest } from '../../../lib/delivery/requests';
import { get, post } from './api';
import { appText } from './i18n';
import type { AppInfo, Email, EmailParts, Job, Room, Setting, State, Upload } from './types';

/** The newest this many emails are drawn; the outbox folder keeps them all. */
const EMAILS_SHOWN = 20;

const when = (value?: string) => (value ? new Date(value).toLocaleString() : '');

export function Outbox({ emails }: { emails: Email[] }): ReactElement {
    const shown = [...emails].reverse().slice(0, EMAILS_SHOWN);
    return (
        <section className='outbox' aria-label='Outbox'>
            <h2>Outbox ({emails.length})</h2>
            {shown.length === 0 && <p className='hint'>No email sent yet.</p>}
            {shown.map((email) => (
                <OutboxEmail key={email.id} email={email} />
            ))}
            {emails.length > shown.length && <p className='hint'>and {emails.length - shown.length} older ones</p>}
        </section>
    );
}

function OutboxEmail({ email }: { email: Email }): ReactElement {
    const [parts, setParts] = useState<EmailParts>();
    useEffect(() => {
        void get<EmailParts>(`/page/outbox/${encodeURIComponent(email.id)}`).then(setParts);
    }, [email.id]);
    return (
        <article className='email' data-email-id={email.id}>
            <header>
                <strong>{email.subject}</strong> to {email.to.join(', ')} <time dateTime={email.sentAt}>{when(email.sentAt)}</time>{' '}
                <a href={`/dev/outbox/${encodeURIComponent(email.id)}`} download={`${email.id}.eml`}>
                    .eml
                </a>
            </header>
            {parts?.hasHtml && <iframe title={`HTML of ${email.subject}`} sandbox='' referrerPolicy='no-referrer' src={`/page/outbox/${encodeURIComponent(email.id)}/html`} />}
            {parts && (
                <details>
                    <summary>Text part</summary>
                    <pre>{parts.text}</pre>
                </details>
            )}
        </article>
    );
}

export function Uploads({ uploads, rooms }: { uploads: Upload[]; rooms: Room[] }): ReactElement {
    return (
        <section className='uploads' aria-label='Uploads'>
            <h2>Uploads ({uploads.length})</h2>
            <table>
                <thead>
                    <tr>
                        <th>File</th>
                        <th>Type</th>
                        <th>Size</th>
                        <th>Room</th>
                        <th>Uploaded</th>
                    </tr>
                </thead>
                <tbody>
                    {[...uploads].reverse().map((upload) => (
                        <tr key={upload.id} data-upload-id={upload.id}>
                            <td>
                                <a href={`/dev/uploads/${encodeURIComponent(upload.id)}`} target='_blank' rel='noopener noreferrer'>
                                    {upload.name}
                                </a>
                            </td>
                            <td>{upload.type}</td>
                            <td>{upload.size.toLocaleString()} B</td>
                            <td>{rooms.find((r) => r.id === upload.rid)?.name || upload.rid}</td>
                            <td>{when(upload.createdAt)}</td>
                        </tr>
                    ))}
                </tbody>
            </table>
        </section>
    );
}

const isRequest = (data: Record<string, any>): data is TranscriptRequest =>
    typeof data?.rid === 'string' && (data.kind === 'email' || data.kind === 'pdf') && typeof data.status === 'string' && typeof data.requestedAt === 'string';

export function Requests({ state }: { state: State }): ReactElement {
    const requests = Object.values(state.persistence)
        .map((record) => record.data)
        .filter(isRequest)
        .sort((a, b) => b.requestedAt.localeCompare(a.requestedAt));
    const roomName = (rid: string) => state.rooms.find((r) => r.id === rid)?.name || rid;
    return (
        <section className='requests' aria-label='Transcript requests'>
            <h2>Transcript requests ({requests.length})</h2>
            <table>
                <thead>
                    <tr>
                        <th>Room</th>
                        <th>Kind</th>
                        <th>State</th>
                        <th>To</th>
                        <th>Attempts</th>
                        <th>Requested</th>
                        <th>Delivered</th>
                        <th>Last error</th>
                    </tr>
                </thead>
                <tbody>
                    {requests.map((request) => (
                        <tr key={`${request.rid}:${request.kind}:${request.requestedAt}`} data-request={`${request.rid}:${request.kind}`}>
                            <td>{roomName(request.rid)}</td>
                            <td>{request.kind}</td>
                            <td>{deliveryState(request)}</td>
                            <td>{request.email || ''}</td>
                            <td>{request.attempts}</td>
                            <td>
                                {when(request.requestedAt)} by {request.requestedBy?.username}
                            </td>
                            <td>{when(request.deliveredAt)}</td>
                            <td>{request.lastError || ''}</td>
                        </tr>
                    ))}
                </tbody>
            </table>
        </section>
    );
}

interface AppPanelProps {
    app: AppInfo;
    settings: Setting[];
    jobs: Job[];
    language?: string;
    act: (what: () => Promise<unknown>) => Promise<void>;
}

export function AppPanel({ app, settings, jobs, language, act }: AppPanelProps): ReactElement {
    const enabled = /enabled/.test(app.status) && !/disabled/.test(app.status);
    return (
        <section className='app' aria-label='App'>
            <h2>App</h2>
            <p>
                Status <strong>{app.status}</strong>{' '}
                <button type='button' onClick={() => act(() => post(enabled ? '/dev/app/disable' : '/dev/app/enable'))}>
                    {enabled ? 'Disable' : 'Enable'}
                </button>
            </p>
            <h3>Settings</h3>
            <div className='settings'>
                {settings.map((setting) => (
                    <SettingField key={setting.id} setting={setting} text={(key) => appText(language, key)} act={act} />
                ))}
            </div>
            <h3>Jobs ({jobs.length})</h3>
            <table>
                <thead>
                    <tr>
                        <th>Processor</th>
                        <th>Runs at</th>
                        <th>Every</th>
                        <th>Data</th>
                    </tr>
                </thead>
                <tbody>
                    {jobs.map((job) => (
                        <tr key={job.id}>
                            <td>{job.processorId}</td>
                            <td>{when(job.runAt)}</td>
                            <td>{job.intervalSeconds ? `${job.intervalSeconds} s` : ''}</td>
                            <td>
                                <code>{job.data ? JSON.stringify(job.data) : ''}</code>
                            </td>
                        </tr>
                    ))}
                </tbody>
            </table>
        </section>
    );
}

/** One setting, edited as its type asks; Save sends it as an administrator's change would. */
function SettingField({ setting, text, act }: { setting: Setting; text: (key: string) => string; act: AppPanelProps['act'] }): ReactElement {
    const [value, setValue] = useState<unknown>(setting.value);
    useEffect(() => setValue(setting.value), [setting.value]);
    const id = `setting-${setting.id}`;
    const save = (event: FormEvent) => {
        event.preventDefault();
        const sent = setting.type === 'int' || setting.type === 'number' ? Number(value) : value;
        void act(() => post('/dev/settings/app', { id: setting.id, value: sent }));
    };
    let input: ReactElement;
    if (setting.type === 'boolean') {
        input = <input id={id} type='checkbox' checked={value === true} onChange={(e) => setValue(e.target.checked)} />;
    } else if (setting.type === 'select' && setting.values) {
        input = (
            <select id={id} value={String(value ?? '')} onChange={(e) => setValue(e.target.value)}>
                {setting.values.map((choice) => (
                    <option key={choice.key} value={choice.key}>
                        {choice.i18nLabel ? text(choice.i18nLabel) : choice.key}
                    </option>
                ))}
            </select>
        );
    } else if (setting.type === 'int' || setting.type === 'number') {
        input = <input id={id} type='number' value={String(value ?? '')} onChange={(e) => setValue(e.target.value)} />;
    } else if (setting.type === 'code') {
        input = <textarea id={id} value={String(value ?? '')} onChange={(e) => setValue(e.target.value)} rows={3} />;
    } else {
        input = <input id={id} type={setting.type === 'password' ? 'password' : 'text'} value={String(value ?? '')} onChange={(e) => setValue(e.target.value)} />;
    }
    return (
        <form className='setting' onSubmit={save} data-setting-id={setting.id}>
            <label htmlFor={id}>{text(setting.i18nLabel)}</label>
            {input}
            <button type='submit' disabled={value === setting.value}>
                Save
            </button>
        </form>
    );
}
