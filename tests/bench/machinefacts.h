// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

class QTextStream;

namespace CairnBench {

/*
 * What a benchmark's figures were measured on, printed above them: a figure means little
 * without the build type, the machine and how busy it was.
 */
class MachineFacts
{
public:
    // Date, build (type, compiler, assertions), Qt and the SQLite of its driver, CPU, load
    // now, OS, and the file system of dir with what it holds (note).
    static MachineFacts collect(const QString &dir, const QString &storageNote = {});

    // "0.52 0.61 0.70": the 1, 5 and 15 minute load averages.
    static QString loadAverage();
    // The SQLite that Qt's driver runs, which may differ from one a program links itself.
    static QString qtSqliteVersion();

    void add(const QString &key, const QString &label, const QString &value);
    // Replaces the value of key, or adds it.
    void set(const QString &key, const QString &label, const QString &value);

    void print(QTextStream &out) const; // aligned "  Label  value" lines
    QJsonObject toJson() const; // key -> value

private:
    struct Fact
    {
        QString key;
        QString label;
        QString value;
    };
    QList<Fact> m_facts;
};

} // namespace CairnBench
