// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "appsettings.h"

namespace Cairn {

namespace {
const auto RecentProjectsKey = QStringLiteral("recent/projects");
const auto RecentConnectionsKey = QStringLiteral("recent/connections");
const auto ThemeKey = QStringLiteral("appearance/theme");
const auto LanguageKey = QStringLiteral("appearance/language");
} // namespace

AppSettings::AppSettings(QObject *parent) : QObject(parent) { }

QStringList AppSettings::recentProjects() const
{
    return m_settings.value(RecentProjectsKey).toStringList();
}

QStringList AppSettings::recentConnections() const
{
    return m_settings.value(RecentConnectionsKey).toStringList();
}

void AppSettings::addRecentProject(const QString &path)
{
    addRecent(RecentProjectsKey, path);
    Q_EMIT recentProjectsChanged();
}

void AppSettings::addRecentConnection(const QString &url)
{
    addRecent(RecentConnectionsKey, url);
    Q_EMIT recentConnectionsChanged();
}

void AppSettings::forgetRecentProject(const QString &path)
{
    QStringList list = recentProjects();
    if (list.removeAll(path) == 0)
        return;
    m_settings.setValue(RecentProjectsKey, list);
    Q_EMIT recentProjectsChanged();
}

void AppSettings::addRecent(const QString &key, const QString &value)
{
    QStringList list = m_settings.value(key).toStringList();
    list.removeAll(value);
    list.prepend(value);
    while (list.size() > MaxRecent)
        list.removeLast();
    m_settings.setValue(key, list);
}

QString AppSettings::theme() const
{
    const QString theme = m_settings.value(ThemeKey).toString();
    return theme == QLatin1String("light") || theme == QLatin1String("dark")
            ? theme
            : QStringLiteral("system");
}

void AppSettings::setTheme(const QString &theme)
{
    if (theme == this->theme())
        return;
    m_settings.setValue(ThemeKey, theme);
    Q_EMIT themeChanged();
}

QString AppSettings::language() const
{
    return m_settings.value(LanguageKey).toString();
}

void AppSettings::setLanguage(const QString &language)
{
    if (language == this->language())
        return;
    m_settings.setValue(LanguageKey, language);
    Q_EMIT languageChanged();
}

} // namespace Cairn
