// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "postgresserver.h"

#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace Cairn {
class Database;
}

namespace CairnTest {

/*
 * Runs a suite against every database Cairn supports: SQLite files in a temporary folder and
 * a real PostgreSQL started on loopback for the suite. Use addRows() in initTestCase_data()
 * so that every test function runs once per database.
 */
class TestBackends
{
public:
    static void addRows(); // a "backend" column with rows "sqlite" and "postgresql"

    [[nodiscard]] bool start(); // starts PostgreSQL
    QString errorString() const { return m_error; }
    PostgresServer &postgres() { return m_postgres; }

    // The URL of a new, empty database of backend.
    QString freshUrl(const QString &backend);
    // A new, empty, open database of backend; null on failure (see errorString()).
    std::unique_ptr<Cairn::Database> open(const QString &backend);

private:
    PostgresServer m_postgres;
    QTemporaryDir m_dir;
    int m_count = 0;
    QString m_error;
};

} // namespace CairnTest
