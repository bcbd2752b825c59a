// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

// The translations are complete and load: lupdate run on today's sources finds nothing
// new or unfinished in translations/cairn_*.ts, and the compiled .qm files translate the
// app's words.

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

namespace {

struct Unfinished
{
    QStringList messages; // "context: source" of each message without a full translation
    int total = 0;
};

// The messages of a .ts file that are not translated, or only in part (plural forms).
Unfinished unfinishedIn(const QString &path, QString *error)
{
    Unfinished result;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return result;
    }
    QXmlStreamReader xml(&file);
    QString context, source;
    bool done = true;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            if (xml.name() == QLatin1String("name")) {
                context = xml.readElementText();
            } else if (xml.name() == QLatin1String("message")) {
                source.clear();
                done = true;
                ++result.total;
            } else if (xml.name() == QLatin1String("source")) {
                source = xml.readElementText();
            } else if (xml.name() == QLatin1String("translation")) {
                const QString type = xml.attributes().value(QLatin1String("type")).toString();
                if (type == QLatin1String("unfinished"))
                    done = false;
                if (type == QLatin1String("vanished") || type == QLatin1String("obsolete"))
                    --result.total;
            } else if (xml.name() == QLatin1String("numerusform")) {
                if (xml.readElementText().trimmed().isEmpty())
                    done = false;
            }
        } else if (xml.isEndElement() && xml.name() == QLatin1String("message") && !done) {
            result.messages.append(context + QLatin1String(": ") + source);
        }
    }
    if (xml.hasError())
        *error = QStringLiteral("%1:%2: %3").arg(path).arg(xml.lineNumber()).arg(xml.errorString());
    return result;
}

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void complete_data();
    void complete();
    void loads_data();
    void loads();
};

void TestTranslations::complete_data()
{
    QTest::addColumn<QString>("language");
    QTest::newRow("fr") << QStringLiteral("fr");
    QTest::newRow("de") << QStringLiteral("de");
}

void TestTranslations::complete()
{
    QFETCH(QString, language);
    const QString committed = QStringLiteral(CAIRN_TS_DIR "/cairn_%1.ts").arg(language);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString copy = dir.filePath(QStringLiteral("cairn_%1.ts").arg(language));
    QVERIFY(QFile::copy(committed, copy));
    QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);

    // lupdate on the sources as they are now, into a copy: what it adds or leaves
    // unfinished is what the committed file lacks.
    QProcess lupdate;
    QStringList arguments = QStringLiteral(CAIRN_TR_SOURCES).split(QLatin1Char('|'));
    arguments << QStringLiteral("-ts") << copy;
    lupdate.start(QStringLiteral(CAIRN_LUPDATE), arguments);
    QVERIFY2(lupdate.waitForFinished(120000), qPrintable(lupdate.errorString()));
    QVERIFY2(lupdate.exitCode() == 0, lupdate.readAllStandardError().constData());

    QString error;
    const Unfinished unfinished = unfinishedIn(copy, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY2(unfinished.total > 100, qPrintable(QString::number(unfinished.total)));
    QVERIFY2(unfinished.messages.isEmpty(),
             qPrintable(QStringLiteral("%1 of %2 messages are not translated in %3 (run the "
                                       "update_translations target, then translate):\n  %4")
                                .arg(unfinished.messages.size())
                                .arg(unfinished.total)
                                .arg(committed, unfinished.messages.join(QLatin1String("\n  ")))));
}

void TestTranslations::loads_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("dashboard");
    QTest::addColumn<QString>("cancelRun");
    QTest::newRow("fr") << QStringLiteral("fr") << QStringLiteral("Tableau de bord")
                        << QStringLiteral("Annuler l’exécution");
    QTest::newRow("de") << QStringLiteral("de") << QStringLiteral("Übersicht")
                        << QStringLiteral("Lauf abbrechen");
}

void TestTranslations::loads()
{
    QFETCH(QString, language);
    QFETCH(QString, dashboard);
    QFETCH(QString, cancelRun);
    QTranslator translator;
    QVERIFY(translator.load(QStringLiteral("cairn_%1").arg(language),
                            QStringLiteral(CAIRN_QM_DIR)));
    QCOMPARE(translator.language(), language + QLatin1Char('_') + language.toUpper());
    QCOMPARE(translator.translate("Main", "Dashboard"), dashboard);
    QCOMPARE(translator.translate("RunsView", "Cancel run"), cancelRun);
    // Plural forms are there too.
    QVERIFY(!translator.translate("EventsView", "%n events", nullptr, 2).isEmpty());
}

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
