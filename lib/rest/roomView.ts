// A livechat room as Rocket.Chat's REST API shows it (`_id`, `t`, `v`, `servedBy`, `open`, …).

export interface RoomFacts {
    id: string;
    displayName?: string;
    createdAt?: Date | string;
    isOpen: boolean;
    visitor?: { id?: string; username?: string; token?: string };
    servedBy?: { id: string; username: string };
    departmentId?: string;
}

export function roomView(room: RoomFacts): Record<string, unknown> {
    return {
        _id: room.id,
        t: 'l',
        fname: room.displayName,
        ts: room.createdAt,
        v: room.visitor ? { _id: room.visitor.id, username: room.visitor.username, token: room.visitor.token } : undefined,
        servedBy: room.servedBy ? { _id: room.servedBy.id, username: room.servedBy.username } : undefined,
        open: room.isOpen,
        departmentId: room.departmentId,
    };
}
