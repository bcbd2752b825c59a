// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "machinefacts.h"

#include <QDateTime>
#include <QFile>
#include <QLibraryInfo>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStorageInfo>
#include <QSysInfo>
#include <QTextStream>
#include <QThread>

#include <algorithm>

#ifndef CAIRN_BENCH_BUILD_TYPE
#    define CAIRN_BENCH_BUILD_TYPE ""
#endif

namespace CairnBench {

namespace {

QString compiler()
{
#if defined(__clang__)
    return QStringLiteral("Clang ") + QLatin1String(__clang_version__);
#elif defined(__GNUC__)
    return QStringLiteral("GCC ") + QLatin1String(__VERSION__);
#else
    return QStringLiteral("unknown compiler");
#endif
}

// Read whole: /proc files report a size of 0, so QFile::atEnd() is true from the start.
QByteArray procFile(const char *path)
{
    QFile file(QString::fromLatin1(path));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QString cpuModel()
{
    const QList<QByteArray> lines = procFile("/proc/cpuinfo").split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("model name"))
            return QString::fromUtf8(line.mid(line.indexOf(':') + 1).trimmed());
    }
    return QSysInfo::currentCpuArchitecture();
}

QString buildDescription()
{
    QString build = QString::fromLatin1(CAIRN_BENCH_BUILD_TYPE);
    if (build.isEmpty())
        build = QStringLiteral("(no CMAKE_BUILD_TYPE)");
#ifdef QT_NO_DEBUG
    const QString asserts = QStringLiteral("assertions off");
#else
    const QString asserts = QStringLiteral("assertions ON: figures are not representative");
#endif
    return build + QStringLiteral(", ") + compiler() + QStringLiteral(", ") + asserts;
}

} // namespace

QString MachineFacts::loadAverage()
{
    const QList<QByteArray> fields = procFile("/proc/loadavg").split(' ');
    if (fields.size() < 3)
        return QStringLiteral("unknown");
    return QString::fromLatin1(fields.mid(0, 3).join(' '));
}

QString MachineFacts::qtSqliteVersion()
{
    const QString name = QStringLiteral("bench-version");
    QString version = QStringLiteral("unknown");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(QStringLiteral(":memory:"));
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(QStringLiteral("SELECT sqlite_version()")) && query.next())
                version = query.value(0).toString();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return version;
}

MachineFacts MachineFacts::collect(const QString &dir, const QString &storageNote)
{
    MachineFacts facts;
    const QStorageInfo storage(dir);
    facts.add(QStringLiteral("date"), QStringLiteral("Date"),
              QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    facts.add(QStringLiteral("build"), QStringLiteral("Build"), buildDescription());
    facts.add(QStringLiteral("qt"), QStringLiteral("Qt"),
              QLibraryInfo::version().toString() + QStringLiteral(", SQLite ") + qtSqliteVersion()
                      + QStringLiteral(" (Qt SQL driver)"));
    facts.add(QStringLiteral("cpu"), QStringLiteral("CPU"),
              cpuModel() + QStringLiteral(", %1 threads").arg(QThread::idealThreadCount()));
    facts.add(QStringLiteral("load"), QStringLiteral("Load"),
              loadAverage() + QStringLiteral(" (1, 5, 15 min)"));
    facts.add(QStringLiteral("os"), QStringLiteral("OS"),
              QSysInfo::prettyProductName() + QStringLiteral(", kernel ")
                      + QSysInfo::kernelVersion());
    QString files = dir + QStringLiteral(" (") + QString::fromUtf8(storage.fileSystemType())
            + QLatin1Char(')');
    if (!storageNote.isEmpty())
        files += QStringLiteral(", ") + storageNote;
    facts.add(QStringLiteral("storage"), QStringLiteral("Files"), files);
    return facts;
}

void MachineFacts::add(const QString &key, const QString &label, const QString &value)
{
    m_facts.append({key, label, value});
}

void MachineFacts::set(const QString &key, const QString &label, const QString &value)
{
    for (Fact &fact : m_facts) {
        if (fact.key == key) {
            fact.label = label;
            fact.value = value;
            return;
        }
    }
    add(key, label, value);
}

void MachineFacts::print(QTextStream &out) const
{
    qsizetype labelWidth = 0;
    for (const Fact &fact : m_facts)
        labelWidth = std::max(labelWidth, fact.label.size());
    for (const Fact &fact : m_facts)
        out << QStringLiteral("  ") << fact.label.leftJustified(labelWidth) << QStringLiteral("  ")
            << fact.value << '\n';
}

QJsonObject MachineFacts::toJson() const
{
    QJsonObject json;
    for (const Fact &fact : m_facts)
        json.insert(fact.key, fact.value);
    return json;
}

} // namespace CairnBench
