// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "migrations_p.h"

namespace Cairn {

/*
 * Notes on the schema, which holds the same data on both databases so that one query
 * syntax gives the same answers:
 * - Times are fixed-width UTC text ("2026-11-24T05:55:13.123Z"), so text order is time order.
 * - path is "/root/child/name" (names cannot hold '/'); lineage is "/id/id/id/", the ids
 *   from the root down to the node itself. A subtree is a range scan on either.
 * - Text compares byte-wise: SQLite's BINARY collation, and COLLATE "C" on PostgreSQL, whose
 *   default collation follows the locale.
 * - events is the outbox: a node change and its event commit together. seq gives the order.
 */
const QList<Migration> &migrations()
{
    static const QList<Migration> all = {
            {1,
             {
                     QStringLiteral(R"(CREATE TABLE nodes (
    id TEXT PRIMARY KEY NOT NULL,
    parent TEXT REFERENCES nodes(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    path TEXT NOT NULL,
    lineage TEXT NOT NULL,
    depth INTEGER NOT NULL,
    state TEXT NOT NULL,
    result TEXT,
    data TEXT NOT NULL DEFAULT '{}',
    artifacts TEXT NOT NULL DEFAULT '{}',
    owner TEXT,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    timeout TEXT,
    holdoff TEXT,
    revision INTEGER NOT NULL))"),
                     QStringLiteral("CREATE INDEX nodes_parent ON nodes(parent, id)"),
                     QStringLiteral("CREATE INDEX nodes_path ON nodes(path)"),
                     QStringLiteral("CREATE INDEX nodes_lineage ON nodes(lineage)"),
                     QStringLiteral("CREATE INDEX nodes_kind_state ON nodes(kind, state, id)"),
                     QStringLiteral("CREATE INDEX nodes_created ON nodes(created)"),
                     QStringLiteral("CREATE INDEX nodes_updated ON nodes(updated)"),
                     QStringLiteral(R"(CREATE TABLE events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    source TEXT NOT NULL,
    subject TEXT,
    time TEXT NOT NULL,
    data TEXT))"),
             },
             {
                     QStringLiteral(R"(CREATE TABLE nodes (
    id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    parent TEXT COLLATE "C" REFERENCES nodes(id) ON DELETE CASCADE,
    kind TEXT COLLATE "C" NOT NULL,
    name TEXT COLLATE "C" NOT NULL,
    path TEXT COLLATE "C" NOT NULL,
    lineage TEXT COLLATE "C" NOT NULL,
    depth INTEGER NOT NULL,
    state TEXT COLLATE "C" NOT NULL,
    result TEXT COLLATE "C",
    data JSONB NOT NULL DEFAULT '{}',
    artifacts JSONB NOT NULL DEFAULT '{}',
    owner TEXT COLLATE "C",
    created TEXT COLLATE "C" NOT NULL,
    updated TEXT COLLATE "C" NOT NULL,
    timeout TEXT COLLATE "C",
    holdoff TEXT COLLATE "C",
    revision BIGINT NOT NULL))"),
                     QStringLiteral("CREATE INDEX nodes_parent ON nodes(parent, id)"),
                     QStringLiteral("CREATE INDEX nodes_path ON nodes(path)"),
                     QStringLiteral("CREATE INDEX nodes_lineage ON nodes(lineage)"),
                     QStringLiteral("CREATE INDEX nodes_kind_state ON nodes(kind, state, id)"),
                     QStringLiteral("CREATE INDEX nodes_created ON nodes(created)"),
                     QStringLiteral("CREATE INDEX nodes_updated ON nodes(updated)"),
                     QStringLiteral(R"(CREATE TABLE events (
    seq BIGSERIAL PRIMARY KEY,
    id TEXT COLLATE "C" NOT NULL UNIQUE,
    type TEXT COLLATE "C" NOT NULL,
    source TEXT COLLATE "C" NOT NULL,
    subject TEXT COLLATE "C",
    time TEXT COLLATE "C" NOT NULL,
    data JSONB))"),
             }},
            // The event bus: history by type, subject and age, durable subscriptions, and
            // how far retention has pruned.
            {2,
             {
                     QStringLiteral("CREATE INDEX events_type ON events(type, seq)"),
                     QStringLiteral("CREATE INDEX events_subject ON events(subject, seq)"),
                     QStringLiteral("CREATE INDEX events_time ON events(time)"),
                     QStringLiteral(R"(CREATE TABLE subscriptions (
    name TEXT PRIMARY KEY NOT NULL,
    cursor INTEGER NOT NULL,
    filter TEXT NOT NULL,
    created TEXT NOT NULL,
    updated TEXT NOT NULL))"),
                     QStringLiteral("CREATE TABLE bus_state (name TEXT PRIMARY KEY NOT NULL, "
                                    "value INTEGER NOT NULL)"),
             },
             {
                     QStringLiteral("CREATE INDEX events_type ON events(type, seq)"),
                     QStringLiteral("CREATE INDEX events_subject ON events(subject, seq)"),
                     QStringLiteral("CREATE INDEX events_time ON events(time)"),
                     QStringLiteral(R"(CREATE TABLE subscriptions (
    name TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    cursor BIGINT NOT NULL,
    filter TEXT NOT NULL,
    created TEXT COLLATE "C" NOT NULL,
    updated TEXT COLLATE "C" NOT NULL))"),
                     QStringLiteral(R"(CREATE TABLE bus_state (
    name TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    value BIGINT NOT NULL))"),
             }},
    };
    return all;
}

} // namespace Cairn
