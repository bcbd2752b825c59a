// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QObject>
#include <QSettings>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

namespace Cairn {

/*
 * What the app remembers between starts, in the user's settings (QSettings): the recent
 * project files and remote URLs (most recent first), the theme and the language. Never a
 * token: those are in the keychain.
 */
class AppSettings : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QStringList recentProjects READ recentProjects NOTIFY recentProjectsChanged)
    Q_PROPERTY(QStringList recentConnections READ recentConnections NOTIFY recentConnectionsChanged)
    Q_PROPERTY(QString theme READ theme WRITE setTheme NOTIFY themeChanged)
    Q_PROPERTY(QString language READ language WRITE setLanguage NOTIFY languageChanged)
public:
    static constexpr int MaxRecent = 8;

    explicit AppSettings(QObject *parent = nullptr);

    QStringList recentProjects() const;
    QStringList recentConnections() const;
    // Puts a project file or URL first in its list.
    Q_INVOKABLE void addRecentProject(const QString &path);
    Q_INVOKABLE void addRecentConnection(const QString &url);
    Q_INVOKABLE void forgetRecentProject(const QString &path);

    // "system", "light" or "dark".
    QString theme() const;
    void setTheme(const QString &theme);
    // "" to follow the system, else a language code: "en", "fr", "de".
    QString language() const;
    void setLanguage(const QString &language);

Q_SIGNALS:
    void recentProjectsChanged();
    void recentConnectionsChanged();
    void themeChanged();
    void languageChanged();

private:
    void addRecent(const QString &key, const QString &value);

    QSettings m_settings;
};

} // namespace Cairn
