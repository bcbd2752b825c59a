// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QList>
#include <QStringList>

class QTextStream;

namespace CairnCtl {

/*
 * Rows of text cells printed in aligned columns, two spaces apart, like ps or kubectl.
 */
class TextTable
{
public:
    void setHeader(const QStringList &header) { m_header = header; }
    void addRow(const QStringList &cells) { m_rows.append(cells); }
    bool isEmpty() const { return m_rows.isEmpty(); }

    void print(QTextStream &out) const;

private:
    void printRow(QTextStream &out, const QStringList &cells, const QList<qsizetype> &widths) const;

    QStringList m_header;
    QList<QStringList> m_rows;
};

} // namespace CairnCtl
