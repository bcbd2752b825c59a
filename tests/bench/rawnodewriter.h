// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "rawsqlite.h"
#include "workload.h"

#include <QString>

#include <random>
#include <string>
#include <unordered_map>

namespace CairnBench {

/*
 * The reference for NodeStore::createBatch: the same algorithm and the same rows (a node
 * and its cairn.node.created event, byte for byte but for ids and times) written the way a
 * careful C programmer would, with prepared sqlite3 statements and reused buffers. Parents
 * are looked up once per transaction, as the store does, so single creates pay the same read.
 */
class RawNodeWriter
{
public:
    // Opens a database whose schema Cairn created, with the pragmas Cairn sets; source is
    // the CloudEvents source the store writes.
    [[nodiscard]] bool open(const QString &file, const QString &source);
    [[nodiscard]] bool begin();
    [[nodiscard]] bool commit();
    [[nodiscard]] bool write(const Workload &workload, const Workload::Spec &spec);
    QString errorString() const;

private:
    struct Placement
    {
        std::string path; // "/root/child/name"
        std::string lineage; // "/id/id/id/"
        std::string pathJson; // "\"root\",\"child\",\"name\"", the event's path array inside
        int depth = 0;
    };

    const Placement *parentPlacement(const QByteArray &id);
    void newUuid7(char *out);
    void nowText(char *out);

    RawSqlite m_db;
    RawSqlite::Statement m_selectParent;
    RawSqlite::Statement m_insertNode;
    RawSqlite::Statement m_insertEvent;
    QString m_error;
    std::string m_source;
    std::unordered_map<std::string, Placement> m_placements;

    std::mt19937_64 m_random{std::random_device{}()};
    qint64 m_lastMs = 0;
    quint32 m_counter = 0;

    // Reused for every row, so the steady state allocates nothing.
    Placement m_place;
    std::string m_data;
    std::string m_event;
};

} // namespace CairnBench
