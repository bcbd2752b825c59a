// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "rawnodewriter.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>

namespace CairnBench {

namespace {

constexpr int UuidLength = 36;
constexpr int TimeLength = 24; // "2026-11-24T05:55:13.123Z"

const char *stateText(Cairn::Node::State state)
{
    switch (state) {
    case Cairn::Node::State::Running:
        return "running";
    case Cairn::Node::State::Available:
        return "available";
    case Cairn::Node::State::Closing:
        return "closing";
    case Cairn::Node::State::Done:
        return "done";
    }
    return "running";
}

void appendQuoted(std::string &out, const char *text, size_t size)
{
    // Names, kinds and ids of the workload hold no character JSON would escape.
    out += '"';
    out.append(text, size);
    out += '"';
}

} // namespace

bool RawNodeWriter::open(const QString &file, const QString &source)
{
    m_source = source.toStdString();
    if (!m_db.open(file) || !m_db.setUpLikeCairn())
        return false;
    return m_db.prepare("SELECT path, lineage, depth FROM nodes WHERE id = ?", &m_selectParent)
            && m_db.prepare("INSERT INTO nodes (id, parent, kind, name, path, lineage, depth, "
                            "state, result, data, artifacts, owner, created, updated, timeout, "
                            "holdoff, revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                            "?, ?, ?, 1)",
                            &m_insertNode)
            && m_db.prepare("INSERT INTO events (id, type, source, subject, time, data) VALUES "
                            "(?, ?, ?, ?, ?, ?)",
                            &m_insertEvent);
}

bool RawNodeWriter::begin()
{
    // The store keeps parents for one transaction only: another writer may move on between.
    m_placements.clear();
    return m_db.exec("BEGIN IMMEDIATE");
}

bool RawNodeWriter::commit()
{
    return m_db.exec("COMMIT");
}

QString RawNodeWriter::errorString() const
{
    return m_error.isEmpty() ? m_db.errorString() : m_error;
}

const RawNodeWriter::Placement *RawNodeWriter::parentPlacement(const QByteArray &id)
{
    std::string key(id.constData(), size_t(id.size()));
    if (const auto it = m_placements.find(key); it != m_placements.end())
        return &it->second;

    m_selectParent.bindText(1, id);
    const RawSqlite::Statement::Step step = m_selectParent.next();
    if (step != RawSqlite::Statement::Step::Row) {
        m_selectParent.reset();
        if (step == RawSqlite::Statement::Step::Done)
            m_error = QStringLiteral("There is no node %1.").arg(QString::fromUtf8(id));
        return nullptr;
    }
    Placement place;
    int size = 0;
    const char *text = m_selectParent.columnText(0, &size);
    place.path.assign(text, size_t(size));
    text = m_selectParent.columnText(1, &size);
    place.lineage.assign(text, size_t(size));
    place.depth = int(m_selectParent.columnInt(2));
    m_selectParent.reset();
    // "/a/b" becomes "\"a\",\"b\"" for the event's path array.
    for (size_t start = 1; start <= place.path.size();) {
        size_t end = place.path.find('/', start);
        if (end == std::string::npos)
            end = place.path.size();
        if (!place.pathJson.empty())
            place.pathJson += ',';
        appendQuoted(place.pathJson, place.path.data() + start, end - start);
        start = end + 1;
    }
    return &m_placements.emplace(std::move(key), std::move(place)).first->second;
}

bool RawNodeWriter::write(const Workload &workload, const Workload::Spec &spec)
{
    m_error.clear();
    char id[UuidLength + 1];
    char name[32];
    const char *nameText = name;
    int nameSize = 0;
    if (spec.inner >= 0) {
        const Workload::Inner &inner = workload.inners().at(spec.inner);
        std::memcpy(id, inner.idUtf8.constData(), UuidLength);
        nameText = inner.nameUtf8.constData();
        nameSize = int(inner.nameUtf8.size());
    } else {
        newUuid7(id);
        nameSize = std::snprintf(name, sizeof name, "%s-%lld",
                                 spec.kind == Workload::Kind::Job ? "job" : "reading",
                                 static_cast<long long>(spec.seq));
    }
    id[UuidLength] = '\0';

    const Placement *parent = nullptr;
    const QByteArray *parentId = nullptr;
    if (spec.parent >= 0) {
        parentId = &workload.inners().at(spec.parent).idUtf8;
        parent = parentPlacement(*parentId);
        if (!parent)
            return false;
    }
    Placement &place = m_place;
    if (parent) {
        place.path = parent->path;
        place.lineage = parent->lineage;
        place.pathJson = parent->pathJson;
        place.pathJson += ',';
        place.depth = parent->depth + 1;
    } else {
        place.path.clear();
        place.lineage = "/";
        place.pathJson.clear();
        place.depth = 0;
    }
    place.path += '/';
    place.path.append(nameText, size_t(nameSize));
    place.lineage.append(id, UuidLength);
    place.lineage += '/';
    appendQuoted(place.pathJson, nameText, size_t(nameSize));

    // The data object with its keys in the order QJsonObject keeps them: sorted.
    char data[96];
    int dataSize = 0;
    switch (spec.kind) {
    case Workload::Kind::Site:
    case Workload::Kind::Device:
        dataSize = std::snprintf(data, sizeof data, "{\"seq\":%lld}",
                                 static_cast<long long>(spec.seq));
        break;
    case Workload::Kind::Reading:
        dataSize = std::snprintf(data, sizeof data, "{\"seq\":%lld,\"temperature\":%g}",
                                 static_cast<long long>(spec.seq), Workload::temperature(spec.seq));
        break;
    case Workload::Kind::Job:
        dataSize = std::snprintf(data, sizeof data, "{\"priority\":%d,\"seq\":%lld}",
                                 Workload::priority(spec.seq), static_cast<long long>(spec.seq));
        break;
    }
    char now[TimeLength + 1];
    nowText(now);
    const char *kind = Workload::kindNameUtf8(spec.kind);
    const char *state = stateText(spec.state);

    m_insertNode.bindText(1, id, UuidLength);
    if (parentId)
        m_insertNode.bindText(2, *parentId);
    else
        m_insertNode.bindNull(2);
    m_insertNode.bindText(3, kind, int(std::strlen(kind)));
    m_insertNode.bindText(4, nameText, nameSize);
    m_insertNode.bindText(5, place.path.data(), int(place.path.size()));
    m_insertNode.bindText(6, place.lineage.data(), int(place.lineage.size()));
    m_insertNode.bindInt(7, place.depth);
    m_insertNode.bindText(8, state, int(std::strlen(state)));
    m_insertNode.bindNull(9);
    m_insertNode.bindText(10, data, dataSize);
    m_insertNode.bindText(11, "{}", 2);
    m_insertNode.bindNull(12);
    m_insertNode.bindText(13, now, TimeLength);
    m_insertNode.bindText(14, now, TimeLength);
    m_insertNode.bindNull(15);
    m_insertNode.bindNull(16);
    if (!m_insertNode.execute())
        return false;

    // The event carries the node as Node::toJson() writes it, keys sorted, compact.
    std::string &event = m_event;
    event.assign("{\"artifacts\":{},\"created\":\"");
    event.append(now, TimeLength);
    event += "\",\"data\":";
    event.append(data, size_t(dataSize));
    event += ",\"holdoff\":null,\"id\":";
    appendQuoted(event, id, UuidLength);
    event += ",\"kind\":";
    appendQuoted(event, kind, std::strlen(kind));
    event += ",\"name\":";
    appendQuoted(event, nameText, size_t(nameSize));
    event += ",\"owner\":null,\"parent\":";
    if (parentId)
        appendQuoted(event, parentId->constData(), size_t(parentId->size()));
    else
        event += "null";
    event += ",\"path\":[";
    event += place.pathJson;
    event += "],\"result\":null,\"revision\":1,\"state\":";
    appendQuoted(event, state, std::strlen(state));
    event += ",\"timeout\":null,\"updated\":\"";
    event.append(now, TimeLength);
    event += "\"}";

    char eventId[UuidLength + 1];
    newUuid7(eventId);
    static constexpr char type[] = "cairn.node.created";
    m_insertEvent.bindText(1, eventId, UuidLength);
    m_insertEvent.bindText(2, type, int(sizeof type - 1));
    m_insertEvent.bindText(3, m_source.data(), int(m_source.size()));
    m_insertEvent.bindText(4, id, UuidLength);
    m_insertEvent.bindText(5, now, TimeLength);
    m_insertEvent.bindText(6, event.data(), int(event.size()));
    if (!m_insertEvent.execute())
        return false;

    // Any node of the transaction may be a later node's parent, as in the store.
    m_placements.insert_or_assign(std::string(id, UuidLength), place);
    return true;
}

// A UUIDv7 laid out as createUuid7() lays it out: milliseconds, a 12-bit counter, random.
void RawNodeWriter::newUuid7(char *out)
{
    qint64 ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
    if (ms > m_lastMs) {
        m_lastMs = ms;
        m_counter = quint32(m_random() & 0x7ff);
    } else {
        ms = m_lastMs;
        if (++m_counter > 0xfff) {
            m_lastMs = ++ms;
            m_counter = 0;
        }
    }
    const quint64 random = m_random();
    unsigned char b[16];
    for (int i = 0; i < 6; ++i)
        b[i] = static_cast<unsigned char>(quint64(ms) >> (40 - 8 * i));
    b[6] = static_cast<unsigned char>(0x70 | ((m_counter >> 8) & 0x0f));
    b[7] = static_cast<unsigned char>(m_counter);
    b[8] = static_cast<unsigned char>(0x80 | ((random >> 56) & 0x3f));
    for (int i = 9; i < 16; ++i)
        b[i] = static_cast<unsigned char>(random >> (8 * (15 - i)));
    static constexpr char hex[] = "0123456789abcdef";
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            *out++ = '-';
        *out++ = hex[b[i] >> 4];
        *out++ = hex[b[i] & 0x0f];
    }
    *out = '\0';
}

void RawNodeWriter::nowText(char *out)
{
    const qint64 ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count();
    const std::time_t seconds = std::time_t(ms / 1000);
    std::tm utc;
    gmtime_r(&seconds, &utc);
    // Room for any int, so the compiler sees no truncation; the fields have fixed widths.
    char text[64];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                  utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, int(ms % 1000));
    std::memcpy(out, text, TimeLength);
    out[TimeLength] = '\0';
}

} // namespace CairnBench
