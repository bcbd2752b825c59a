// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QLocale>
#include <QObject>
#include <QPointer>
#include <QQmlEngine>
#include <QTranslator>

#include <memory>

namespace Cairn {

/*
 * The app's language: the system's, or the one chosen in the settings. Installs Cairn's
 * translation (built into the app from translations/) and Qt's own for the standard
 * dialogs, and has the QML engine translate every binding again when it changes.
 */
class Translations : public QObject
{
    Q_OBJECT
public:
    explicit Translations(QObject *parent = nullptr);
    ~Translations() override;

    // The engine whose bindings change language; not owned.
    void setEngine(QQmlEngine *engine) { m_engine = engine; }
    // code: "" for the system's language, else "en", "fr", "de"... Gives whether a
    // translation was found (English needs none).
    bool use(const QString &code);
    // The languages Cairn is translated into, as codes.
    static QStringList available();
    QLocale locale() const { return m_locale; }

private:
    QPointer<QQmlEngine> m_engine;
    std::unique_ptr<QTranslator> m_cairn;
    std::unique_ptr<QTranslator> m_qt;
    QLocale m_locale;
};

} // namespace Cairn
