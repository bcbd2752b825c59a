// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "nodewriter_p.h"

#include "database.h"
#include "nodesql_p.h"
#include "sqlstatement_p.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace Cairn {

namespace {

// The event types NodeStore writes, so that subscribers cannot tell who wrote a node.
const QString Created = QStringLiteral("cairn.node.created");
const QString Updated = QStringLiteral("cairn.node.updated");

void bindOutcome(SqlStatement &statement, int index, Node::Outcome outcome)
{
    if (outcome == Node::Outcome::None)
        statement.bindNull(index);
    else
        statement.bind(index, Node::outcomeName(outcome));
}

} // namespace

NodeWriter::NodeWriter(Database &database, const QString &source)
    : m_db(database), m_outbox(database, source)
{ }

/*!
    The Error of a failed statement: a duplicate id is a Conflict, the rest the database's.
*/
Error NodeWriter::failure(const QSqlQuery &query)
{
    const QSqlError error = query.lastError();
    const QString code = error.nativeErrorCode();
    // SQLite: 1555 primary key, 2067 unique; PostgreSQL: 23505 unique violation.
    if (code == QLatin1String("1555") || code == QLatin1String("2067")
        || code == QLatin1String("23505"))
        return Error::conflict(tr("A node with this id already exists."));
    const QString text = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    return Error::database(text.trimmed());
}

Error NodeWriter::failure(const SqlStatement &statement)
{
    // SQLite's extended codes: 1555 primary key, 2067 unique; PostgreSQL: 23505.
    const QString code = statement.nativeCode();
    if (code == QLatin1String("1555") || code == QLatin1String("2067")
        || code == QLatin1String("23505"))
        return Error::conflict(tr("A node with this id already exists."));
    return Error::database(statement.errorText());
}

void NodeWriter::bindTextOrNull(SqlStatement &statement, int index, const QString &text)
{
    if (text.isEmpty())
        statement.bindNull(index);
    else
        statement.bind(index, text);
}

QVariant NodeWriter::textOrNull(const QString &text)
{
    return text.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text);
}

std::shared_ptr<SqlStatement> NodeWriter::statement(const QString &sql, Error *error)
{
    QString why;
    std::shared_ptr<SqlStatement> query = m_db.statement(sql, &why);
    if (!query)
        *error = Error::database(why);
    return query;
}

Status NodeWriter::lock()
{
    QString why;
    if (!m_outbox.lock(&why))
        return Error::database(why);
    return Done{};
}

Result<Node> NodeWriter::get(const QString &id)
{
    Error error;
    const auto query = statement(QStringLiteral("SELECT ") + NodeSql::columns()
                                         + QStringLiteral(" FROM nodes WHERE id = ?"),
                                 &error);
    if (!query)
        return error;
    query->bind(0, id);
    if (!query->exec())
        return failure(*query);
    if (!query->next())
        return Error::notFound(tr("There is no node %1.").arg(id));
    Node node = NodeSql::readNode(*query);
    query->finish();
    return node;
}

/*!
    Inserts node and its cairn.node.created event. The parent must exist or have been
    inserted through this writer before.
*/
Result<Node> NodeWriter::insert(const Node &input)
{
    if (Status valid = input.validate(); !valid)
        return valid.error();
    Node node = input;
    NodeSql::Placement parent;
    const bool hasParent = !node.parent.isEmpty();
    if (hasParent) {
        auto it = m_placements.constFind(node.parent);
        if (it == m_placements.cend()) {
            Error error;
            const auto query = statement(
                    QStringLiteral("SELECT path, lineage, depth FROM nodes WHERE id = ?"), &error);
            if (!query)
                return error;
            query->bind(0, node.parent);
            if (!query->exec())
                return failure(*query);
            if (!query->next())
                return Error{Error::NotFound,
                             tr("There is no node %1.").arg(node.parent),
                             QStringLiteral("parent"),
                             {}};
            it = m_placements.insert(node.parent,
                                     {query->text(0), query->text(1), int(query->integer(2))});
            query->finish();
        }
        parent = *it;
    }
    const NodeSql::Placement place = NodeSql::placeUnder(hasParent ? &parent : nullptr, node);
    node.path = NodeSql::pathFromText(place.path);
    node.created = node.updated = Node::now();
    node.revision = 1;
    const QString createdText = Node::timeToText(node.created);
    const QByteArray dataJson = NodeSql::jsonBytes(node.data);
    const QByteArray artifactsJson = NodeSql::jsonBytes(node.artifacts);

    const QString json = NodeSql::jsonParameter(m_db.dialect());
    Error error;
    const auto insert = statement(
            QStringLiteral("INSERT INTO nodes (id, parent, kind, name, path, lineage, depth, "
                           "state, result, data, artifacts, owner, created, updated, timeout, "
                           "holdoff, revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ")
                    + json + QStringLiteral(", ") + json + QStringLiteral(", ?, ?, ?, ?, ?, 1)"),
            &error);
    if (!insert)
        return error;
    insert->bind(0, node.id);
    bindTextOrNull(*insert, 1, node.parent);
    insert->bind(2, node.kind);
    insert->bind(3, node.name);
    insert->bind(4, place.path);
    insert->bind(5, place.lineage);
    insert->bind(6, place.depth);
    insert->bind(7, Node::stateName(node.state));
    bindOutcome(*insert, 8, node.result);
    insert->bindUtf8(9, dataJson);
    insert->bindUtf8(10, artifactsJson);
    bindTextOrNull(*insert, 11, node.owner);
    insert->bind(12, createdText);
    insert->bind(13, createdText);
    bindTextOrNull(*insert, 14, Node::timeToText(node.timeout));
    bindTextOrNull(*insert, 15, Node::timeToText(node.holdoff));
    if (!insert->exec())
        return failure(*insert);
    if (Status held = hold(Created, node.id, createdText,
                           NodeSql::nodeJson(node, dataJson, artifactsJson));
        !held)
        return held.error();
    m_placements.insert(node.id, place);
    return node;
}

/*!
    Writes the state, result, data, artifacts, owner, timeout and holdoff of changed, which
    must be current as read in this transaction, and its cairn.node.updated event with the
    previous state and result. The scheduler may reopen a done node (a retry); NodeStore
    refuses that to everybody else.
*/
Result<Node> NodeWriter::update(const Node &current, const Node &changed)
{
    Node updated = changed;
    updated.path = current.path;
    updated.created = current.created;
    updated.updated = Node::now();
    updated.revision = current.revision + 1;

    const QString json = NodeSql::jsonParameter(m_db.dialect());
    Error error;
    const auto query = statement(QStringLiteral("UPDATE nodes SET state = ?, result = ?, data = ")
                                         + json + QStringLiteral(", artifacts = ") + json
                                         + QStringLiteral(", owner = ?, updated = ?, timeout = ?, "
                                                          "holdoff = ?, revision = ? WHERE id = ? "
                                                          "AND revision = ?"),
                                 &error);
    if (!query)
        return error;
    const QByteArray dataJson = NodeSql::jsonBytes(updated.data);
    const QByteArray artifactsJson = NodeSql::jsonBytes(updated.artifacts);
    const QString updatedText = Node::timeToText(updated.updated);
    query->bind(0, Node::stateName(updated.state));
    bindOutcome(*query, 1, updated.result);
    query->bindUtf8(2, dataJson);
    query->bindUtf8(3, artifactsJson);
    bindTextOrNull(*query, 4, updated.owner);
    query->bind(5, updatedText);
    bindTextOrNull(*query, 6, Node::timeToText(updated.timeout));
    bindTextOrNull(*query, 7, Node::timeToText(updated.holdoff));
    query->bind(8, updated.revision);
    query->bind(9, updated.id);
    query->bind(10, current.revision);
    if (!query->exec())
        return failure(*query);
    if (query->rowsAffected() != 1)
        return Error::conflict(tr("Node %1 changed while it was being written.").arg(updated.id));

    // {"result": ..., "state": ...}: the keys in the order QJsonDocument writes them.
    QByteArray previous = QByteArrayLiteral("{\"result\":");
    if (current.result == Node::Outcome::None)
        previous += "null";
    else
        NodeSql::appendJsonString(previous, Node::outcomeName(current.result));
    previous += ",\"state\":";
    NodeSql::appendJsonString(previous, Node::stateName(current.state));
    previous += '}';
    if (Status held = hold(Updated, updated.id, updatedText,
                           NodeSql::nodeJson(updated, dataJson, artifactsJson, previous));
        !held)
        return held.error();
    return updated;
}

/*!
    Appends the events of the writes so far, in order; a transaction that commits without
    it would lose them, so every writer calls it last.
*/
Status NodeWriter::flush()
{
    if (m_events.isEmpty())
        return Done{};
    QString why;
    const bool appended = m_outbox.append(m_events, &why);
    m_events.clear();
    if (!appended)
        return Error::database(why);
    return Done{};
}

// Many events go in one statement; a large transaction still appends them in slices, so
// that what is held back stays small.
Status NodeWriter::hold(const QString &type, const QString &subject, const QString &time,
                        const QByteArray &data)
{
    constexpr qsizetype MaxHeld = 256;
    m_events.append({type, subject, time, data});
    if (m_events.size() >= MaxHeld)
        return flush();
    return Done{};
}

} // namespace Cairn
