// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "eventprinter.h"

#include "console.h"
#include "node.h"
#include "texttable.h"

#include <QJsonArray>

using Cairn::CloudEvent;

namespace CairnCtl {

namespace {

// Enough to recognise an event's data, short enough that a row of the table with a typical
// type and source still fits a terminal line; --json gives all of it.
constexpr qsizetype DataWidth = 60;

} // namespace

EventPrinter::EventPrinter(Console &console) : m_console(console) { }

void EventPrinter::printEvent(const CloudEvent &event)
{
    if (m_console.json()) {
        m_console.printJson(QJsonDocument(event.toJson()));
        return;
    }

    const QList<std::pair<QString, QString>> fields{
            {QStringLiteral("sequence"), QString::number(event.sequence)},
            {QStringLiteral("id"), event.id},
            {QStringLiteral("type"), event.type},
            {QStringLiteral("source"), event.source},
            {QStringLiteral("subject"), Console::orDash(event.subject)},
            {QStringLiteral("time"), Cairn::Node::timeToText(event.time)},
    };
    constexpr int KeyWidth = 10;
    m_console.printFields(fields, KeyWidth);
    QTextStream &out = m_console.out();

    out << QStringLiteral("data:");
    if (event.data.isObject() || event.data.isArray()) {
        // A JSON document holds only objects and arrays; scalars fit on the line anyway.
        const QJsonDocument document = event.data.isObject() ? QJsonDocument(event.data.toObject())
                                                             : QJsonDocument(event.data.toArray());
        out << u'\n'
            << Console::indented(document.toJson(QJsonDocument::Indented), QStringLiteral("  "));
    } else {
        out << QString(KeyWidth - 5, u' ') << shortData(event.data, -1);
    }
    out << u'\n';
}

void EventPrinter::printHistory(const QList<CloudEvent> &events, int limit)
{
    if (m_console.json()) {
        QJsonArray items;
        for (const CloudEvent &event : events)
            items.append(event.toJson());
        m_console.printJson(QJsonDocument(items));
        return;
    }

    QTextStream &out = m_console.out();
    if (!events.isEmpty()) {
        TextTable table;
        table.setHeader(
                {tr("SEQ"), tr("TIME"), tr("TYPE"), tr("SOURCE"), tr("SUBJECT"), tr("DATA")});
        for (const CloudEvent &event : events)
            table.addRow(cells(event));
        table.print(out);
    }
    QString footer = events.size() == 1 ? tr("1 event") : tr("%1 events").arg(events.size());
    if (!events.isEmpty() && events.size() >= limit)
        footer += u' '
                + tr("(the limit; more may follow: --since %1)").arg(events.constLast().sequence);
    out << footer << u'\n';
}

void EventPrinter::printLine(const CloudEvent &event)
{
    QTextStream &out = m_console.out();
    if (m_console.json())
        out << QString::fromUtf8(QJsonDocument(event.toJson()).toJson(QJsonDocument::Compact));
    else
        out << cells(event).join(QStringLiteral("  "));
    out << u'\n';
}

QString EventPrinter::shortData(const QJsonValue &data, qsizetype width)
{
    if (data.isNull() || data.isUndefined())
        return QStringLiteral("-");
    // Wrapped in an array, since a JSON document cannot hold a scalar.
    QString text = QString::fromUtf8(
            QJsonDocument(QJsonArray{data}).toJson(QJsonDocument::Compact));
    text = text.mid(1, text.size() - 2);
    if (width > 0 && text.size() > width)
        text = text.left(width - 1) + u'…';
    return text;
}

QStringList EventPrinter::cells(const CloudEvent &event)
{
    return {QString::number(event.sequence),
            Cairn::Node::timeToText(event.time),
            event.type,
            event.source,
            Console::orDash(event.subject),
            shortData(event.data, DataWidth)};
}

} // namespace CairnCtl
