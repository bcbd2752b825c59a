// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "pipelinesource.h"

#include "builtinruntime.h"
#include "configdocument.h"
#include "processruntime.h"

using Cairn::ConfigNode;
using Cairn::Error;
using Cairn::Pipeline;
using Cairn::Result;

namespace CairnCtl {

namespace {

// The `pipelines:` mapping of the project document, or why there is none.
Result<ConfigNode> pipelinesOf(const Cairn::ConfigDocument &document)
{
    const ConfigNode root = document.root();
    if (Cairn::Status s = root.requireObject(); !s)
        return s.error();
    const ConfigNode pipelines = root[QStringLiteral("pipelines")];
    if (pipelines.isMissing())
        return pipelines.error(PipelineSource::tr("the project file defines no pipelines"));
    if (Cairn::Status s = pipelines.requireObject(); !s)
        return s.error();
    return pipelines;
}

} // namespace

/*!
    Reads the pipeline file \a pipeline, or with \a projectFile the pipeline of that name
    under the project's `pipelines:`. Every error names the file, and where in it the fault
    is.
*/
Result<Pipeline> PipelineSource::load(const QString &pipeline, const QString &projectFile)
{
    if (projectFile.isEmpty())
        return Pipeline::load(pipeline);
    Result<Cairn::ConfigDocument> document = Cairn::ConfigDocument::load(projectFile);
    if (!document)
        return document.error();
    Result<ConfigNode> pipelines = pipelinesOf(*document);
    if (!pipelines)
        return pipelines.error();
    const ConfigNode entry = (*pipelines)[pipeline];
    if (entry.isMissing()) {
        Error error = pipelines->error(
                tr("there is no pipeline \"%1\"; the project has: %2")
                        .arg(pipeline, pipelines->keys().join(QStringLiteral(", "))));
        error.code = Error::NotFound;
        return error;
    }
    return Pipeline::fromConfig(entry, pipeline);
}

Result<QList<PipelineSource::Entry>> PipelineSource::loadProject(const QString &projectFile)
{
    Result<Cairn::ConfigDocument> document = Cairn::ConfigDocument::load(projectFile);
    if (!document)
        return document.error();
    Result<ConfigNode> pipelines = pipelinesOf(*document);
    if (!pipelines)
        return pipelines.error();
    QList<Entry> entries;
    const QStringList names = pipelines->keys();
    for (const QString &name : names)
        entries.append({name, Pipeline::fromConfig((*pipelines)[name], name)});
    return entries;
}

/*!
    The job kinds of the runtimes cairnd runs without any configuration: "process", and the
    built-in "mqtt.publish", "http.request" and "node.create".
*/
Result<Cairn::JobKindRegistry> PipelineSource::knownKinds()
{
    Cairn::JobKindRegistry registry;
    const QList<Cairn::JobKind> kinds = QList<Cairn::JobKind>{Cairn::ProcessRuntime::processKind()}
            + Cairn::BuiltinRuntime::jobKinds();
    for (const Cairn::JobKind &kind : kinds) {
        if (Cairn::Status added = registry.add(kind); !added)
            return added.error();
    }
    return registry;
}

Cairn::Status PipelineSource::validate(const Pipeline &pipeline,
                                       const Cairn::JobKindRegistry &registry)
{
    Cairn::Status valid = pipeline.validate(registry);
    if (valid)
        return valid;
    Error error = valid.error();
    error.code = Error::Invalid;
    return error;
}

/*!
    Gives \a error the field and location it has in the file \a origin names: cairnd checks
    a pipeline it is sent on its own, so the fields it names start at the pipeline.
*/
Error PipelineSource::locate(const Error &error, const PipelineOrigin &origin)
{
    if (error.code != Error::Invalid || origin.file.isEmpty())
        return error;
    Error located = error;
    if (!origin.entry.isEmpty())
        located.field = QStringLiteral("pipelines.") + origin.entry
                + (error.field.isEmpty() ? QString() : u'.' + error.field);
    const Result<Cairn::ConfigDocument> document = Cairn::ConfigDocument::load(origin.file);
    located.location = document ? document->location(located.field) : origin.file;
    return located;
}

} // namespace CairnCtl
