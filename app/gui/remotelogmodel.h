// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QAbstractListModel>
#include <QPointer>
#include <QStringList>
#include <QTimer>

namespace Cairn {

class RemoteJobLog;
class RemoteMirror;

/*
 * The log of a job on a remote cairnd, line by line, for the job pane when the app is
 * attached to one: the latest attempt's log as stored, then as it grows (RemoteJobLog),
 * with the roles and find() of JobLogModel so that the pane shows either alike. Output is
 * gathered for 50 ms and appended with one signal.
 */
class RemoteLogModel : public QAbstractListModel
{
    Q_OBJECT
    Q_PROPERTY(QString jobId READ jobId WRITE setJobId NOTIFY jobIdChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
public:
    enum Roles { TextRole = Qt::UserRole + 1, StreamRole, LineNumberRole };

    explicit RemoteLogModel(RemoteMirror *mirror, QObject *parent = nullptr);
    ~RemoteLogModel() override;

    QString jobId() const { return m_jobId; }
    void setJobId(const QString &jobId);
    int count() const { return int(m_lines.size()); }
    QString error() const { return m_error; }

    // The next row from fromRow that holds text (case-insensitive), or -1.
    Q_INVOKABLE int find(const QString &text, int fromRow, bool backwards) const;
    Q_INVOKABLE QString allText() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    void jobIdChanged();
    void countChanged();
    void errorChanged();

private:
    void restart();
    void flush();
    void setError(const QString &error);

    QPointer<RemoteMirror> m_mirror;
    QPointer<RemoteJobLog> m_log;
    QString m_jobId;
    QString m_error;
    QStringList m_lines;
    QByteArray m_pending; // received, not split into lines yet
    QTimer m_batch;
};

} // namespace Cairn
