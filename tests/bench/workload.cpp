// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "workload.h"

#include "uuid7.h"

#include <algorithm>
#include <cmath>

namespace CairnBench {

Workload Workload::ingest(qint64 total)
{
    Workload w;
    w.m_total = std::max<qint64>(total, 2);
    const int devices = int(std::clamp<qint64>(w.m_total / 1000, 1, w.m_total - 1));
    const int plant = w.addInner(Kind::Site, -1, QStringLiteral("plant"));
    w.m_firstSite = plant;
    w.m_sites = 1;
    w.m_firstDevice = int(w.m_inners.size());
    for (int i = 0; i < devices; ++i)
        w.addInner(Kind::Device, plant, QStringLiteral("device-%1").arg(i));
    w.m_devices = devices;
    return w;
}

Workload Workload::big(qint64 total)
{
    Workload w;
    w.m_total = std::max<qint64>(total, 1000);
    w.m_jobEvery = 250;
    const qint64 devices = std::max<qint64>(w.m_total / 100, 1);
    const int sites = std::max(int(std::lround(std::sqrt(double(devices)))), 1);
    w.m_firstSite = 0;
    for (int i = 0; i < sites; ++i)
        w.addInner(Kind::Site, -1, QStringLiteral("site-%1").arg(i));
    w.m_sites = sites;
    w.m_firstDevice = int(w.m_inners.size());
    for (qint64 i = 0; i < devices; ++i)
        w.addInner(Kind::Device, w.m_firstSite + int(i % sites),
                   QStringLiteral("device-%1").arg(i));
    w.m_devices = int(devices);
    const qint64 leaves = w.m_total - w.m_inners.size();
    w.m_jobs = (leaves + w.m_jobEvery - 1) / w.m_jobEvery;
    return w;
}

int Workload::addInner(Kind kind, int parent, const QString &name)
{
    Inner inner;
    inner.kind = kind;
    inner.parent = parent;
    inner.id = Cairn::createUuid7();
    inner.name = name;
    inner.idUtf8 = inner.id.toUtf8();
    inner.nameUtf8 = name.toUtf8();
    m_inners.append(inner);
    return int(m_inners.size() - 1);
}

Workload::Spec Workload::spec(qint64 index) const
{
    Spec spec;
    if (index < m_inners.size()) {
        const Inner &inner = m_inners.at(index);
        spec.kind = inner.kind;
        spec.parent = inner.parent;
        spec.inner = int(index);
        spec.seq = index;
        return spec;
    }
    const qint64 leaf = index - m_inners.size();
    spec.seq = leaf;
    if (m_jobEvery > 0 && leaf % m_jobEvery == 0) {
        const qint64 job = leaf / m_jobEvery;
        spec.kind = Kind::Job;
        spec.parent = m_firstSite + int(job % m_sites);
        // Cycle the states so each holds a quarter of the jobs.
        static constexpr Cairn::Node::State states[] = {
                Cairn::Node::State::Running, Cairn::Node::State::Available,
                Cairn::Node::State::Closing, Cairn::Node::State::Done};
        spec.state = states[job % 4];
        return spec;
    }
    spec.kind = Kind::Reading;
    spec.parent = m_firstDevice + int(leaf % m_devices);
    return spec;
}

Cairn::Node Workload::node(const Spec &spec) const
{
    Cairn::Node node;
    node.kind = kindName(spec.kind);
    node.state = spec.state;
    if (spec.parent >= 0)
        node.parent = m_inners.at(spec.parent).id;
    switch (spec.kind) {
    case Kind::Site:
    case Kind::Device:
        node.id = m_inners.at(spec.inner).id;
        node.name = m_inners.at(spec.inner).name;
        node.data.insert(QStringLiteral("seq"), spec.seq);
        break;
    case Kind::Reading:
        node.name = QStringLiteral("reading-") + QString::number(spec.seq);
        node.data.insert(QStringLiteral("temperature"), temperature(spec.seq));
        node.data.insert(QStringLiteral("seq"), spec.seq);
        break;
    case Kind::Job:
        node.name = QStringLiteral("job-") + QString::number(spec.seq);
        node.data.insert(QStringLiteral("priority"), priority(spec.seq));
        node.data.insert(QStringLiteral("seq"), spec.seq);
        break;
    }
    return node;
}

QList<QString> Workload::idsOf(Kind kind) const
{
    QList<QString> ids;
    for (const Inner &inner : m_inners) {
        if (inner.kind == kind)
            ids.append(inner.id);
    }
    return ids;
}

QString Workload::kindName(Kind kind)
{
    return QString::fromLatin1(kindNameUtf8(kind));
}

const char *Workload::kindNameUtf8(Kind kind)
{
    switch (kind) {
    case Kind::Site:
        return "site";
    case Kind::Device:
        return "device";
    case Kind::Reading:
        return "reading";
    case Kind::Job:
        return "job";
    }
    return "";
}

} // namespace CairnBench
