// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "console.h"

#include "error.h"

#include <cstdio>

namespace CairnCtl {

Console::Console()
    : m_out(stdout, QIODeviceBase::WriteOnly), m_err(stderr, QIODeviceBase::WriteOnly)
{ }

Console::~Console()
{
    m_out.flush();
    m_err.flush();
}

/*!
    Prints \a document indented, the form people and jq both read.
*/
void Console::printJson(const QJsonDocument &document)
{
    m_out << QString::fromUtf8(document.toJson(QJsonDocument::Indented));
}

/*!
    Prints \a error and returns the exit code its kind stands for.
*/
int Console::fail(const Cairn::Error &error)
{
    printError(error.toString());
    return exitCodeFor(error);
}

/*!
    Prints \a message with a pointer to the help of \a command ("node add"; empty for the
    top level) and returns ExitUsage.
*/
int Console::usageError(const QString &message, const QString &command)
{
    printError(message);
    const QString help = command.isEmpty() ? QCoreApplication::applicationName()
                                           : QCoreApplication::applicationName() + u' ' + command;
    m_err << tr("Try '%1 --help'.").arg(help) << Qt::endl;
    return ExitUsage;
}

int Console::databaseError(const QString &message)
{
    printError(message);
    return ExitDatabase;
}

int Console::exitCodeFor(const Cairn::Error &error)
{
    switch (error.code) {
    case Cairn::Error::NotFound:
    case Cairn::Error::Conflict:
        return ExitFailed;
    case Cairn::Error::Invalid:
        return ExitUsage;
    case Cairn::Error::Database:
    case Cairn::Error::Unsupported:
        return ExitDatabase;
    }
    return ExitDatabase;
}

void Console::printError(const QString &message)
{
    // Whatever was written to standard output so far goes first, as the order happened.
    m_out.flush();
    m_err << QCoreApplication::applicationName() << QStringLiteral(": ") << message << Qt::endl;
}

void Console::printFields(const QList<std::pair<QString, QString>> &fields, int keyWidth)
{
    for (const auto &[key, value] : fields)
        m_out << QString(key + u':').leftJustified(keyWidth) << value << u'\n';
}

QString Console::indented(const QByteArray &json, const QString &indent)
{
    QStringList lines = QString::fromUtf8(json).trimmed().split(u'\n');
    for (QString &line : lines)
        line.prepend(indent);
    return lines.join(u'\n');
}

QString Console::orDash(const QString &text)
{
    return text.isEmpty() ? QStringLiteral("-") : text;
}

} // namespace CairnCtl
