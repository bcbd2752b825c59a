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
            // The job queue of the scheduler. A row per job node (same id), holding what the
            // claim orders and filters by, the lease (owner, complete-by time, heartbeat) and
            // the record of the last attempt; spec is the JSON the runtime gets. clients
            // holds each client's priority and how many unfinished jobs it may queue.
            {3,
             {
                     QStringLiteral(R"(CREATE TABLE jobs (
    id TEXT PRIMARY KEY NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
    run_id TEXT NOT NULL,
    name TEXT NOT NULL,
    client TEXT NOT NULL,
    client_priority INTEGER NOT NULL,
    run_priority INTEGER NOT NULL,
    stage_index INTEGER NOT NULL,
    job_priority INTEGER NOT NULL,
    job_order INTEGER NOT NULL,
    kind TEXT NOT NULL,
    state TEXT NOT NULL,
    result TEXT,
    stage_open INTEGER NOT NULL,
    attempt INTEGER NOT NULL,
    max_attempts INTEGER NOT NULL,
    allow_failure INTEGER NOT NULL,
    timeout_ms INTEGER NOT NULL,
    lease_owner TEXT,
    complete_by TEXT,
    heartbeat TEXT,
    scheduled TEXT NOT NULL,
    started TEXT,
    ended TEXT,
    exit_code INTEGER,
    failure TEXT,
    correlation_id TEXT,
    spec TEXT NOT NULL))"),
                     QStringLiteral("CREATE INDEX jobs_claim ON jobs(state, stage_open, "
                                    "client_priority, run_priority, stage_index, job_priority, "
                                    "job_order, id)"),
                     QStringLiteral("CREATE INDEX jobs_run ON jobs(run_id, stage_index)"),
                     QStringLiteral("CREATE INDEX jobs_lease ON jobs(state, complete_by)"),
                     QStringLiteral("CREATE INDEX jobs_client ON jobs(client, state)"),
                     QStringLiteral(R"(CREATE TABLE clients (
    id TEXT PRIMARY KEY NOT NULL,
    priority INTEGER NOT NULL,
    queue_size INTEGER NOT NULL))"),
             },
             {
                     QStringLiteral(R"(CREATE TABLE jobs (
    id TEXT COLLATE "C" PRIMARY KEY NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
    run_id TEXT COLLATE "C" NOT NULL,
    name TEXT COLLATE "C" NOT NULL,
    client TEXT COLLATE "C" NOT NULL,
    client_priority INTEGER NOT NULL,
    run_priority INTEGER NOT NULL,
    stage_index INTEGER NOT NULL,
    job_priority INTEGER NOT NULL,
    job_order INTEGER NOT NULL,
    kind TEXT COLLATE "C" NOT NULL,
    state TEXT COLLATE "C" NOT NULL,
    result TEXT COLLATE "C",
    stage_open INTEGER NOT NULL,
    attempt INTEGER NOT NULL,
    max_attempts INTEGER NOT NULL,
    allow_failure INTEGER NOT NULL,
    timeout_ms BIGINT NOT NULL,
    lease_owner TEXT COLLATE "C",
    complete_by TEXT COLLATE "C",
    heartbeat TEXT COLLATE "C",
    scheduled TEXT COLLATE "C" NOT NULL,
    started TEXT COLLATE "C",
    ended TEXT COLLATE "C",
    exit_code INTEGER,
    failure TEXT,
    correlation_id TEXT COLLATE "C",
    spec TEXT NOT NULL))"),
                     QStringLiteral("CREATE INDEX jobs_claim ON jobs(state, stage_open, "
                                    "client_priority, run_priority, stage_index, job_priority, "
                                    "job_order, id)"),
                     QStringLiteral("CREATE INDEX jobs_run ON jobs(run_id, stage_index)"),
                     QStringLiteral("CREATE INDEX jobs_lease ON jobs(state, complete_by)"),
                     QStringLiteral("CREATE INDEX jobs_client ON jobs(client, state)"),
                     QStringLiteral(R"(CREATE TABLE clients (
    id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    priority INTEGER NOT NULL,
    queue_size INTEGER NOT NULL))"),
             }},
            // The bearer tokens of the HTTP API. Only the SHA-256 of a token is kept, never the
            // token. A name is unique among the tokens not revoked, so that a client's token can
            // be replaced by a new one of the same name. priority and queue_size are set for the
            // tokens of task-pipeline clients, whose runs carry the token's name as their client.
            {4,
             {
                     QStringLiteral(R"(CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL,
    last_used TEXT,
    revoked TEXT,
    priority INTEGER,
    queue_size INTEGER))"),
                     QStringLiteral("CREATE UNIQUE INDEX api_tokens_name ON api_tokens(name) "
                                    "WHERE revoked IS NULL"),
             },
             {
                     QStringLiteral(R"(CREATE TABLE api_tokens (
    id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    name TEXT COLLATE "C" NOT NULL,
    role TEXT COLLATE "C" NOT NULL,
    hash TEXT COLLATE "C" NOT NULL UNIQUE,
    created TEXT COLLATE "C" NOT NULL,
    last_used TEXT COLLATE "C",
    revoked TEXT COLLATE "C",
    priority INTEGER,
    queue_size BIGINT))"),
                     QStringLiteral("CREATE UNIQUE INDEX api_tokens_name ON api_tokens(name) "
                                    "WHERE revoked IS NULL"),
             }},
            // Leases on roles only one process may hold at a time, such as running the rules
            // and the supervisor when several share the database. expires is fixed-width UTC.
            {5,
             {
                     QStringLiteral(R"(CREATE TABLE leases (
    name TEXT PRIMARY KEY NOT NULL,
    owner TEXT NOT NULL,
    expires TEXT NOT NULL))"),
             },
             {
                     QStringLiteral(R"(CREATE TABLE leases (
    name TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    owner TEXT COLLATE "C" NOT NULL,
    expires TEXT COLLATE "C" NOT NULL))"),
             }},
            // Where a run's jobs stand without reading its rows: the lowest stage with READY or
            // IN_PROGRESS jobs is the first entry under (run, state), and the failed jobs are
            // counted from the entries alone. RunState::summary() reads it after every change.
            {6,
             {
                     QStringLiteral("CREATE INDEX jobs_run_state ON jobs(run_id, state, "
                                    "stage_index, result, allow_failure)"),
             },
             {
                     QStringLiteral("CREATE INDEX jobs_run_state ON jobs(run_id, state, "
                                    "stage_index, result, allow_failure)"),
             }},
            // A database that mirrors another Cairn (the desktop app attached to a cairnd):
            // which one, and the sequence of the last of its events applied here, written
            // in the transaction that applies it so that a reconnect resumes right after.
            {7,
             {
                     QStringLiteral(R"(CREATE TABLE mirror_state (
    remote TEXT PRIMARY KEY NOT NULL,
    sequence INTEGER NOT NULL,
    synced TEXT NOT NULL))"),
             },
             {
                     QStringLiteral(R"(CREATE TABLE mirror_state (
    remote TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    sequence BIGINT NOT NULL,
    synced TEXT COLLATE "C" NOT NULL))"),
             }},
    };
    return all;
}

} // namespace Cairn
