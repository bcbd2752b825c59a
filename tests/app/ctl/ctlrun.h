// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTest>

// What the cairnctl end-to-end suites share: one run's result, command lines written as one
// string, and checks that show the output when a run did not end as expected.

// What one run of cairnctl gave.
struct CtlRun
{
    int exitCode = -1;
    QString out;
    QString err;

    QStringList lines() const { return out.split(u'\n', Qt::SkipEmptyParts); }
    QString describe() const
    {
        return QStringLiteral("exit code %1\n--- stdout:\n%2--- stderr:\n%3")
                .arg(exitCode)
                .arg(out, err);
    }
};

// The environment cairnctl runs in under test: no CAIRN_DB, no cairnd's URL or token, and
// the default database in the test's folder (dataDir), never in the user's.
inline QProcessEnvironment ctlEnvironment(const QString &dataDir)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"CAIRN_DB", "CAIRN_URL", "CAIRN_TOKEN", "CAIRN_CA", "CAIRN_SECRETS"})
        environment.remove(QString::fromLatin1(name));
    environment.insert(QStringLiteral("XDG_DATA_HOME"), dataDir);
    return environment;
}

// A command line written as one string: words("node find kind=device").
inline QStringList words(const char *text)
{
    return QString::fromUtf8(text).split(u' ', Qt::SkipEmptyParts);
}

// The exit code, and the output to read when it is not the one expected. Each macro
// evaluates its argument once: a run is not to be repeated.
#define QCOMPARE_EXIT(expression, code) \
    do { \
        const auto checked = (expression); \
        QVERIFY2(checked.exitCode == (code), qPrintable(checked.describe())); \
    } while (false)
// Success says nothing on standard error: no warning or notice slipped out.
#define QVERIFY_OK(expression) \
    do { \
        const auto checked = (expression); \
        QVERIFY2(checked.exitCode == 0 && checked.err.isEmpty(), qPrintable(checked.describe())); \
    } while (false)
