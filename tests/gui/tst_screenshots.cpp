// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

// The app started offscreen on the weather watchdog sample (a real mosquitto, the simulated
// station and fan, the sample's project run in-process): each main view is grabbed and
// must show something, not a blank window. CAIRN_SCREENSHOT_DIR keeps the pictures.

#include "appsettings.h"
#include "mosquittoserver.h"
#include "session.h"
#include "translations.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QImage>
#include <QProcess>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(Cairn_ModelsPlugin)
Q_IMPORT_QML_PLUGIN(Cairn_ViewsPlugin)
Q_IMPORT_QML_PLUGIN(Cairn_AppPlugin)

using namespace Cairn;

namespace {

// How far a picture is from blank: the share of pixels that differ from the most common
// colour, and how many colours it has.
struct Contents
{
    double busyShare = 0;
    int colours = 0;
};

Contents contentsOf(const QImage &image)
{
    QHash<QRgb, qint64> counts;
    const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
    for (int y = 0; y < rgb.height(); ++y) {
        const auto *line = reinterpret_cast<const QRgb *>(rgb.constScanLine(y));
        for (int x = 0; x < rgb.width(); ++x)
            ++counts[line[x]];
    }
    qint64 most = 0;
    for (const qint64 count : std::as_const(counts))
        most = std::max(most, count);
    const qint64 all = qint64(rgb.width()) * rgb.height();
    return {all > 0 ? double(all - most) / double(all) : 0.0, int(counts.size())};
}

} // namespace

class TestScreenshots : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void view_data();
    void view();
    void language();

private:
    QQuickWindow *window() const;

    CairnTest::MosquittoServer m_broker;
    QTemporaryDir m_dir;
    QProcess m_station;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<QQmlApplicationEngine> m_engine;
    std::unique_ptr<Translations> m_translations;
};

void TestScreenshots::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QQuickStyle::setStyle(QStringLiteral("Fusion"));
    QVERIFY2(m_broker.start(), qPrintable(m_broker.errorString()));
    QVERIFY(m_dir.isValid());

    // The sample's project, on this broker's port.
    QFile sample(QStringLiteral(CAIRN_SAMPLE_DIR "/project.yaml"));
    QVERIFY(sample.open(QIODevice::ReadOnly));
    QString yaml = QString::fromUtf8(sample.readAll());
    yaml.replace(QStringLiteral("\n  port: 1883\n"),
                 QStringLiteral("\n  port: %1\n").arg(m_broker.port()));
    const QString project = m_dir.filePath(QStringLiteral("project.yaml"));
    QFile out(project);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(yaml.toUtf8());
    out.close();

    m_station.setProgram(QStringLiteral(CAIRN_WEATHER_SIM));
    m_station.setArguments({QStringLiteral("--port"), QString::number(m_broker.port()),
                            QStringLiteral("--interval"), QStringLiteral("200")});
    m_station.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_station.start();
    QVERIFY2(m_station.waitForStarted(), qPrintable(m_station.errorString()));

    m_settings = std::make_unique<AppSettings>();
    m_session = std::make_unique<Session>();
    QVERIFY2(m_session->openProject(project), qPrintable(m_session->error()));

    m_engine = std::make_unique<QQmlApplicationEngine>();
    m_engine->addImportPath(QStringLiteral("qrc:/qt/qml"));
    m_engine->setInitialProperties(
            {{QStringLiteral("session"), QVariant::fromValue(m_session.get())},
             {QStringLiteral("settings"), QVariant::fromValue(m_settings.get())}});
    // As the app does: the language of the settings, English here, changes when they do.
    m_translations = std::make_unique<Translations>();
    m_translations->setEngine(m_engine.get());
    QVERIFY(m_translations->use(QStringLiteral("en")));
    connect(m_settings.get(), &AppSettings::languageChanged, m_translations.get(),
            [this] { m_translations->use(m_settings->language()); });
    m_engine->load(QUrl(QStringLiteral("qrc:/qt/qml/Cairn/App/Main.qml")));
    QVERIFY(window());
    QVERIFY(QTest::qWaitForWindowExposed(window()));

    // The cycle under way: readings heard, a device online, a cool-down run started.
    QTRY_VERIFY_WITH_TIMEOUT(m_session->brokerState() == QLatin1String("connected"), 10000);
    auto *devices = window()->findChild<QObject *>(QStringLiteral("deviceModel"));
    QVERIFY(devices);
    QTRY_VERIFY_WITH_TIMEOUT(devices->property("count").toInt() >= 2, 15000);
    auto *runs = window()->findChild<QObject *>(QStringLiteral("runModel"));
    QVERIFY(runs);
    QTRY_VERIFY_WITH_TIMEOUT(runs->property("count").toInt() >= 1, 30000);
}

void TestScreenshots::cleanupTestCase()
{
    m_engine.reset();
    if (m_session)
        m_session->close();
    if (m_station.state() != QProcess::NotRunning) {
        m_station.terminate();
        if (!m_station.waitForFinished(5000))
            m_station.kill();
    }
    m_broker.stop();
}

QQuickWindow *TestScreenshots::window() const
{
    const auto roots = m_engine ? m_engine->rootObjects() : QList<QObject *>();
    return roots.isEmpty() ? nullptr : qobject_cast<QQuickWindow *>(roots.constFirst());
}

void TestScreenshots::view_data()
{
    QTest::addColumn<int>("section");
    QTest::addColumn<QString>("list"); // a list whose row is chosen first, if any
    QTest::addColumn<int>("row");
    QTest::newRow("dashboard") << 0 << QString() << 0;
    QTest::newRow("nodes") << 1 << QString() << 0;
    QTest::newRow("events") << 2 << QStringLiteral("eventList") << 0;
    QTest::newRow("runs") << 3 << QStringLiteral("runList") << 0;
    // By name: the fan, then the station, whose readings are plotted.
    QTest::newRow("devices") << 4 << QStringLiteral("deviceList") << 1;
    QTest::newRow("settings") << 5 << QString() << 0;
}

void TestScreenshots::view()
{
    QFETCH(int, section);
    QFETCH(QString, list);
    QFETCH(int, row);
    QQuickWindow *win = window();
    QVERIFY(win);
    win->setProperty("currentSection", section);
    if (!list.isEmpty()) {
        auto *view = win->findChild<QQuickItem *>(list);
        QVERIFY(view);
        QTRY_VERIFY_WITH_TIMEOUT(view->property("count").toInt() > row, 10000);
        view->setProperty("currentIndex", row);
    }
    // Let the batched models and the scene catch up.
    QTest::qWait(700);
    const QImage image = win->grabWindow();
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), win->size() * win->devicePixelRatio());

    if (const QString dir = qEnvironmentVariable("CAIRN_SCREENSHOT_DIR"); !dir.isEmpty()) {
        QDir().mkpath(dir);
        image.save(QDir(dir).filePath(
                QStringLiteral("%1.png").arg(QString::fromLatin1(QTest::currentDataTag()))));
    }
    const Contents contents = contentsOf(image);
    QVERIFY2(contents.busyShare > 0.03,
             qPrintable(QStringLiteral("only %1% of the picture is not background")
                                .arg(contents.busyShare * 100, 0, 'f', 2)));
    QVERIFY2(contents.colours >= 16,
             qPrintable(QStringLiteral("%1 colours").arg(contents.colours)));
}

void TestScreenshots::language()
{
    QQuickWindow *win = window();
    QVERIFY(win);
    QCOMPARE(Translations::available(), QStringList({QStringLiteral("de"), QStringLiteral("fr")}));
    const auto sections = [win] {
        return win->property("sectionNames").toStringList();
    };
    QCOMPARE(sections().value(0), QStringLiteral("Dashboard"));

    // Chosen in Settings: every binding speaks the new language at once.
    m_settings->setLanguage(QStringLiteral("de"));
    QCOMPARE(sections().value(0), QStringLiteral("Übersicht"));
    QCOMPARE(sections().value(3), QStringLiteral("Läufe"));
    m_settings->setLanguage(QStringLiteral("fr"));
    QCOMPARE(sections().value(0), QStringLiteral("Tableau de bord"));
    win->setProperty("currentSection", 3);
    QTest::qWait(300);
    if (const QString dir = qEnvironmentVariable("CAIRN_SCREENSHOT_DIR"); !dir.isEmpty())
        win->grabWindow().save(QDir(dir).filePath(QStringLiteral("runs-fr.png")));
    m_settings->setLanguage(QStringLiteral("en"));
    QCOMPARE(sections().value(0), QStringLiteral("Dashboard"));
}

QTEST_MAIN(TestScreenshots)
#include "tst_screenshots.moc"
