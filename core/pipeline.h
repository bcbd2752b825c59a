// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "configdocument.h"
#include "error.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QStringList>

#include <chrono>

namespace Cairn {

class JobKindRegistry;

// An input a run of the pipeline takes, referenced as ${run.inputs.NAME}.
struct PipelineInput
{
    QString name;
    QJsonValue defaultValue = QJsonValue::Undefined; // Undefined: every run must give it
    QString description;

    bool isRequired() const { return defaultValue.isUndefined(); }
    friend bool operator==(const PipelineInput &, const PipelineInput &) = default;
};

// One job of a pipeline, as written: its params may still hold ${...} templates.
struct PipelineJob
{
    QString name; // unique in the pipeline
    QString stage; // one of the pipeline's stages
    QString kind; // a kind of the JobKindRegistry: "process", "mqtt.publish"...
    QString version; // of the kind's params schema, as asked for: "1", "1.2", "1.2.0"
    int priority = 10; // in its stage, smaller runs first
    QJsonObject params;
    int retryAttempt = 0; // retries after a failure or a timeout; 0: none
    bool allowFailure = false; // a failure does not stop the pipeline
    std::chrono::milliseconds timeout{0}; // 0: none

    friend bool operator==(const PipelineJob &, const PipelineJob &) = default;
};

/*
 * A pipeline: stages run one after the other; the jobs of a stage run side by side, by
 * priority. Read from a file of its own or from `pipelines: {NAME: {...}}` of the project
 * file:
 *
 *   name: nightly
 *   description: Build and test every night
 *   inputs:
 *     board: {default: qemu-x86_64, description: The board to test on}
 *   stages: [build, test]
 *   jobs:
 *     - name: compile
 *       stage: build
 *       kind: process
 *       version: "1"
 *       priority: 10
 *       params: {command: make, args: [-j2, "BOARD=${run.inputs.board}"]}
 *       retry_attempt: 0
 *       allow_failure: false
 *       timeout: 30m
 *
 * Reading checks the structure; validate() checks kinds, versions and params against the
 * JobKindRegistry. Both name the file, line, column and field of what is wrong.
 */
struct Pipeline
{
    Q_DECLARE_TR_FUNCTIONS(Cairn::Pipeline)
public:
    QString name;
    QString description;
    QList<PipelineInput> inputs; // sorted by name
    QStringList stages; // in the order they run
    QList<PipelineJob> jobs; // in the order they are written

    // A file holding one pipeline; its name defaults to the file's base name.
    static Result<Pipeline> load(const QString &path);
    // name: the key under `pipelines:`; a `name:` in the node must agree with it. With an
    // empty name, the node must have a `name:`.
    static Result<Pipeline> fromConfig(const ConfigNode &node, const QString &name);
    // What toJson() wrote, with the same checks.
    static Result<Pipeline> fromJson(const QJsonObject &json);
    // The definition in the format of the file, with every default written out.
    QJsonObject toJson() const;

    // Every kind and version known, every params object as its kind's schema wants it.
    Status validate(const JobKindRegistry &registry) const;

    // The jobs of stages[stage], by priority, then in the order they are written.
    QList<PipelineJob> jobsOfStage(qsizetype stage) const;

    // The inputs of a run: given, with the defaults of those not given. Refuses an unknown
    // input and a missing one that has no default.
    Result<QJsonObject> resolveInputs(const QJsonObject &given) const;
    // Every job with its params templates resolved from context ({"event": ..., "run":
    // {"id": ..., "inputs": ...}}); run.inputs gets the defaults of inputs not in it, and
    // job gets the name, stage and kind of each job. *resolved is only set on success.
    Status resolveParams(const QJsonObject &context, QList<PipelineJob> *resolved) const;

    // Names of pipelines, stages, jobs and inputs: [a-z0-9_-], not starting with -, 1 to 64.
    static bool isValidName(const QString &name);

    friend bool operator==(const Pipeline &a, const Pipeline &b);

private:
    QString jobPath(qsizetype index) const;
    Error located(const QString &path, const Error &error) const;

    // Where the pipeline came from, so that validate() can point into the file: the path of
    // its node ("" or "pipelines.nightly"), and "file:line:column" of the values of each job.
    QString m_path;
    QHash<QString, QString> m_locations;
};

} // namespace Cairn
