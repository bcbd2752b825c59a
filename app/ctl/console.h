// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QCoreApplication>
#include <QJsonDocument>
#include <QList>
#include <QTextStream>

namespace Cairn {
struct Error;
}

namespace CairnCtl {

// What the shell sees; scripts branch on these, so they are part of the interface.
enum ExitCode : int {
    ExitOk = 0,
    ExitFailed = 1, // not found, or a conflicting change
    ExitUsage = 2, // bad usage or invalid input
    ExitDatabase = 3, // the database could not be opened, or failed
};

/*
 * Standard output for results, standard error for messages, and the choice between text
 * and JSON that every command follows.
 */
class Console
{
    Q_DECLARE_TR_FUNCTIONS(CairnCtl::Console)
public:
    Console();
    ~Console();
    Console(const Console &) = delete;
    Console &operator=(const Console &) = delete;

    QTextStream &out() { return m_out; }
    bool json() const { return m_json; }
    void setJson(bool json) { m_json = json; }

    void printJson(const QJsonDocument &document);
    // "key:     value" lines, the keys padded to keyWidth, as "node get" and "event send" print.
    void printFields(const QList<std::pair<QString, QString>> &fields, int keyWidth);
    // Every line of json with indent in front.
    static QString indented(const QByteArray &json, const QString &indent);
    // "-" for what is not set, so that a column or field is never blank.
    static QString orDash(const QString &text);

    // Each prints "cairnctl: message" on standard error and gives the exit code to return.
    int fail(const Cairn::Error &error);
    int usageError(const QString &message, const QString &command);
    int databaseError(const QString &message);

    static int exitCodeFor(const Cairn::Error &error);

private:
    void printError(const QString &message);

    QTextStream m_out;
    QTextStream m_err;
    bool m_json = false;
};

} // namespace CairnCtl
