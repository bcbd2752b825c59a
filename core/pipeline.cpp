// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "pipeline.h"

#include "jobkindregistry.h"
#include "jsonschema.h"
#include "paramtemplate.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <limits>

namespace Cairn {

namespace {

constexpr int DefaultPriority = 10;

const QStringList &pipelineKeys()
{
    static const QStringList keys = {QStringLiteral("name"), QStringLiteral("description"),
                                     QStringLiteral("inputs"), QStringLiteral("stages"),
                                     QStringLiteral("jobs")};
    return keys;
}

const QStringList &jobKeys()
{
    static const QStringList keys = {
            QStringLiteral("name"),          QStringLiteral("stage"),
            QStringLiteral("kind"),          QStringLiteral("version"),
            QStringLiteral("priority"),      QStringLiteral("params"),
            QStringLiteral("retry_attempt"), QStringLiteral("allow_failure"),
            QStringLiteral("timeout"),
    };
    return keys;
}

Error badName(const ConfigNode &node, const QString &name)
{
    return node.error(Pipeline::tr("\"%1\" is not a valid name: use a-z, 0-9, _ and -, not "
                                   "starting with -, at most 64 characters")
                              .arg(name));
}

Result<QString> readName(const ConfigNode &node)
{
    Result<QString> name = node.toString();
    if (name && !Pipeline::isValidName(*name))
        return badName(node, *name);
    return name;
}

Result<QString> readVersion(const ConfigNode &node)
{
    const QJsonValue value = node.value();
    if (value.isDouble()) {
        const double number = value.toDouble();
        // 1.10 written as a number reads as 1.1: only a major version may be written bare.
        if (number >= 0 && number <= 1e9 && number == std::floor(number))
            return QString::number(qint64(number));
        return node.error(Pipeline::tr("write the version as text in quotes, such as \"1.2\"; "
                                       "as a number, 1.10 would read as 1.1"));
    }
    Result<QString> version = node.toString();
    if (version && !JobKindRegistry::isValidVersion(*version))
        return node.error(Pipeline::tr("\"%1\" is not a semantic version; write for example 1, "
                                       "1.2 or 1.2.0")
                                  .arg(*version));
    return version;
}

// Malformed templates and unknown inputs are refused when the pipeline is read, not when a
// run reaches the job.
Status checkTemplates(const ConfigNode &node, const QList<PipelineInput> &inputs)
{
    const QJsonValue value = node.value();
    if (value.isString()) {
        Result<QStringList> expressions = ParamTemplate::expressions(value.toString());
        if (!expressions)
            return node.error(expressions.error().message);
        static const QLatin1String runInputs("run.inputs.");
        for (const QString &expression : std::as_const(*expressions)) {
            if (!expression.startsWith(runInputs))
                continue;
            static const QRegularExpression first(QStringLiteral("^[^.\\[]*"));
            const QString input = first.match(expression.mid(runInputs.size())).captured();
            const bool declared = std::any_of(
                    inputs.cbegin(), inputs.cend(),
                    [&](const PipelineInput &i) { return i.name == input; });
            if (!declared)
                return node.error(Pipeline::tr("${%1}: the pipeline has no input \"%2\"")
                                          .arg(expression, input));
        }
    } else if (value.isArray()) {
        for (qsizetype i = 0; i < node.size(); ++i) {
            if (Status s = checkTemplates(node.at(i), inputs); !s)
                return s;
        }
    } else if (value.isObject()) {
        const QStringList keys = node.keys();
        for (const QString &key : keys) {
            if (Status s = checkTemplates(node[key], inputs); !s)
                return s;
        }
    }
    return Done{};
}

// Keeps where each value of node is in the file, for errors found after reading.
void rememberLocations(const ConfigNode &node, QHash<QString, QString> *locations)
{
    const QString location = node.error(QString()).location;
    if (location.isEmpty())
        return;
    locations->insert(node.path(), location);
    if (node.isArray()) {
        for (qsizetype i = 0; i < node.size(); ++i)
            rememberLocations(node.at(i), locations);
    } else if (node.isObject()) {
        const QStringList keys = node.keys();
        for (const QString &key : keys)
            rememberLocations(node[key], locations);
    }
}

Result<QList<PipelineInput>> readInputs(const ConfigNode &node)
{
    QList<PipelineInput> inputs;
    if (Status s = node.requireObject(true); !s)
        return s.error();
    const QStringList names = node.keys();
    for (const QString &name : names) {
        const ConfigNode input = node[name];
        if (!Pipeline::isValidName(name))
            return badName(input, name);
        if (Status s = input.requireObject(); !s)
            return s.error();
        if (Status s = input.checkKeys({QStringLiteral("default"), QStringLiteral("description")});
            !s)
            return s.error();
        PipelineInput entry;
        entry.name = name;
        // "default: ~" is a default of null; only a missing default makes the input required.
        if (input.value().toObject().contains(QStringLiteral("default")))
            entry.defaultValue = input[QStringLiteral("default")].value();
        Result<QString> description = input[QStringLiteral("description")].toString(QString());
        if (!description)
            return description.error();
        entry.description = *description;
        inputs.append(entry);
    }
    return inputs;
}

Result<QStringList> readStages(const ConfigNode &node)
{
    if (node.isMissing())
        return node.error(Pipeline::tr("is required: list the stages in the order they run"));
    if (Status s = node.requireArray(); !s)
        return s.error();
    if (node.size() == 0)
        return node.error(Pipeline::tr("must list at least one stage"));
    QStringList stages;
    for (qsizetype i = 0; i < node.size(); ++i) {
        Result<QString> stage = readName(node.at(i));
        if (!stage)
            return stage.error();
        if (stages.contains(*stage))
            return node.at(i).error(Pipeline::tr("\"%1\" is given twice").arg(*stage));
        stages.append(*stage);
    }
    return stages;
}

Result<PipelineJob> readJob(const ConfigNode &node, const QStringList &stages,
                            const QList<PipelineInput> &inputs)
{
    if (Status s = node.requireObject(); !s)
        return s.error();
    if (Status s = node.checkKeys(jobKeys()); !s)
        return s.error();
    PipelineJob job;
    Result<QString> name = readName(node[QStringLiteral("name")]);
    if (!name)
        return name.error();
    job.name = *name;

    const ConfigNode stageNode = node[QStringLiteral("stage")];
    Result<QString> stage = stageNode.toString();
    if (!stage)
        return stage.error();
    if (!stages.contains(*stage))
        return stageNode.error(Pipeline::tr("\"%1\" is not a stage of this pipeline; its stages "
                                            "are: %2")
                                       .arg(*stage, stages.join(QStringLiteral(", "))));
    job.stage = *stage;

    const ConfigNode kindNode = node[QStringLiteral("kind")];
    Result<QString> kind = kindNode.toString();
    if (!kind)
        return kind.error();
    if (kind->isEmpty())
        return kindNode.error(Pipeline::tr("must name a job kind"));
    job.kind = *kind;

    Result<QString> version = readVersion(node[QStringLiteral("version")]);
    if (!version)
        return version.error();
    job.version = *version;

    Result<qint64> priority = node[QStringLiteral("priority")].toInteger(
            std::numeric_limits<int>::min(), std::numeric_limits<int>::max(), DefaultPriority);
    if (!priority)
        return priority.error();
    job.priority = int(*priority);

    const ConfigNode params = node[QStringLiteral("params")];
    if (Status s = params.requireObject(true); !s)
        return s.error();
    if (Status s = checkTemplates(params, inputs); !s)
        return s.error();
    job.params = params.value().toObject();

    Result<qint64> retry = node[QStringLiteral("retry_attempt")].toInteger(
            0, std::numeric_limits<int>::max(), 0);
    if (!retry)
        return retry.error();
    job.retryAttempt = int(*retry);

    Result<bool> allowFailure = node[QStringLiteral("allow_failure")].toBool(false);
    if (!allowFailure)
        return allowFailure.error();
    job.allowFailure = *allowFailure;

    const ConfigNode timeoutNode = node[QStringLiteral("timeout")];
    if (!timeoutNode.isMissing()) {
        const QJsonValue value = timeoutNode.value();
        if (value.isDouble() && value.toDouble() <= 0)
            return timeoutNode.error(Pipeline::tr("must be longer than zero"));
        Result<std::chrono::milliseconds> timeout = timeoutNode.toDuration();
        if (!timeout)
            return timeout.error();
        if (timeout->count() <= 0)
            return timeoutNode.error(Pipeline::tr("must be longer than zero"));
        job.timeout = *timeout;
    }
    return job;
}

} // namespace

/*!
    Whether name may name a pipeline, a stage, a job or an input: lower-case letters, digits,
    _ and -, not starting with -, at most 64 characters. They end up in paths, topics and
    command lines, where anything else would need quoting.
*/
bool Pipeline::isValidName(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-z0-9_][a-z0-9_-]{0,63}$"));
    return pattern.match(name).hasMatch();
}

/*!
    Reads the pipeline in the YAML or JSON file at path. Without a `name:` the pipeline is
    named after the file: "nightly.yaml" holds "nightly".
*/
Result<Pipeline> Pipeline::load(const QString &path)
{
    Result<ConfigDocument> document = ConfigDocument::load(path);
    if (!document)
        return document.error();
    const ConfigNode root = document->root();
    if (Status s = root.requireObject(); !s)
        return s.error();
    QString name;
    if (root[QStringLiteral("name")].isMissing()) {
        name = QFileInfo(path).baseName();
        if (!isValidName(name))
            return root[QStringLiteral("name")].error(
                    tr("is required, since the file name \"%1\" is not a valid name").arg(name));
    }
    return fromConfig(root, name);
}

/*!
    Reads a pipeline from node: a file's root, or an entry of the project file's `pipelines:`
    with name its key. Checks the structure: known keys, stages, names, priorities, timeouts,
    and the templates in params; kinds and params are checked by validate(). Every error names
    the file, line, column and field.
*/
Result<Pipeline> Pipeline::fromConfig(const ConfigNode &node, const QString &name)
{
    if (Status s = node.requireObject(); !s)
        return s.error();
    if (Status s = node.checkKeys(pipelineKeys()); !s)
        return s.error();
    Pipeline pipeline;
    pipeline.m_path = node.path();

    const ConfigNode nameNode = node[QStringLiteral("name")];
    if (nameNode.isMissing()) {
        if (name.isEmpty())
            return nameNode.error(tr("is required"));
        if (!isValidName(name))
            return badName(node, name);
        pipeline.name = name;
    } else {
        Result<QString> declared = readName(nameNode);
        if (!declared)
            return declared.error();
        if (!name.isEmpty() && *declared != name)
            return nameNode.error(tr("\"%1\" differs from \"%2\", the name the pipeline is "
                                     "listed under")
                                          .arg(*declared, name));
        pipeline.name = *declared;
    }

    Result<QString> description = node[QStringLiteral("description")].toString(QString());
    if (!description)
        return description.error();
    pipeline.description = *description;

    Result<QList<PipelineInput>> inputs = readInputs(node[QStringLiteral("inputs")]);
    if (!inputs)
        return inputs.error();
    pipeline.inputs = *inputs;

    Result<QStringList> stages = readStages(node[QStringLiteral("stages")]);
    if (!stages)
        return stages.error();
    pipeline.stages = *stages;

    const ConfigNode jobs = node[QStringLiteral("jobs")];
    if (jobs.isMissing())
        return jobs.error(tr("is required"));
    if (Status s = jobs.requireArray(); !s)
        return s.error();
    if (jobs.size() == 0)
        return jobs.error(tr("must list at least one job"));
    QHash<QString, qsizetype> jobIndex;
    for (qsizetype i = 0; i < jobs.size(); ++i) {
        const ConfigNode jobNode = jobs.at(i);
        Result<PipelineJob> job = readJob(jobNode, pipeline.stages, pipeline.inputs);
        if (!job)
            return job.error();
        if (jobIndex.contains(job->name))
            return jobNode[QStringLiteral("name")].error(
                    tr("\"%1\" is the name of jobs[%2] already")
                            .arg(job->name)
                            .arg(jobIndex.value(job->name)));
        jobIndex.insert(job->name, i);
        pipeline.jobs.append(*job);
        rememberLocations(jobNode[QStringLiteral("kind")], &pipeline.m_locations);
        rememberLocations(jobNode[QStringLiteral("version")], &pipeline.m_locations);
        rememberLocations(jobNode[QStringLiteral("params")], &pipeline.m_locations);
        if (const QString location = jobNode.error(QString()).location; !location.isEmpty())
            pipeline.m_locations.insert(jobNode.path(), location);
    }
    return pipeline;
}

/*!
    Reads a pipeline that toJson() wrote, as stored with a run. Its errors have no location.
*/
Result<Pipeline> Pipeline::fromJson(const QJsonObject &json)
{
    return fromConfig(ConfigNode(nullptr, QString(), json), QString());
}

/*!
    The definition in the format of a pipeline file, with every default written out, for
    storing with a run: what ran stays known when the file changes. fromJson() reads it back.
*/
QJsonObject Pipeline::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("name"), name);
    if (!description.isEmpty())
        json.insert(QStringLiteral("description"), description);
    if (!inputs.isEmpty()) {
        QJsonObject list;
        for (const PipelineInput &input : inputs) {
            QJsonObject entry;
            if (!input.isRequired())
                entry.insert(QStringLiteral("default"), input.defaultValue);
            if (!input.description.isEmpty())
                entry.insert(QStringLiteral("description"), input.description);
            list.insert(input.name, entry);
        }
        json.insert(QStringLiteral("inputs"), list);
    }
    json.insert(QStringLiteral("stages"), QJsonArray::fromStringList(stages));
    QJsonArray list;
    for (const PipelineJob &job : jobs) {
        QJsonObject entry;
        entry.insert(QStringLiteral("name"), job.name);
        entry.insert(QStringLiteral("stage"), job.stage);
        entry.insert(QStringLiteral("kind"), job.kind);
        entry.insert(QStringLiteral("version"), job.version);
        entry.insert(QStringLiteral("priority"), job.priority);
        entry.insert(QStringLiteral("params"), job.params);
        entry.insert(QStringLiteral("retry_attempt"), job.retryAttempt);
        entry.insert(QStringLiteral("allow_failure"), job.allowFailure);
        if (job.timeout.count() > 0) {
            // Whole seconds as the number a person would write, anything finer exactly.
            if (job.timeout.count() % 1000 == 0)
                entry.insert(QStringLiteral("timeout"), qint64(job.timeout.count() / 1000));
            else
                entry.insert(QStringLiteral("timeout"),
                             QStringLiteral("%1ms").arg(job.timeout.count()));
        }
        list.append(entry);
    }
    json.insert(QStringLiteral("jobs"), list);
    return json;
}

/*!
    Checks every job against registry: its kind is known, in a version that fits the one
    asked for, and its params match the kind's schema. A string that is a ${...} template
    passes where any type is wanted, and one with templates inside text where text is; the
    rest is checked in full. The error's field is the path into the params
    ("jobs[2].params.args[1]") and its location the place of that value in the file.
*/
Status Pipeline::validate(const JobKindRegistry &registry) const
{
    for (qsizetype i = 0; i < jobs.size(); ++i) {
        const PipelineJob &job = jobs.at(i);
        Result<JobKind> kind = registry.find(job.kind, job.version);
        if (!kind)
            return located(jobPath(i) + QLatin1Char('.') + kind.error().field, kind.error());
        const JsonSchema schema(kind->schema);
        if (Status s = schema.validate(job.params, jobPath(i) + QStringLiteral(".params"),
                                       JsonSchema::AllowTemplates);
            !s)
            return located(s.error().field, s.error());
    }
    return Done{};
}

/*!
    The jobs of stages[stage] in the order they start: smaller priority first, then as
    written. Empty for a stage without jobs, which is allowed and passes at once, and for an
    index out of range.
*/
QList<PipelineJob> Pipeline::jobsOfStage(qsizetype stage) const
{
    QList<PipelineJob> list;
    if (stage < 0 || stage >= stages.size())
        return list;
    for (const PipelineJob &job : jobs) {
        if (job.stage == stages.at(stage))
            list.append(job);
    }
    std::stable_sort(list.begin(), list.end(), [](const PipelineJob &a, const PipelineJob &b) {
        return a.priority < b.priority;
    });
    return list;
}

/*!
    The inputs of a run from those given: refuses a name the pipeline does not declare, and a
    declared input without a default that is not given; adds the defaults of the others. The
    error's field is "inputs.NAME".
*/
Result<QJsonObject> Pipeline::resolveInputs(const QJsonObject &given) const
{
    QStringList names;
    for (const PipelineInput &input : inputs)
        names.append(input.name);
    for (auto it = given.begin(); it != given.end(); ++it) {
        if (!names.contains(it.key()))
            return Error::invalid(
                    QStringLiteral("inputs.") + it.key(),
                    names.isEmpty() ? tr("unknown input; pipeline %1 takes no inputs").arg(name)
                                    : tr("unknown input; pipeline %1 takes: %2")
                                              .arg(name, names.join(QStringLiteral(", "))));
    }
    QJsonObject resolved = given;
    for (const PipelineInput &input : inputs) {
        if (resolved.contains(input.name))
            continue;
        if (input.isRequired())
            return Error::invalid(QStringLiteral("inputs.") + input.name,
                                  tr("is required by pipeline %1").arg(name));
        resolved.insert(input.name, input.defaultValue);
    }
    return resolved;
}

/*!
    Resolves the ${...} templates in the params of every job, all or none. See ParamTemplate
    for what they may refer to.
*/
Status Pipeline::resolveParams(const QJsonObject &context, QList<PipelineJob> *resolved) const
{
    QJsonObject base = context;
    QJsonObject run = context.value(QStringLiteral("run")).toObject();
    QJsonObject runInputs = run.value(QStringLiteral("inputs")).toObject();
    for (const PipelineInput &input : inputs) {
        if (!input.isRequired() && !runInputs.contains(input.name))
            runInputs.insert(input.name, input.defaultValue);
    }
    run.insert(QStringLiteral("inputs"), runInputs);
    base.insert(QStringLiteral("run"), run);
    const QJsonObject jobBase = context.value(QStringLiteral("job")).toObject();

    QList<PipelineJob> list;
    list.reserve(jobs.size());
    for (qsizetype i = 0; i < jobs.size(); ++i) {
        PipelineJob job = jobs.at(i);
        QJsonObject jobContext = jobBase;
        jobContext.insert(QStringLiteral("name"), job.name);
        jobContext.insert(QStringLiteral("stage"), job.stage);
        jobContext.insert(QStringLiteral("kind"), job.kind);
        QJsonObject jobsContext = base;
        jobsContext.insert(QStringLiteral("job"), jobContext);
        Result<QJsonValue> params = ParamTemplate(jobsContext)
                                            .resolve(job.params, job.name,
                                                     jobPath(i) + QStringLiteral(".params"));
        if (!params)
            return params.error();
        job.params = params->toObject();
        list.append(job);
    }
    *resolved = list;
    return Done{};
}

QString Pipeline::jobPath(qsizetype index) const
{
    const QString jobs = QStringLiteral("jobs[%1]").arg(index);
    return m_path.isEmpty() ? jobs : m_path + QLatin1Char('.') + jobs;
}

// error at path, with the place in the file of path or of its closest known parent.
Error Pipeline::located(const QString &path, const Error &error) const
{
    Error result = error;
    result.field = path;
    result.location.clear();
    QString p = path;
    while (!p.isEmpty()) {
        const auto it = m_locations.constFind(p);
        if (it != m_locations.cend() && !it->isEmpty()) {
            result.location = *it;
            break;
        }
        const qsizetype cut = std::max(p.lastIndexOf(QLatin1Char('.')),
                                       p.lastIndexOf(QLatin1Char('[')));
        p = cut < 0 ? QString() : p.left(cut);
    }
    return result;
}

bool operator==(const Pipeline &a, const Pipeline &b)
{
    // Where each was read from is not part of the definition.
    return a.name == b.name && a.description == b.description && a.inputs == b.inputs
            && a.stages == b.stages && a.jobs == b.jobs;
}

} // namespace Cairn
