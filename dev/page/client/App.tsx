// The page: the workspace's rooms, the user the page acts as, the room's app action buttons, the
// app's views (Surfaces.tsx), and what the app produced (Lists.tsx). It reloads what it shows every
// few seconds and after each action; text is only ever rendered as text (React escapes it).
import React, { ReactElement, useCallback, useEffect, useRef, useState } from 'react';
import { get, post, query } from './api';
import { appText } from './i18n';
import { AppPanel, Outbox, Requests, Uploads } from './Lists';
import { RoomView } from './Room';
import { ContextualBar, ModalView } from './Surfaces';
import type { ActionButton, AppInfo, Email, Job, Message, Room, Setting, State, Surface, UiAnswer, Upload } from './types';

const RELOAD_MS = 2000;

interface Data {
    state: State;
    emails: Email[];
    uploads: Upload[];
    jobs: Job[];
    app: AppInfo;
    settings: Setting[];
}

interface RoomData {
    room: Room;
    messages: Message[];
    buttons: ActionButton[];
}

const newest = (surfaces: Surface[], kind: Surface['kind']): Surface | undefined =>
    surfaces.filter((s) => s.kind === kind).sort((a, b) => String(a.updatedAt).localeCompare(String(b.updatedAt))).pop();

/** Reads from the URL (?user=<username>&room=<id>) so that a page can be opened where it was. */
const fromUrl = (name: string): string | undefined => new URLSearchParams(window.location.search).get(name) || undefined;

export function App(): ReactElement {
    const [data, setData] = useState<Data>();
    const [username, setUsername] = useState(fromUrl('user') || 'manager');
    const [roomId, setRoomId] = useState(fromUrl('room'));
    const [roomData, setRoomData] = useState<RoomData>();
    const [surfaces, setSurfaces] = useState<Surface[]>([]);
    const [notice, setNotice] = useState<string>();
    // Each action, and each change of user or room, starts a new epoch; a reload begun in an older
    // one is dropped, so that it cannot undo what the action showed or show another user's views.
    const epoch = useRef(0);
    // The timer's reloads do not pile up while the app is busy (its runtime answers one call at a time).
    const reloading = useRef(false);

    const user = data?.state.users.find((u) => u.username === username);
    const userId = user?.id;

    const reload = useCallback(async () => {
        const started = epoch.current;
        reloading.current = true;
        try {
            const [state, outbox, uploads, jobs, app, settings] = await Promise.all([
                get<State>('/dev/state'),
                get<{ emails: Email[] }>('/dev/outbox'),
                get<{ uploads: Upload[] }>('/dev/uploads'),
                get<{ jobs: Job[] }>('/dev/jobs'),
                get<AppInfo>('/dev/app'),
                get<{ settings: Setting[] }>('/page/settings'),
            ]);
            const actingAs = state.users.find((u) => u.username === username);
            const room = state.rooms.find((r) => r.id === roomId);
            const [roomAnswer, buttons, userSurfaces] = await Promise.all([
                room ? get<{ room: Room; messages: Message[] }>(`/dev/rooms/${encodeURIComponent(room.id)}`) : undefined,
                actingAs && room ? get<{ buttons: ActionButton[] }>(`/dev/ui/buttons?${query({ userId: actingAs.id, roomId: room.id })}`) : undefined,
                actingAs ? get<{ surfaces: Surface[] }>(`/dev/ui/surfaces?${query({ userId: actingAs.id })}`) : undefined,
            ]);
            if (started !== epoch.current) {
                return;
            }
            setData({ state, emails: outbox.emails, uploads: uploads.uploads, jobs: jobs.jobs, app, settings: settings.settings });
            setRoomData(roomAnswer && buttons ? { ...roomAnswer, buttons: buttons.buttons } : undefined);
            setSurfaces(userSurfaces?.surfaces || []);
        } catch (error) {
            setNotice(`Could not reload: ${(error as Error).message}`);
        } finally {
            reloading.current = false;
        }
    }, [username, roomId]);

    useEffect(() => {
        epoch.current++;
        void reload();
        const timer = window.setInterval(() => reloading.current || void reload(), RELOAD_MS);
        return () => window.clearInterval(timer);
    }, [reload]);

    useEffect(() => {
        const params = query({ user: username, room: roomId });
        window.history.replaceState(null, '', `/?${params}`);
    }, [username, roomId]);

    /** Runs one action of the page, shows its error if it fails, then reloads. */
    const act = useCallback(
        async (what: () => Promise<unknown>) => {
            epoch.current++;
            setNotice(undefined);
            try {
                await what();
            } catch (error) {
                setNotice((error as Error).message);
            }
            await reload();
        },
        [reload],
    );

    const onAnswer = useCallback((answer: UiAnswer) => {
        epoch.current++;
        setSurfaces(answer.surfaces);
        void reload();
    }, [reload]);
    const onError = useCallback((error: Error) => setNotice(error.message), []);

    if (!data) {
        return <p className='loading'>Loading the workspace…</p>;
    }
    const bar = newest(surfaces, 'contextualBar');
    const modal = newest(surfaces, 'modal');
    const surfaceProps = { userId: userId || '', roomId, onAnswer, onError };

    return (
        <div className='page' lang='en'>
            <header className='top'>
                <h1>Livechat Transcripts: local workspace</h1>
                <label>
                    Acting as{' '}
                    <select value={username} onChange={(e) => setUsername(e.target.value)} name='user'>
                        {data.state.users
                            .filter((u) => u.type === 'user')
                            .map((u) => (
                                <option key={u.id} value={u.username}>
                                    {u.name} ({u.username}: {u.roles.filter((r) => r !== 'user').join(', ') || 'user'}{u.language ? `, ${u.language}` : ''})
                                </option>
                            ))}
                    </select>
                </label>
                <span className='app-status'>
                    App {data.app.version ? `${data.app.version} ` : ''}
                    <strong>{data.app.status}</strong>
                </span>
            </header>
            {notice && (
                <p className='notice' role='alert'>
                    {notice}
                </p>
            )}
            <div className={bar ? 'workspace with-bar' : 'workspace'}>
                <Rooms state={data.state} selected={roomId} onSelect={setRoomId} />
                <section className='room' aria-label='Room'>
                    {roomData && user ? (
                        <RoomView
                            {...roomData}
                            state={data.state}
                            user={user}
                            buttonLabel={(button) => appText(user.language, button.labelI18n)}
                            onButton={(button) =>
                                act(async () => {
                                    const body = { userId: user.id, roomId: roomData.room.id, actionId: button.actionId, appId: button.appId, context: button.context };
                                    setSurfaces((await post<UiAnswer>('/dev/ui/buttons/click', body)).surfaces);
                                })
                            }
                            act={act}
                        />
                    ) : (
                        <p className='hint'>Pick a room.</p>
                    )}
                </section>
                {bar && (
                    <div className='bar'>
                        <ContextualBar key={`${bar.viewId}:${JSON.stringify(bar.view)}`} surface={bar} {...surfaceProps} />
                    </div>
                )}
            </div>
            <div className='lists'>
                <Outbox emails={data.emails} />
                <Uploads uploads={data.uploads} rooms={data.state.rooms} />
                <Requests state={data.state} />
                <AppPanel app={data.app} settings={data.settings} jobs={data.jobs} language={user?.language} act={act} />
            </div>
            {modal && <ModalView key={`${modal.viewId}:${JSON.stringify(modal.view)}`} surface={modal} {...surfaceProps} />}
        </div>
    );
}

function Rooms({ state, selected, onSelect }: { state: State; selected?: string; onSelect: (id: string) => void }): ReactElement {
    const visitor = (room: Room) => state.visitors.find((v) => v.id === room.visitorId)?.name || '';
    const agent = (room: Room) => state.users.find((u) => u.id === room.servedById)?.name || '';
    const kind = (room: Room) => (room.type === 'l' ? 'livechat' : room.type === 'c' ? 'channel' : 'direct');
    return (
        <section className='rooms' aria-label='Rooms'>
            <h2>Rooms</h2>
            <table>
                <thead>
                    <tr>
                        <th>Room</th>
                        <th>Kind</th>
                        <th>State</th>
                        <th>Visitor</th>
                        <th>Agent</th>
                        <th>Messages</th>
                    </tr>
                </thead>
                <tbody>
                    {[...state.rooms].reverse().map((room) => (
                        <tr key={room.id} className={room.id === selected ? 'selected' : undefined} data-room-id={room.id}>
                            <td>
                                <button type='button' className='link' onClick={() => onSelect(room.id)}>
                                    {room.name || room.id}
                                </button>
                            </td>
                            <td>{kind(room)}</td>
                            <td>{room.open ? 'open' : 'closed'}</td>
                            <td>{visitor(room)}</td>
                            <td>{agent(room)}</td>
                            <td>{state.messageCounts[room.id] ?? 0}</td>
                        </tr>
                    ))}
                </tbody>
            </table>
        </section>
    );
}
