// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "node.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace CairnBench {

/*
 * The shape of a benchmark database, node by node in creation order, described without
 * Cairn types so that the Cairn run and the raw-SQLite reference write exactly the same
 * nodes. Inner nodes (sites, devices) get their ids up front, because a batch may name a
 * parent created earlier in the same batch; leaves (readings, jobs) get theirs from the
 * writer, as an ingesting client would leave it to the store.
 */
class Workload
{
public:
    enum class Kind { Site, Device, Reading, Job };

    // An inner node, with what a writer needs to place children below it without a read.
    struct Inner
    {
        Kind kind = Kind::Site;
        int parent = -1; // index into inners(), -1 for a root
        QString id;
        QString name;
        QByteArray idUtf8;
        QByteArray nameUtf8;
    };

    // One node to create.
    struct Spec
    {
        Kind kind = Kind::Reading;
        int parent = -1; // index into inners(), -1 for a root
        int inner = -1; // index into inners() when this node is an inner node
        qint64 seq = 0; // numbers the leaves; goes into the name and the data
        Cairn::Node::State state = Cairn::Node::State::Running;
    };

    // One root "plant" with devices below it and readings spread over the devices, about a
    // thousand per device: the batched-ingest shape.
    static Workload ingest(qint64 total);
    /*
     * Sites at the root, about a hundred devices per site and about a hundred readings per
     * device, plus one job in 250 nodes below the sites, a quarter in each state, so that
     * "kind=job state=available" picks one node in a thousand. Readings arrive round-robin
     * over the devices, as periodic reports would, so a device's children are spread over
     * the whole table and not stored side by side.
     */
    static Workload big(qint64 total);

    qint64 size() const { return m_total; }
    const QList<Inner> &inners() const { return m_inners; }
    Spec spec(qint64 index) const;
    // The Cairn form of a spec, as a client would fill it in.
    Cairn::Node node(const Spec &spec) const;
    // The ids of the inner nodes of one kind, for picking query targets.
    QList<QString> idsOf(Kind kind) const;
    qint64 jobCount() const { return m_jobs; }

    static QString kindName(Kind kind);
    static const char *kindNameUtf8(Kind kind);
    // The leaves' data values, exact in binary so that every JSON writer prints them alike.
    static double temperature(qint64 seq) { return 15.0 + double(seq % 200) * 0.125; }
    static int priority(qint64 seq) { return int(seq % 10); }

private:
    int addInner(Kind kind, int parent, const QString &name);

    qint64 m_total = 0;
    QList<Inner> m_inners;
    int m_firstDevice = 0;
    int m_devices = 0;
    int m_firstSite = 0;
    int m_sites = 0;
    qint64 m_jobs = 0;
    qint64 m_jobEvery = 0; // one leaf in this many is a job; 0: no jobs
};

} // namespace CairnBench
