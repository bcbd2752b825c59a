// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include <jsontreemodel.h>

#include <QAbstractItemModelTester>
#include <QJSEngine>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace Cairn;

class tst_JsonTreeModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void tree_data();
    void tree();
    void values();
    void paths();
    void scalarAtTheTop_data();
    void scalarAtTheTop();
    void badJson_data();
    void badJson();
    void replaced();
    void fromJavaScript();

private:
    QVariant at(const QString &path, int role) const
    {
        const QModelIndex index = m_model->indexOfPath(path);
        if (!index.isValid())
            qWarning("no row at %s", qPrintable(path));
        return index.data(role);
    }

    std::unique_ptr<JsonTreeModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

namespace {

const QString Reading = QStringLiteral(R"({
  "device": "station",
  "data": {"temperature": 21.5, "wind": {"speed": 3, "gust": null}, "ok": true},
  "tags": ["roof", 2, {"a": []}],
  "note": "dry"
})");

} // namespace

void tst_JsonTreeModel::init()
{
    m_model = std::make_unique<JsonTreeModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(
            m_model.get(), QAbstractItemModelTester::FailureReportingMode::Fatal);
}

void tst_JsonTreeModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
}

void tst_JsonTreeModel::tree_data()
{
    QTest::addColumn<QVariant>("json");
    const QJsonObject object = QJsonDocument::fromJson(Reading.toUtf8()).object();
    QTest::newRow("text") << QVariant(Reading);
    QTest::newRow("bytes") << QVariant(Reading.toUtf8());
    QTest::newRow("QJsonObject") << QVariant(object);
    QTest::newRow("QJsonDocument") << QVariant(QJsonDocument(object));
    QTest::newRow("QVariantMap") << QVariant(object.toVariantMap());
}

void tst_JsonTreeModel::tree()
{
    QFETCH(QVariant, json);
    QSignalSpy jsonChanged(m_model.get(), &JsonTreeModel::jsonChanged);
    m_model->setJson(json);
    QCOMPARE(jsonChanged.size(), 1);
    QCOMPARE(m_model->error(), QString());
    QCOMPARE(m_model->rowCount(), 4);
    QCOMPARE(m_model->count(), 4);

    // Members in key order, as QJsonObject keeps them.
    QStringList keys;
    for (int row = 0; row < m_model->rowCount(); ++row)
        keys.append(m_model->index(row, 0).data(JsonTreeModel::KeyRole).toString());
    QCOMPARE(keys,
             QStringList({QStringLiteral("data"), QStringLiteral("device"), QStringLiteral("note"),
                          QStringLiteral("tags")}));

    const QModelIndex data = m_model->index(0, 0);
    QVERIFY(m_model->hasChildren(data));
    QCOMPARE(m_model->rowCount(data), 3);
    const QModelIndex wind = m_model->indexOfPath(QStringLiteral("data.wind"));
    QVERIFY(wind.isValid());
    QCOMPARE(wind.parent(), data);
    QCOMPARE(m_model->rowCount(wind), 2);
    QVERIFY(!m_model->hasChildren(m_model->indexOfPath(QStringLiteral("note"))));

    const QModelIndex tags = m_model->indexOfPath(QStringLiteral("tags"));
    QCOMPARE(m_model->rowCount(tags), 3);
    QCOMPARE(m_model->index(1, 0, tags).data(JsonTreeModel::KeyRole).toString(),
             QStringLiteral("[1]"));
    // An empty array is a row without children.
    const QModelIndex empty = m_model->indexOfPath(QStringLiteral("tags[2].a"));
    QVERIFY(empty.isValid());
    QVERIFY(!m_model->hasChildren(empty));
}

void tst_JsonTreeModel::values()
{
    m_model->setJson(Reading);
    const auto check = [this](const QString &path, const QString &type, const QString &value) {
        QCOMPARE(at(path, JsonTreeModel::TypeRole).toString(), type);
        QCOMPARE(at(path, JsonTreeModel::ValueRole).toString(), value);
    };
    check(QStringLiteral("data"), QStringLiteral("object"), QStringLiteral("{3}"));
    check(QStringLiteral("tags"), QStringLiteral("array"), QStringLiteral("[3]"));
    check(QStringLiteral("tags[2].a"), QStringLiteral("array"), QStringLiteral("[0]"));
    check(QStringLiteral("note"), QStringLiteral("string"), QStringLiteral("\"dry\""));
    check(QStringLiteral("data.temperature"), QStringLiteral("number"), QStringLiteral("21.5"));
    check(QStringLiteral("data.wind.speed"), QStringLiteral("number"), QStringLiteral("3"));
    check(QStringLiteral("data.wind.gust"), QStringLiteral("null"), QStringLiteral("null"));
    check(QStringLiteral("data.ok"), QStringLiteral("bool"), QStringLiteral("true"));
    QCOMPARE(at(QStringLiteral("data.wind.speed"), Qt::DisplayRole).toString(),
             QStringLiteral("speed: 3"));
    QCOMPARE(at(QStringLiteral("data.wind"), JsonTreeModel::JsonRole)
                     .toMap()
                     .value(QStringLiteral("speed")),
             QVariant(3.0));

    // Long strings are cut for the row, not in the json role.
    const QString longText(1000, u'x');
    m_model->setJson(QVariantMap{{QStringLiteral("long"), longText}});
    const QString shown = at(QStringLiteral("long"), JsonTreeModel::ValueRole).toString();
    QVERIFY(shown.size() < 300);
    QVERIFY(shown.endsWith(QChar(0x2026)));
    QCOMPARE(at(QStringLiteral("long"), JsonTreeModel::JsonRole).toString(), longText);

    const QHash<int, QByteArray> roles = m_model->roleNames();
    for (const char *role : {"key", "value", "type", "path"})
        QVERIFY2(roles.values().contains(QByteArray(role)), role);
}

void tst_JsonTreeModel::paths()
{
    m_model->setJson(QStringLiteral(R"({"a.b": {"c": 1}, "list": [[5, 6]]})"));
    const QModelIndex inner = m_model->indexOfPath(QStringLiteral("list[0][1]"));
    QVERIFY(inner.isValid());
    QCOMPARE(inner.data(JsonTreeModel::ValueRole).toString(), QStringLiteral("6"));
    QCOMPARE(inner.data(JsonTreeModel::KeyRole).toString(), QStringLiteral("[1]"));
    // A key that holds a dot does not read as two steps.
    const QModelIndex dotted = m_model->index(0, 0);
    QCOMPARE(dotted.data(JsonTreeModel::KeyRole).toString(), QStringLiteral("a.b"));
    QCOMPARE(dotted.data(JsonTreeModel::PathRole).toString(), QStringLiteral("[\"a.b\"]"));
    QCOMPARE(m_model->index(0, 0, dotted).data(JsonTreeModel::PathRole).toString(),
             QStringLiteral("[\"a.b\"].c"));
    QVERIFY(!m_model->indexOfPath(QStringLiteral("list[3]")).isValid());
    QVERIFY(!m_model->indexOfPath(QStringLiteral("a")).isValid());
}

void tst_JsonTreeModel::scalarAtTheTop_data()
{
    QTest::addColumn<QVariant>("json");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("value");
    QTest::newRow("number text") << QVariant(QStringLiteral(" 42 ")) << QStringLiteral("number")
                                 << QStringLiteral("42");
    QTest::newRow("string text") << QVariant(QStringLiteral("\"on\"")) << QStringLiteral("string")
                                 << QStringLiteral("\"on\"");
    QTest::newRow("bool") << QVariant(false) << QStringLiteral("bool") << QStringLiteral("false");
    QTest::newRow("double") << QVariant(0.25) << QStringLiteral("number") << QStringLiteral("0.25");
}

void tst_JsonTreeModel::scalarAtTheTop()
{
    QFETCH(QVariant, json);
    QFETCH(QString, type);
    QFETCH(QString, value);
    m_model->setJson(json);
    QCOMPARE(m_model->error(), QString());
    QCOMPARE(m_model->rowCount(), 1);
    const QModelIndex row = m_model->index(0, 0);
    QCOMPARE(row.data(JsonTreeModel::KeyRole).toString(), QString());
    QCOMPARE(row.data(JsonTreeModel::TypeRole).toString(), type);
    QCOMPARE(row.data(JsonTreeModel::ValueRole).toString(), value);
    QCOMPARE(m_model->text(), value);
}

void tst_JsonTreeModel::badJson_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("unclosed") << QStringLiteral(R"({"a": [1, 2})");
    QTest::newRow("two values") << QStringLiteral("1, 2");
    QTest::newRow("not json") << QStringLiteral("hello");
    QTest::newRow("trailing") << QStringLiteral(R"({"a": 1} x)");
}

void tst_JsonTreeModel::badJson()
{
    QFETCH(QString, text);
    m_model->setJson(Reading);
    QCOMPARE(m_model->rowCount(), 4);
    QSignalSpy errorChanged(m_model.get(), &JsonTreeModel::errorChanged);
    QSignalSpy countChanged(m_model.get(), &JsonTreeModel::countChanged);
    m_model->setJson(text);
    QCOMPARE(errorChanged.size(), 1);
    QVERIFY(!m_model->error().isEmpty());
    QCOMPARE(m_model->rowCount(), 0);
    QCOMPARE(countChanged.size(), 1);
    QCOMPARE(m_model->text(), QString());

    // Good text again clears it.
    m_model->setJson(QStringLiteral("[1]"));
    QCOMPARE(m_model->error(), QString());
    QCOMPARE(m_model->rowCount(), 1);
}

void tst_JsonTreeModel::replaced()
{
    m_model->setJson(Reading);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy jsonChanged(m_model.get(), &JsonTreeModel::jsonChanged);
    m_model->setJson(Reading); // the same: nothing happens
    QCOMPARE(reset.size(), 0);
    QCOMPARE(jsonChanged.size(), 0);
    m_model->setJson(QVariantList{1, QStringLiteral("two")});
    QCOMPARE(reset.size(), 1);
    QCOMPARE(m_model->rowCount(), 2);
    QCOMPARE(m_model->index(1, 0).data(JsonTreeModel::PathRole).toString(), QStringLiteral("[1]"));
    m_model->setJson(QVariant());
    QCOMPARE(m_model->rowCount(), 0);
    QCOMPARE(m_model->error(), QString());
}

void tst_JsonTreeModel::fromJavaScript()
{
    // What a QML binding hands over: a JavaScript object.
    QJSEngine engine;
    const QJSValue value = engine.evaluate(QStringLiteral("({a: 1, b: [true, 'x'], c: null})"));
    QVERIFY(value.isObject());
    m_model->setJson(QVariant::fromValue(value));
    QCOMPARE(m_model->error(), QString());
    QCOMPARE(m_model->rowCount(), 3);
    QCOMPARE(at(QStringLiteral("b[0]"), JsonTreeModel::TypeRole).toString(),
             QStringLiteral("bool"));
    QCOMPARE(at(QStringLiteral("b[1]"), JsonTreeModel::ValueRole).toString(),
             QStringLiteral("\"x\""));
    QCOMPARE(at(QStringLiteral("c"), JsonTreeModel::TypeRole).toString(), QStringLiteral("null"));
    QCOMPARE(at(QStringLiteral("a"), JsonTreeModel::ValueRole).toString(), QStringLiteral("1"));
}

QTEST_MAIN(tst_JsonTreeModel)
#include "tst_jsontreemodel.moc"
