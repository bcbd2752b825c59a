// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "testbackends.h"

#include <database.h>

#include <QTest>

namespace CairnTest {

void TestBackends::addRows()
{
    QTest::addColumn<QString>("backend");
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
    QTest::newRow("postgresql") << QStringLiteral("postgresql");
}

bool TestBackends::start()
{
    if (!m_postgres.start()) {
        m_error = m_postgres.errorString();
        return false;
    }
    return true;
}

QString TestBackends::freshUrl(const QString &backend)
{
    const QString name = QStringLiteral("t%1").arg(++m_count);
    if (backend == QLatin1String("sqlite"))
        return QStringLiteral("sqlite:") + m_dir.filePath(name + QStringLiteral(".db"));
    const QString url = m_postgres.createDatabase(name);
    if (url.isEmpty())
        m_error = m_postgres.errorString();
    return url;
}

std::unique_ptr<Cairn::Database> TestBackends::open(const QString &backend)
{
    const QString url = freshUrl(backend);
    if (url.isEmpty())
        return {};
    auto db = std::make_unique<Cairn::Database>();
    if (!db->open(url)) {
        m_error = db->errorString();
        return {};
    }
    return db;
}

} // namespace CairnTest
