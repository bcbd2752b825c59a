// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "appsettings.h"
#include "session.h"
#include "translations.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QTextStream>
#include <QTimer>
#include <QtQml/qqmlextensionplugin.h>

#include <cstdio>

Q_IMPORT_QML_PLUGIN(Cairn_ModelsPlugin)
Q_IMPORT_QML_PLUGIN(Cairn_ViewsPlugin)
Q_IMPORT_QML_PLUGIN(Cairn_AppPlugin)

int main(int argc, char *argv[])
{
    QElapsedTimer sinceStart;
    sinceStart.start();

    QGuiApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Cairn"));
    QCoreApplication::setApplicationName(QStringLiteral("cairn"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CAIRN_VERSION));
    QGuiApplication::setApplicationDisplayName(QStringLiteral("Cairn"));
    QGuiApplication::setDesktopFileName(QStringLiteral("cairn"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
            "main", "The Cairn operator console: runs a project here or attaches to a cairnd."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption projectOption(
            {QStringLiteral("p"), QStringLiteral("project")},
            QCoreApplication::translate("main", "Open this project file at start."),
            QStringLiteral("file"));
    const QCommandLineOption viewOption(
            QStringLiteral("view"),
            QCoreApplication::translate("main",
                                        "Show this view first: dashboard, nodes, events, "
                                        "runs, devices or settings."),
            QStringLiteral("name"));
    const QCommandLineOption languageOption(
            QStringLiteral("language"),
            QCoreApplication::translate("main",
                                        "Speak this language (en, fr, de) instead of the "
                                        "one set in the app or the system's."),
            QStringLiteral("code"));
    const QCommandLineOption firstFrameOption(
            QStringLiteral("first-frame"),
            QCoreApplication::translate("main",
                                        "Print the milliseconds from start to the first "
                                        "frame of the open project, then quit."));
    const QCommandLineOption quitAfterOption(
            QStringLiteral("quit-after"),
            QCoreApplication::translate("main", "Quit after this many seconds."),
            QStringLiteral("seconds"));
    parser.addOptions(
            {projectOption, viewOption, languageOption, firstFrameOption, quitAfterOption});
    parser.process(app);

    QQuickStyle::setStyle(QStringLiteral("Fusion"));

    Cairn::AppSettings settings;
    Cairn::Session session;
    QQmlApplicationEngine engine;
    Cairn::Translations translations;
    translations.setEngine(&engine);
    translations.use(parser.isSet(languageOption) ? parser.value(languageOption)
                                                  : settings.language());
    QObject::connect(&settings, &Cairn::AppSettings::languageChanged, &translations,
                     [&] { translations.use(settings.language()); });

    if (parser.isSet(projectOption)) {
        if (session.openProject(parser.value(projectOption)))
            settings.addRecentProject(session.location());
        else
            QTextStream(stderr) << "cairn: " << session.error() << '\n';
    }

    engine.setInitialProperties({{QStringLiteral("session"), QVariant::fromValue(&session)},
                                 {QStringLiteral("settings"), QVariant::fromValue(&settings)}});
    engine.addImportPath(QStringLiteral("qrc:/qt/qml"));
    QObject::connect(
            &engine, &QQmlApplicationEngine::objectCreationFailed, &app,
            [] { QCoreApplication::exit(1); }, Qt::QueuedConnection);
    engine.load(QUrl(QStringLiteral("qrc:/qt/qml/Cairn/App/Main.qml")));
    if (engine.rootObjects().isEmpty())
        return 1;
    auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().constFirst());

    if (parser.isSet(viewOption) && window) {
        const QStringList views{QStringLiteral("dashboard"), QStringLiteral("nodes"),
                                QStringLiteral("events"),    QStringLiteral("runs"),
                                QStringLiteral("devices"),   QStringLiteral("settings")};
        const int at = views.indexOf(parser.value(viewOption));
        if (at < 0) {
            QTextStream(stderr) << "cairn: --view takes one of " << views.join(QStringLiteral(", "))
                                << '\n';
            return 2;
        }
        window->setProperty("currentSection", at);
    }

    if (parser.isSet(firstFrameOption) && window) {
        // The first frame that shows the project, not the empty window before it.
        QObject::connect(
                window, &QQuickWindow::frameSwapped, &app,
                [&sinceStart] {
                    std::printf("first frame after %lld ms\n",
                                static_cast<long long>(sinceStart.elapsed()));
                    std::fflush(stdout);
                    QCoreApplication::quit();
                },
                Qt::SingleShotConnection);
    }
    if (parser.isSet(quitAfterOption)) {
        bool ok = false;
        const double seconds = parser.value(quitAfterOption).toDouble(&ok);
        if (!ok || seconds < 0) {
            QTextStream(stderr) << "cairn: --quit-after takes a number of seconds\n";
            return 2;
        }
        QTimer::singleShot(std::chrono::milliseconds(qint64(seconds * 1000)), &app,
                           &QCoreApplication::quit);
    }

    const int code = QGuiApplication::exec();
    session.close();
    return code;
}
