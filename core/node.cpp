// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "node.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTimeZone>
#include <QUuid>

namespace Cairn {

namespace {

constexpr int MaxNameLength = 255;

QString tr(const char *text)
{
    return QCoreApplication::translate("Cairn::Node", text);
}

bool isUuid(const QString &text)
{
    return text.size() == 36 && !QUuid::fromString(text).isNull();
}

QJsonValue timeToJson(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(Node::timeToText(time)) : QJsonValue();
}

// Reads an optional string member; an error names the member when it is not a string.
bool readString(const QJsonObject &json, const QString &key, QString *out, Error *error)
{
    const QJsonValue value = json.value(key);
    if (value.isUndefined() || value.isNull())
        return true;
    if (!value.isString()) {
        *error = Error::invalid(key, tr("must be a string"));
        return false;
    }
    *out = value.toString();
    return true;
}

bool readTime(const QJsonObject &json, const QString &key, QDateTime *out, Error *error)
{
    QString text;
    if (!readString(json, key, &text, error))
        return false;
    if (text.isEmpty())
        return true;
    *out = Node::timeFromText(text);
    if (!out->isValid()) {
        *error = Error::invalid(key, tr("\"%1\" is not an ISO 8601 date and time").arg(text));
        return false;
    }
    return true;
}

} // namespace

QString Node::stateName(State state)
{
    switch (state) {
    case State::Running:
        return QStringLiteral("running");
    case State::Available:
        return QStringLiteral("available");
    case State::Closing:
        return QStringLiteral("closing");
    case State::Done:
        return QStringLiteral("done");
    }
    return {};
}

std::optional<Node::State> Node::stateFromName(QStringView name)
{
    for (State s : {State::Running, State::Available, State::Closing, State::Done}) {
        if (name == stateName(s))
            return s;
    }
    return std::nullopt;
}

QString Node::outcomeName(Outcome outcome)
{
    switch (outcome) {
    case Outcome::None:
        return QStringLiteral("none");
    case Outcome::Pass:
        return QStringLiteral("pass");
    case Outcome::Fail:
        return QStringLiteral("fail");
    case Outcome::Skip:
        return QStringLiteral("skip");
    case Outcome::Incomplete:
        return QStringLiteral("incomplete");
    }
    return {};
}

std::optional<Node::Outcome> Node::outcomeFromName(QStringView name)
{
    for (Outcome o :
         {Outcome::None, Outcome::Pass, Outcome::Fail, Outcome::Skip, Outcome::Incomplete}) {
        if (name == outcomeName(o))
            return o;
    }
    return std::nullopt;
}

/*!
    The node life cycle: running -> available | closing | done, available -> closing | done,
    closing -> done, and nothing after done. Staying in the same state is always allowed.
*/
bool Node::canTransition(State from, State to)
{
    if (from == to)
        return true;
    switch (from) {
    case State::Running:
        return true;
    case State::Available:
        return to == State::Closing || to == State::Done;
    case State::Closing:
        return to == State::Done;
    case State::Done:
        return false;
    }
    return false;
}

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
qint64 daysFromCivil(int y, int m, int d)
{
    y -= m <= 2;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = int(y - era * 400);
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

// Made once: QTimeZone::utc() looks its zone up by name each time.
const QTimeZone &utc()
{
    static const QTimeZone zone = QTimeZone::utc();
    return zone;
}

void putDigits(char *out, int value, int width)
{
    for (int i = width - 1; i >= 0; --i) {
        out[i] = char('0' + value % 10);
        value /= 10;
    }
}

} // namespace

/*!
    The store's text form of a time. Written by hand: it runs for every node and event
    written, and QDateTime::toString() goes through the locale machinery each time.
*/
QString Node::timeToText(const QDateTime &time)
{
    if (!time.isValid())
        return {};
    const qint64 msecs = time.toMSecsSinceEpoch();
    qint64 days = msecs / 86400000;
    qint64 rest = msecs % 86400000;
    if (rest < 0) {
        rest += 86400000;
        --days;
    }
    const QDate date = QDate(1970, 1, 1).addDays(days);
    if (date.year() < 0 || date.year() > 9999)
        return time.toUTC().toString(Qt::ISODateWithMs);
    char text[24];
    putDigits(text, date.year(), 4);
    text[4] = '-';
    putDigits(text + 5, date.month(), 2);
    text[7] = '-';
    putDigits(text + 8, date.day(), 2);
    text[10] = 'T';
    putDigits(text + 11, int(rest / 3600000), 2);
    text[13] = ':';
    putDigits(text + 14, int(rest / 60000 % 60), 2);
    text[16] = ':';
    putDigits(text + 17, int(rest / 1000 % 60), 2);
    text[19] = '.';
    putDigits(text + 20, int(rest % 1000), 3);
    text[23] = 'Z';
    return QString::fromLatin1(text, 24);
}

QDateTime Node::timeFromText(QStringView text)
{
    if (text.isEmpty())
        return {};
    // The store's own fixed form, read by hand: every node read has four of them.
    const auto is = [&](int i, char c) {
        return text.at(i) == QLatin1Char(c);
    };
    if (text.size() == 24 && is(4, '-') && is(7, '-') && is(10, 'T') && is(13, ':') && is(16, ':')
        && is(19, '.') && is(23, 'Z')) {
        int fields[7];
        static constexpr int at[7] = {0, 5, 8, 11, 14, 17, 20};
        static constexpr int width[7] = {4, 2, 2, 2, 2, 2, 3};
        bool ok = true;
        for (int f = 0; f < 7 && ok; ++f) {
            int value = 0;
            for (int i = 0; i < width[f]; ++i) {
                const char16_t c = text.at(at[f] + i).unicode();
                ok = ok && c >= u'0' && c <= u'9';
                value = value * 10 + (c - u'0');
            }
            fields[f] = value;
        }
        if (ok && QDate::isValid(fields[0], fields[1], fields[2]) && fields[3] < 24
            && fields[4] < 60 && fields[5] < 60) {
            const qint64 ms = daysFromCivil(fields[0], fields[1], fields[2]) * 86400000
                    + fields[3] * 3600000 + fields[4] * 60000 + fields[5] * 1000 + fields[6];
            return QDateTime::fromMSecsSinceEpoch(ms, utc());
        }
    }
    QDateTime time = QDateTime::fromString(text.toString(), Qt::ISODateWithMs);
    if (!time.isValid())
        return {};
    if (time.timeSpec() == Qt::LocalTime && !text.endsWith(QLatin1Char('Z')))
        time.setTimeZone(utc()); // no offset given: the store speaks UTC
    return QDateTime::fromMSecsSinceEpoch(time.toMSecsSinceEpoch(), utc());
}

QDateTime Node::now()
{
    return QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch(), utc());
}

QJsonObject Node::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("id"), id);
    json.insert(QStringLiteral("parent"), parent.isEmpty() ? QJsonValue() : QJsonValue(parent));
    json.insert(QStringLiteral("kind"), kind);
    json.insert(QStringLiteral("name"), name);
    json.insert(QStringLiteral("path"), QJsonArray::fromStringList(path));
    json.insert(QStringLiteral("state"), stateName(state));
    json.insert(QStringLiteral("result"),
                result == Outcome::None ? QJsonValue() : QJsonValue(outcomeName(result)));
    json.insert(QStringLiteral("data"), data);
    json.insert(QStringLiteral("artifacts"), artifacts);
    json.insert(QStringLiteral("owner"), owner.isEmpty() ? QJsonValue() : QJsonValue(owner));
    json.insert(QStringLiteral("created"), timeToJson(created));
    json.insert(QStringLiteral("updated"), timeToJson(updated));
    json.insert(QStringLiteral("timeout"), timeToJson(timeout));
    json.insert(QStringLiteral("holdoff"), timeToJson(holdoff));
    json.insert(QStringLiteral("revision"), revision);
    return json;
}

/*!
    Reads a node from JSON as toJson() writes it. Unknown members are refused, so that a
    typo does not silently drop a field; each error names the member at fault.
*/
Result<Node> Node::fromJson(const QJsonObject &json)
{
    static const QStringList known = {
            QStringLiteral("id"),      QStringLiteral("parent"),  QStringLiteral("kind"),
            QStringLiteral("name"),    QStringLiteral("path"),    QStringLiteral("state"),
            QStringLiteral("result"),  QStringLiteral("data"),    QStringLiteral("artifacts"),
            QStringLiteral("owner"),   QStringLiteral("created"), QStringLiteral("updated"),
            QStringLiteral("timeout"), QStringLiteral("holdoff"), QStringLiteral("revision"),
    };
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (!known.contains(it.key()))
            return Error::invalid(it.key(), tr("is not a node field"));
    }

    Node node;
    Error error;
    QString state, result;
    if (!readString(json, QStringLiteral("id"), &node.id, &error)
        || !readString(json, QStringLiteral("parent"), &node.parent, &error)
        || !readString(json, QStringLiteral("kind"), &node.kind, &error)
        || !readString(json, QStringLiteral("name"), &node.name, &error)
        || !readString(json, QStringLiteral("state"), &state, &error)
        || !readString(json, QStringLiteral("result"), &result, &error)
        || !readString(json, QStringLiteral("owner"), &node.owner, &error)
        || !readTime(json, QStringLiteral("created"), &node.created, &error)
        || !readTime(json, QStringLiteral("updated"), &node.updated, &error)
        || !readTime(json, QStringLiteral("timeout"), &node.timeout, &error)
        || !readTime(json, QStringLiteral("holdoff"), &node.holdoff, &error))
        return error;

    if (!state.isEmpty()) {
        const auto s = stateFromName(state);
        if (!s)
            return Error::invalid(
                    QStringLiteral("state"),
                    tr("\"%1\" is not a state (running, available, closing, done)").arg(state));
        node.state = *s;
    }
    if (!result.isEmpty()) {
        const auto r = outcomeFromName(result);
        if (!r)
            return Error::invalid(
                    QStringLiteral("result"),
                    tr("\"%1\" is not a result (pass, fail, skip, incomplete, none)").arg(result));
        node.result = *r;
    }

    for (const QString &key : {QStringLiteral("data"), QStringLiteral("artifacts")}) {
        const QJsonValue value = json.value(key);
        if (value.isUndefined() || value.isNull())
            continue;
        if (!value.isObject())
            return Error::invalid(key, tr("must be a JSON object"));
        (key == QLatin1String("data") ? node.data : node.artifacts) = value.toObject();
    }

    const QJsonValue path = json.value(QStringLiteral("path"));
    if (path.isArray()) {
        for (const QJsonValue &part : path.toArray())
            node.path.append(part.toString());
    } else if (!path.isUndefined() && !path.isNull()) {
        return Error::invalid(QStringLiteral("path"), tr("must be an array of names"));
    }

    const QJsonValue revision = json.value(QStringLiteral("revision"));
    if (!revision.isUndefined() && !revision.isNull()) {
        if (!revision.isDouble() || revision.toDouble() != double(revision.toInteger()))
            return Error::invalid(QStringLiteral("revision"), tr("must be an integer"));
        node.revision = revision.toInteger();
    }
    return node;
}

/*!
    Checks the fields a caller sets. The store calls it before every write.
*/
Status Node::validate() const
{
    static const QRegularExpression kindPattern(QStringLiteral("^[a-z][a-z0-9._-]{0,63}$"));
    if (!id.isEmpty() && !isUuid(id))
        return Error::invalid(QStringLiteral("id"), tr("\"%1\" is not a UUID").arg(id));
    if (!parent.isEmpty() && !isUuid(parent))
        return Error::invalid(QStringLiteral("parent"), tr("\"%1\" is not a UUID").arg(parent));
    if (kind.isEmpty())
        return Error::invalid(QStringLiteral("kind"), tr("is required"));
    if (!kindPattern.match(kind).hasMatch())
        return Error::invalid(QStringLiteral("kind"),
                              tr("\"%1\" is not a kind: lower-case letters, digits, '.', '_' "
                                 "and '-', starting with a letter, at most 64")
                                      .arg(kind));
    if (name.isEmpty())
        return Error::invalid(QStringLiteral("name"), tr("is required"));
    if (name.size() > MaxNameLength)
        return Error::invalid(QStringLiteral("name"),
                              tr("is longer than %1 characters").arg(MaxNameLength));
    for (const QChar c : name) {
        if (c == QLatin1Char('/') || c.category() == QChar::Other_Control)
            return Error::invalid(QStringLiteral("name"),
                                  tr("must not contain '/' or control characters"));
    }
    if (owner.size() > MaxNameLength)
        return Error::invalid(QStringLiteral("owner"),
                              tr("is longer than %1 characters").arg(MaxNameLength));
    for (auto it = artifacts.begin(); it != artifacts.end(); ++it) {
        if (!it.value().isString() || it.value().toString().isEmpty())
            return Error::invalid(QStringLiteral("artifacts.") + it.key(),
                                  tr("must be a URL string"));
    }
    return Done{};
}

} // namespace Cairn
