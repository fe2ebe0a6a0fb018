// One room: who is in it, its messages, the app's action buttons as the user sees them, and what a
// person in the workspace can do to it (close it as the UI or as the visitor, add a message, fire a
// duplicate close event), each through the /dev/ routes.
import React, { FormEvent, ReactElement, useState } from 'react';
import { post } from './api';
import type { ActionButton, Message, Room, State, User } from './types';

interface RoomViewProps {
    room: Room;
    messages: Message[];
    buttons: ActionButton[];
    state: State;
    user: User;
    buttonLabel: (button: ActionButton) => string;
    onButton: (button: ActionButton) => void;
    act: (what: () => Promise<unknown>) => Promise<void>;
}

export function RoomView({ room, messages, buttons, state, user, buttonLabel, onButton, act }: RoomViewProps): ReactElement {
    const visitor = state.visitors.find((v) => v.id === room.visitorId);
    const agent = state.users.find((u) => u.id === room.servedById);
    const sender = (message: Message) =>
        (state.users.find((u) => u.id === message.senderId) || state.visitors.find((v) => v.id === message.senderId))?.name || message.senderId;
    const path = `/dev/rooms/${encodeURIComponent(room.id)}`;
    const livechat = room.type === 'l';

    return (
        <>
            <h2>{room.name || room.id}</h2>
            <dl className='facts'>
                <dt>State</dt>
                <dd>{room.open ? 'open' : `closed${room.closer ? ` by the ${room.closer}` : ''}`}</dd>
                {visitor && (
                    <>
                        <dt>Visitor</dt>
                        <dd>
                            {visitor.name}
                            {visitor.emails.length > 0 && ` <${visitor.emails.join(', ')}>`}
                        </dd>
                    </>
                )}
                {agent && (
                    <>
                        <dt>Agent</dt>
                        <dd>{agent.name}</dd>
                    </>
                )}
                {room.comment && (
                    <>
                        <dt>Close comment</dt>
                        <dd>{room.comment}</dd>
                    </>
                )}
            </dl>
            <div className='app-buttons' aria-label='App action buttons'>
                {buttons.length === 0 ? (
                    <span className='hint'>No app action button for {user.username} here.</span>
                ) : (
                    buttons.map((button) => (
                        <button key={`${button.appId}:${button.actionId}`} type='button' className='app-button' data-action-id={button.actionId} onClick={() => onButton(button)}>
                            {buttonLabel(button)}
                        </button>
                    ))
                )}
            </div>
            {livechat && (
                <div className='room-actions'>
                    {room.open ? (
                        <>
                            <button type='button' onClick={() => act(() => post(`${path}/close`, { userId: user.id, comment: 'Closed from the workspace page' }))}>
                                Close as {user.username}
                            </button>
                            <button type='button' onClick={() => act(() => post(`${path}/close`, {}))}>
                                Close as the visitor
                            </button>
                        </>
                    ) : (
                        <button type='button' onClick={() => act(() => post(`${path}/closed-event`, { count: 1 }))}>
                            Fire a duplicate close event
                        </button>
                    )}
                </div>
            )}
            <ol className='messages' aria-label='Messages'>
                {messages.map((message) => (
                    <li key={message.id}>
                        <span className='sender'>{sender(message)}</span>
                        <time dateTime={message.createdAt}>{new Date(message.createdAt).toLocaleTimeString()}</time>
                        {message.t && <span className='message-type'>{message.t}</span>}
                        <p>{message.text}</p>
                        {(message.attachments || []).map((attachment, i) => (
                            <p key={i} className='attachment'>
                                📎 {attachment.title || attachment.description || attachment.text}
                            </p>
                        ))}
                    </li>
                ))}
            </ol>
            {livechat && room.open && <AddMessage path={path} hasAgent={!!agent} act={act} />}
        </>
    );
}

function AddMessage({ path, hasAgent, act }: { path: string; hasAgent: boolean; act: RoomViewProps['act'] }): ReactElement {
    const [from, setFrom] = useState('visitor');
    const [text, setText] = useState('');
    const submit = (event: FormEvent) => {
        event.preventDefault();
        if (text.trim()) {
            void act(async () => {
                await post(`${path}/messages`, { messages: [{ from, text }] });
                setText('');
            });
        }
    };
    return (
        <form className='add-message' onSubmit={submit}>
            <select value={from} onChange={(e) => setFrom(e.target.value)} aria-label='From'>
                <option value='visitor'>visitor</option>
                {hasAgent && <option value='agent'>agent</option>}
            </select>
            <input value={text} onChange={(e) => setText(e.target.value)} placeholder='A message' aria-label='Message' name='message' />
            <button type='submit'>Add message</button>
        </form>
    );
}
