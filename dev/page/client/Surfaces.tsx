// The app's views drawn by Rocket.Chat's own UI Kit renderer (@rocket.chat/fuselage-ui-kit), framed
// as Rocket.Chat 6.x's client frames them: the contextual bar as in
// apps/meteor/client/views/room/contextualBar/Apps/Apps.tsx, the modal as in
// apps/meteor/client/views/modal/uikit/ModalBlock.tsx, and the renderer's context (values, errors,
// actions) as in apps/meteor/client/views/modal/uikit/UiKitModal.tsx. Interactions go through the
// workspace's /dev/ui/* routes, which send them to the app as Rocket.Chat's server does.
import { Box, Button, ButtonGroup, IconButton, Modal } from '@rocket.chat/fuselage';
import { kitContext, modalParser, UiKitComponent, UiKitModal } from '@rocket.chat/fuselage-ui-kit';
import * as UiKit from '@rocket.chat/ui-kit';
import React, { FormEvent, ReactElement, useEffect, useState } from 'react';
import { post } from './api';
import type { Surface, UiAnswer } from './types';

type Values = Record<string, { blockId: string; value: unknown } | undefined>;

interface SurfaceProps {
    surface: Surface;
    userId: string;
    /** The room the view is shown in: a contextual bar's block actions carry it, a modal's do not. */
    roomId?: string;
    onAnswer: (answer: UiAnswer) => void;
    onError: (error: Error) => void;
}

/** Each input's initial value, by action id (useValues.ts in Rocket.Chat's client). */
function initialValues(blocks: UiKit.LayoutBlock[]): Values {
    const values: Values = {};
    for (const block of blocks) {
        if (block.type !== 'input') {
            continue;
        }
        const element = block.element as { actionId: string; initialValue?: unknown; initialOption?: { value: unknown } };
        values[element.actionId] = { blockId: block.blockId || 'default', value: element.initialValue ?? element.initialOption?.value };
    }
    return values;
}

/** `{[blockId]: {[actionId]: value}}`, the view state a submit carries. */
function stateByBlock(values: Values): Record<string, Record<string, unknown>> {
    const state: Record<string, Record<string, unknown>> = {};
    for (const [actionId, entry] of Object.entries(values)) {
        if (entry) {
            state[entry.blockId] = { ...state[entry.blockId], [actionId]: entry.value };
        }
    }
    return state;
}

const text = (object: UiKit.TextObject | undefined, index = 0) => (object ? modalParser.text(object, UiKit.BlockContext.NONE, index) : null);

/** The renderer's context for one view, and what its buttons do (getButtonStyle.ts for the style). */
function useSurface({ surface, userId, roomId, onAnswer, onError }: SurfaceProps) {
    const { view, viewId, appId } = surface;
    const [values, setValues] = useState<Values>(() => initialValues(view.blocks));
    const [busy, setBusy] = useState(false);

    const run = async (path: string, body: Record<string, unknown>) => {
        setBusy(true);
        try {
            onAnswer(await post<UiAnswer>(path, { userId, appId, viewId, ...body }));
        } catch (error) {
            onError(error as Error);
        } finally {
            setBusy(false);
        }
    };

    const context = {
        appId,
        viewId,
        errors: surface.errors || {},
        values: Object.fromEntries(Object.entries(values).map(([actionId, entry]) => [actionId, entry && { value: entry.value as string }])),
        action: ({ blockId, actionId, value }: { blockId: string; actionId: string; value: unknown }) =>
            run('/dev/ui/block-action', { blockId, actionId, value, ...(surface.kind === 'contextualBar' ? { roomId } : {}) }),
        state: ({ blockId = 'default', actionId, value }: { blockId?: string; actionId: string; value: unknown }) =>
            setValues((current) => ({ ...current, [actionId]: { blockId, value } })),
    };

    const submit = (event?: FormEvent) => {
        event?.preventDefault();
        if (!busy) {
            void run('/dev/ui/view-submit', { state: stateByBlock(values) });
        }
    };
    const close = () => void run('/dev/ui/view-close', {});
    const buttonStyle = (button?: UiKit.ButtonElement) => ({ primary: button?.style === 'primary', danger: button?.style === 'danger' });
    return { context, submit, close, busy, buttonStyle };
}

export function ContextualBar(props: SurfaceProps): ReactElement {
    const { view } = props.surface;
    const { context, submit, close, buttonStyle } = useSurface(props);
    return (
        <kitContext.Provider value={context}>
            <Box is='aside' className='contextual-bar' data-view-id={props.surface.viewId} display='flex' flexDirection='column' height='full' backgroundColor='surface'>
                <Box display='flex' alignItems='center' pi='x24' pb='x16' borderBlockEndWidth='x2' borderBlockEndColor='neutral-300' borderBlockEndStyle='solid'>
                    <Box is='h2' fontScale='h4' flexGrow={1} withTruncatedText>
                        {text(view.title)}
                    </Box>
                    <IconButton icon='cross' small title='Close' aria-label='Close' onClick={close} />
                </Box>
                <Box flexGrow={1} overflowY='auto' p='x24'>
                    <Box is='form' method='post' action='#' onSubmit={submit}>
                        <UiKitComponent render={UiKitModal} blocks={view.blocks} />
                    </Box>
                </Box>
                {(view.close || view.submit) && (
                    <Box pi='x24' pb='x16' borderBlockStartWidth='x2' borderBlockStartColor='neutral-300' borderBlockStartStyle='solid'>
                        <ButtonGroup align='end'>
                            {view.close && <Button onClick={close}>{text(view.close.text)}</Button>}
                            {view.submit && (
                                <Button {...buttonStyle(view.submit)} onClick={submit}>
                                    {text(view.submit.text, 1)}
                                </Button>
                            )}
                        </ButtonGroup>
                    </Box>
                )}
            </Box>
        </kitContext.Provider>
    );
}

export function ModalView(props: SurfaceProps): ReactElement {
    const { view } = props.surface;
    const { context, submit, close, busy, buttonStyle } = useSurface(props);
    // Keys as in Rocket.Chat's modal: Enter submits (but in a text area), Escape closes.
    useEffect(() => {
        const onKeyDown = (event: KeyboardEvent) => {
            if (event.key === 'Enter' && (event.target as HTMLElement | null)?.nodeName !== 'TEXTAREA') {
                event.preventDefault();
                submit();
            } else if (event.key === 'Escape') {
                event.preventDefault();
                close();
            }
        };
        document.addEventListener('keydown', onKeyDown);
        return () => document.removeEventListener('keydown', onKeyDown);
    });
    return (
        <kitContext.Provider value={context}>
            <Modal.Backdrop>
                <Modal open className='app-modal' data-view-id={props.surface.viewId}>
                    <Modal.Header>
                        <Modal.Title>{text(view.title)}</Modal.Title>
                        <Modal.Close tabIndex={-1} onClick={close} />
                    </Modal.Header>
                    <Modal.Content>
                        <Box is='form' method='post' action='#' onSubmit={submit}>
                            <UiKitComponent render={UiKitModal} blocks={view.blocks} />
                        </Box>
                    </Modal.Content>
                    <Modal.Footer>
                        <Modal.FooterControllers>
                            {view.close && (
                                <Button danger={view.close.style === 'danger'} onClick={close}>
                                    {text(view.close.text)}
                                </Button>
                            )}
                            {view.submit && (
                                <Button {...buttonStyle(view.submit)} disabled={busy} onClick={submit}>
                                    {text(view.submit.text, 1)}
                                </Button>
                            )}
                        </Modal.FooterControllers>
                    </Modal.Footer>
                </Modal>
            </Modal.Backdrop>
        </kitContext.Provider>
    );
}
