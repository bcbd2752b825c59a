// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QJsonObject>
#include <QObject>
#include <QTemporaryDir>

namespace Cairn {

class Session;

/*
 * A project in a temporary folder for the app's tests: SQLite, a data folder, and two
 * pipelines, "slow" (a build stage whose job sleeps, then a report stage) and "quick" (one
 * job that prints and passes). The QML tests reach it as `fixture`.
 */
class GuiFixture : public QObject
{
    Q_OBJECT
public:
    explicit GuiFixture(QObject *parent = nullptr);

    // Writes the project file, with extra YAML appended; gives its path, or empty when the
    // folder could not be written.
    QString writeProject(const QString &extra = {});
    QString dir() const { return m_dir.path(); }

    void setSession(Session *session) { m_session = session; }

    // Publishes an event on the session's bus; data is a JSON object.
    Q_INVOKABLE bool publish(const QString &type, const QString &subject, const QJsonObject &data);
    // The state and result of a node, "state/result", read from the database.
    Q_INVOKABLE QString nodeState(const QString &id) const;
    // Creates a node under parent (empty: a root); gives its id.
    Q_INVOKABLE QString createNode(const QString &parent, const QString &kind, const QString &name,
                                   const QJsonObject &data);

private:
    QTemporaryDir m_dir;
    Session *m_session = nullptr;
};

} // namespace Cairn
