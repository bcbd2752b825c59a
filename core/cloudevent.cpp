// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "cloudevent.h"

#include "node.h"

#include <QCoreApplication>

namespace Cairn {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Cairn::CloudEvent", text);
}

constexpr int MaxAttributeLength = 1024;

} // namespace

QJsonObject CloudEvent::toJson() const
{
    QJsonObject json{
            {QStringLiteral("specversion"), QStringLiteral("1.0")},
            {QStringLiteral("id"), id},
            {QStringLiteral("source"), source},
            {QStringLiteral("type"), type},
            {QStringLiteral("time"), Node::timeToText(time)},
            {QStringLiteral("datacontenttype"), QStringLiteral("application/json")},
            {QStringLiteral("data"), data},
    };
    if (!subject.isEmpty())
        json.insert(QStringLiteral("subject"), subject);
    if (sequence > 0)
        json.insert(QStringLiteral("sequence"), QString::number(sequence));
    return json;
}

/*!
    Reads an event in the CloudEvents 1.0 JSON format. id and time may be left out for the
    bus to fill in; the sequence is the bus's and is read only to give stored events back.
*/
Result<CloudEvent> CloudEvent::fromJson(const QJsonObject &json)
{
    const QJsonValue version = json.value(QStringLiteral("specversion"));
    if (!version.isUndefined() && version != QJsonValue(QStringLiteral("1.0")))
        return Error::invalid(QStringLiteral("specversion"),
                              tr("only CloudEvents 1.0 is understood"));

    CloudEvent event;
    const auto text = [&](const char *name, QString *out) -> Status {
        const QJsonValue value = json.value(QLatin1String(name));
        if (value.isUndefined() || value.isNull())
            return Done{};
        if (!value.isString())
            return Error::invalid(QString::fromLatin1(name), tr("must be a string"));
        *out = value.toString();
        return Done{};
    };
    QString time, sequence, contentType;
    for (const Status &s :
         {text("id", &event.id), text("source", &event.source), text("type", &event.type),
          text("subject", &event.subject), text("time", &time), text("sequence", &sequence),
          text("datacontenttype", &contentType)}) {
        if (!s)
            return s.error();
    }
    if (!contentType.isEmpty() && !contentType.startsWith(QLatin1String("application/json")))
        return Error::invalid(QStringLiteral("datacontenttype"),
                              tr("only application/json data is understood"));
    if (!time.isEmpty()) {
        event.time = Node::timeFromText(time);
        if (!event.time.isValid())
            return Error::invalid(QStringLiteral("time"),
                                  tr("\"%1\" is not an RFC 3339 time").arg(time));
    }
    if (!sequence.isEmpty())
        event.sequence = sequence.toLongLong();
    event.data = json.value(QStringLiteral("data"));
    if (event.data.isUndefined())
        event.data = QJsonValue::Null;
    return event;
}

Status CloudEvent::validate() const
{
    // Reverse-DNS style types, as CloudEvents recommends: "cairn.node.created". Checked by
    // hand: every published event passes here.
    const auto typeChar = [](QChar c, bool first) {
        const char16_t u = c.unicode();
        const bool alnum = (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z')
                || (u >= u'0' && u <= u'9');
        return alnum || (!first && (u == u'.' || u == u'_' || u == u':' || u == u'-'));
    };
    if (type.isEmpty())
        return Error::invalid(QStringLiteral("type"), tr("is required"));
    bool wellFormed = type.size() <= 255;
    for (qsizetype i = 0; wellFormed && i < type.size(); ++i)
        wellFormed = typeChar(type.at(i), i == 0);
    if (!wellFormed)
        return Error::invalid(QStringLiteral("type"),
                              tr("\"%1\" is not an event type: letters, digits and . _ : -, "
                                 "at most 255")
                                      .arg(type));
    if (source.isEmpty())
        return Error::invalid(QStringLiteral("source"), tr("is required"));
    for (const auto &[name, value] :
         {std::pair{"source", &source}, std::pair{"subject", &subject}, std::pair{"id", &id}}) {
        if (value->size() > MaxAttributeLength)
            return Error::invalid(QString::fromLatin1(name),
                                  tr("is longer than %1 characters").arg(MaxAttributeLength));
        for (const QChar c : *value) {
            if (c.category() == QChar::Other_Control)
                return Error::invalid(QString::fromLatin1(name),
                                      tr("must not contain control characters"));
        }
    }
    return Done{};
}

} // namespace Cairn
