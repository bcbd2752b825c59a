// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"
#include "jobkindregistry.h"
#include "pipeline.h"

#include <QCoreApplication>
#include <QList>

namespace CairnCtl {

// Where a pipeline was read from, so that an error found in it elsewhere can point into the
// file: a pipeline file of its own, or the entry `entry` of a project file's `pipelines:`.
struct PipelineOrigin
{
    QString file;
    QString entry;
};

/*
 * Where the pipeline commands and "run start" find pipelines: a pipeline file of its own,
 * or an entry of the `pipelines:` mapping of a project file. Also the job kinds a pipeline
 * is checked against, those of the runtimes that cairnd runs.
 */
class PipelineSource
{
    Q_DECLARE_TR_FUNCTIONS(CairnCtl::PipelineSource)
public:
    // One entry of a project's `pipelines:`, read on its own: a bad one hides no other.
    struct Entry
    {
        QString name;
        Cairn::Result<Cairn::Pipeline> pipeline;
    };

    // pipeline: the path of a pipeline file; with projectFile, the name of a pipeline in it.
    static Cairn::Result<Cairn::Pipeline> load(const QString &pipeline,
                                               const QString &projectFile = {});
    // Every pipeline of the project file, by name.
    static Cairn::Result<QList<Entry>> loadProject(const QString &projectFile);

    // The kinds of the process runtime and of the built-in runtime.
    static Cairn::Result<Cairn::JobKindRegistry> knownKinds();
    // Pipeline::validate(), with every fault in the file an Invalid error: an unknown kind
    // is as much a mistake in the pipeline as a bad parameter.
    static Cairn::Status validate(const Cairn::Pipeline &pipeline,
                                  const Cairn::JobKindRegistry &registry);
    // An error found in the pipeline of origin by a reader that only saw the pipeline (its
    // fields are the pipeline's own, "jobs[0].kind"), with the field and location it has in
    // the file.
    static Cairn::Error locate(const Cairn::Error &error, const PipelineOrigin &origin);
};

} // namespace CairnCtl
