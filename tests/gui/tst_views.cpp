// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

// The views' behaviour, driven by the Qt Quick tests in qml/ (tst_*.qml) against a real
// project run in-process: its SQLite database, bus, scheduler and process runtime.

#include "guifixture.h"
#include "session.h"

#include <QQmlContext>
#include <QQmlEngine>
#include <QQuickStyle>
#include <QtQml/qqmlextensionplugin.h>
#include <QtQuickTest>

Q_IMPORT_QML_PLUGIN(Cairn_ModelsPlugin)
Q_IMPORT_QML_PLUGIN(Cairn_ViewsPlugin)

class Setup : public QObject
{
    Q_OBJECT
public:
    Setup() = default;

public Q_SLOTS:
    void applicationAvailable() { QQuickStyle::setStyle(QStringLiteral("Fusion")); }

    void qmlEngineAvailable(QQmlEngine *engine)
    {
        engine->addImportPath(QStringLiteral("qrc:/qt/qml"));
        const QString project = m_fixture.writeProject();
        if (project.isEmpty() || !m_session.openProject(project))
            qFatal("cannot open the test project: %s", qPrintable(m_session.error()));
        m_fixture.setSession(&m_session);
        engine->rootContext()->setContextProperty(QStringLiteral("testSession"), &m_session);
        engine->rootContext()->setContextProperty(QStringLiteral("fixture"), &m_fixture);
    }

    void cleanupTestCase() { m_session.close(); }

private:
    Cairn::GuiFixture m_fixture;
    Cairn::Session m_session;
};

QUICK_TEST_MAIN_WITH_SETUP(views, Setup)

#include "tst_views.moc"
