// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "translations.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLoggingCategory>
#include <QQmlEngine>

Q_DECLARE_LOGGING_CATEGORY(lcGui)

namespace Cairn {

namespace {
// Where qt_add_translations puts the compiled translations in the app's resources.
const auto ResourceDir = QStringLiteral(":/i18n");
} // namespace

Translations::Translations(QObject *parent) : QObject(parent) { }

Translations::~Translations()
{
    if (m_cairn)
        QCoreApplication::removeTranslator(m_cairn.get());
    if (m_qt)
        QCoreApplication::removeTranslator(m_qt.get());
}

QStringList Translations::available()
{
    QStringList codes;
    const QStringList files =
            QDir(ResourceDir).entryList({QStringLiteral("cairn_*.qm")}, QDir::Files);
    for (const QString &file : files)
        codes.append(file.mid(6, file.size() - 6 - 3));
    return codes;
}

bool Translations::use(const QString &code)
{
    if (m_cairn)
        QCoreApplication::removeTranslator(m_cairn.get());
    if (m_qt)
        QCoreApplication::removeTranslator(m_qt.get());
    m_cairn = std::make_unique<QTranslator>();
    m_qt = std::make_unique<QTranslator>();

    m_locale = code.isEmpty() ? QLocale::system() : QLocale(code);
    QLocale::setDefault(m_locale);
    bool found = m_locale.language() == QLocale::English || m_locale.language() == QLocale::C;
    if (m_cairn->load(m_locale, QStringLiteral("cairn"), QStringLiteral("_"), ResourceDir)) {
        QCoreApplication::installTranslator(m_cairn.get());
        found = true;
    } else if (!found) {
        qCInfo(lcGui).noquote() << "no translation for" << m_locale.name() << ": English it is";
    }
    if (m_qt->load(m_locale, QStringLiteral("qt"), QStringLiteral("_"),
                   QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(m_qt.get());
    if (m_engine)
        m_engine->retranslate();
    return found;
}

} // namespace Cairn
