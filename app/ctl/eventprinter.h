// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "cloudevent.h"

#include <QCoreApplication>
#include <QList>

namespace CairnCtl {

class Console;

/*
 * Prints events the way the console asks for: readable text, or CloudEvents JSON for
 * programs.
 */
class EventPrinter
{
    Q_DECLARE_TR_FUNCTIONS(CairnCtl::EventPrinter)
public:
    explicit EventPrinter(Console &console);

    // Every attribute, one per line; data as indented JSON.
    void printEvent(const Cairn::CloudEvent &event);
    // A table, one event per row, and a footer; limit is the most that were asked for, so
    // that a full page can say that more may follow.
    void printHistory(const QList<Cairn::CloudEvent> &events, int limit);
    // One line per event, as "event tail" prints them: the columns of the history table,
    // or one compact JSON object (JSON Lines).
    void printLine(const Cairn::CloudEvent &event);

    // data as compact JSON, cut to at most width characters; "-" for none.
    static QString shortData(const QJsonValue &data, qsizetype width);

private:
    static QStringList cells(const Cairn::CloudEvent &event);

    Console &m_console;
};

} // namespace CairnCtl
