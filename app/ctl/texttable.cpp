// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "texttable.h"

#include <QTextStream>

namespace CairnCtl {

void TextTable::print(QTextStream &out) const
{
    QList<qsizetype> widths;
    auto measure = [&widths](const QStringList &cells) {
        if (widths.size() < cells.size())
            widths.resize(cells.size(), 0);
        for (qsizetype i = 0; i < cells.size(); ++i)
            widths[i] = std::max(widths.at(i), cells.at(i).size());
    };
    measure(m_header);
    for (const QStringList &row : m_rows)
        measure(row);

    if (!m_header.isEmpty())
        printRow(out, m_header, widths);
    for (const QStringList &row : m_rows)
        printRow(out, row, widths);
}

void TextTable::printRow(QTextStream &out, const QStringList &cells,
                         const QList<qsizetype> &widths) const
{
    QString line;
    for (qsizetype i = 0; i < cells.size(); ++i) {
        if (i > 0)
            line += QStringLiteral("  ");
        // A cell with a line break would tear the row apart.
        QString cell = cells.at(i);
        cell.replace(u'\n', u' ');
        line += cell.leftJustified(widths.at(i));
    }
    // The last column is padded too when a later row has more cells; trailing blanks are noise.
    while (line.endsWith(u' '))
        line.chop(1);
    out << line << u'\n';
}

} // namespace CairnCtl
