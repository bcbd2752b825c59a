// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"

#include <QJsonObject>
#include <QString>

namespace Cairn {

/*
 * A kind of job ("process", "mqtt.publish", "docker"...): the runtime that runs it declares
 * it, with the semantic version of its parameter schema and the schema itself, a subset of
 * JSON Schema (type, properties, required, additionalProperties, items, enum, minimum,
 * maximum, minLength). Pipelines are checked against it before anything is queued.
 */
struct JobKind
{
    QString name;
    QString version; // "1.2.0": the version of the params schema
    QJsonObject schema; // of the params object
    QString description;
};

} // namespace Cairn
