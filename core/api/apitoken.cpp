// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "apitoken.h"

#include "node.h"

#include <QRegularExpression>

namespace Cairn {

namespace {

QJsonValue timeOrNull(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(Node::timeToText(time)) : QJsonValue();
}

} // namespace

/*!
    The token as the API and cairnctl show it. The secret is never part of it: only
    TokenStore::create() ever sees it, once.
*/
QJsonObject ApiToken::toJson() const
{
    QJsonValue client;
    if (isClient())
        client = QJsonObject{{QStringLiteral("priority"), priority.value_or(10)},
                             {QStringLiteral("queue_size"), queueSize.value_or(0)}};
    return {
            {QStringLiteral("id"), id},
            {QStringLiteral("name"), name},
            {QStringLiteral("role"), roleName(role)},
            {QStringLiteral("created"), timeOrNull(created)},
            {QStringLiteral("last_used"), timeOrNull(lastUsed)},
            {QStringLiteral("revoked"), timeOrNull(revoked)},
            {QStringLiteral("client"), client},
    };
}

/*!
    Reads a token as toJson() writes it, as clients of the API get it; nothing when \a json
    has no id, no name or no known role.
*/
std::optional<ApiToken> ApiToken::fromJson(const QJsonObject &json)
{
    ApiToken token;
    token.id = json.value(QStringLiteral("id")).toString();
    token.name = json.value(QStringLiteral("name")).toString();
    const auto role = roleFromName(json.value(QStringLiteral("role")).toString());
    if (token.id.isEmpty() || token.name.isEmpty() || !role)
        return std::nullopt;
    token.role = *role;
    token.created = Node::timeFromText(json.value(QStringLiteral("created")).toString());
    token.lastUsed = Node::timeFromText(json.value(QStringLiteral("last_used")).toString());
    token.revoked = Node::timeFromText(json.value(QStringLiteral("revoked")).toString());
    const QJsonValue client = json.value(QStringLiteral("client"));
    if (client.isObject()) {
        token.priority = client.toObject().value(QStringLiteral("priority")).toInt(10);
        token.queueSize = client.toObject().value(QStringLiteral("queue_size")).toInteger(0);
    }
    return token;
}

QString ApiToken::roleName(Role role)
{
    switch (role) {
    case Role::Viewer:
        return QStringLiteral("viewer");
    case Role::Operator:
        return QStringLiteral("operator");
    case Role::Admin:
        return QStringLiteral("admin");
    }
    return {};
}

std::optional<ApiToken::Role> ApiToken::roleFromName(QStringView name)
{
    for (Role role : {Role::Viewer, Role::Operator, Role::Admin}) {
        if (name == roleName(role))
            return role;
    }
    return std::nullopt;
}

bool ApiToken::isValidName(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"));
    return pattern.match(name).hasMatch();
}

} // namespace Cairn
