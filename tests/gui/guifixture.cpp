// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "guifixture.h"

#include "engine.h"
#include "eventbus.h"
#include "node.h"
#include "nodestore.h"
#include "session.h"

#include <QFile>

namespace Cairn {

GuiFixture::GuiFixture(QObject *parent) : QObject(parent) { }

QString GuiFixture::writeProject(const QString &extra)
{
    const QString path = m_dir.filePath(QStringLiteral("project.yaml"));
    QFile file(path);
    if (!m_dir.isValid() || !file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    const QString yaml = QStringLiteral(R"yaml(name: gui-test
database: sqlite:%1/cairn.db
data_dir: %1/data
pipelines:
  slow:
    inputs:
      seconds: {default: 30, description: How long the build sleeps}
    stages: [build, report]
    jobs:
      - {name: sleep, stage: build, kind: process, version: "1",
         params: {command: sleep, args: ["${run.inputs.seconds}"]}}
      - {name: note, stage: report, kind: process, version: "1",
         params: {command: echo, args: [done]}}
  quick:
    stages: [only]
    jobs:
      - {name: hello, stage: only, kind: process, version: "1",
         params: {shell: true, command: "echo hello from the job; echo warning >&2"}}
)yaml")
                                 .arg(m_dir.path())
            + extra;
    file.write(yaml.toUtf8());
    return path;
}

bool GuiFixture::publish(const QString &type, const QString &subject, const QJsonObject &data)
{
    if (!m_session || !m_session->bus())
        return false;
    return bool(m_session->bus()->publish(type, subject, data));
}

QString GuiFixture::nodeState(const QString &id) const
{
    if (!m_session || !m_session->database())
        return {};
    NodeStore store(*m_session->database());
    const Result<Node> node = store.get(id);
    if (!node)
        return node.error().toString();
    return Node::stateName(node->state) + QLatin1Char('/') + Node::outcomeName(node->result);
}

QString GuiFixture::createNode(const QString &parent, const QString &kind, const QString &name,
                               const QJsonObject &data)
{
    if (!m_session || !m_session->engine())
        return {};
    Node node;
    node.parent = parent;
    node.kind = kind;
    node.name = name;
    node.data = data;
    const Result<Node> created = m_session->engine()->store().create(node);
    return created ? created->id : QString();
}

} // namespace Cairn
