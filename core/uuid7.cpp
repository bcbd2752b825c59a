// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "uuid7.h"

#include <QDateTime>
#include <QMutex>
#include <QRandomGenerator>

#include <array>

namespace Cairn {

/*!
    Returns a new UUIDv7: 48 bits of Unix time in milliseconds, then a 12-bit counter
    (RFC 9562 method 1, seeded at random each millisecond) and 62 random bits. The counter
    keeps ids strictly increasing within the process even for thousands of ids per
    millisecond and when the clock steps back.
*/
QString createUuid7()
{
    static QMutex mutex;
    static qint64 lastMs = 0;
    static quint32 counter = 0;

    qint64 ms = QDateTime::currentMSecsSinceEpoch();
    quint32 seq;
    {
        QMutexLocker lock(&mutex);
        if (ms > lastMs) {
            lastMs = ms;
            // Leave headroom so a burst in one millisecond rarely exhausts the counter.
            counter = QRandomGenerator::global()->bounded(0x800u);
        } else {
            ms = lastMs;
            if (++counter > 0xfff) {
                // Borrow the next millisecond rather than repeat or go backwards.
                lastMs = ++ms;
                counter = 0;
            }
        }
        seq = counter;
    }

    const quint64 random = QRandomGenerator::global()->generate64();
    std::array<uchar, 16> b;
    for (int i = 0; i < 6; ++i)
        b[i] = uchar(quint64(ms) >> (40 - 8 * i));
    b[6] = uchar(0x70 | ((seq >> 8) & 0x0f));
    b[7] = uchar(seq);
    b[8] = uchar(0x80 | ((random >> 56) & 0x3f));
    for (int i = 9; i < 16; ++i)
        b[i] = uchar(random >> (8 * (15 - i)));

    static const char hex[] = "0123456789abcdef";
    QString text(36, Qt::Uninitialized);
    QChar *out = text.data();
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            *out++ = QLatin1Char('-');
        *out++ = QLatin1Char(hex[b[i] >> 4]);
        *out++ = QLatin1Char(hex[b[i] & 0x0f]);
    }
    return text;
}

} // namespace Cairn
