// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

namespace Cairn {

/*
 * What a finished process leaves for Cairn in its folder: the files its `artifacts`
 * patterns name, which become artifacts of the job (name -> file URL), and result.json,
 * whose object becomes the job's result data.
 */
class JobFiles
{
    Q_DECLARE_TR_FUNCTIONS(Cairn::JobFiles)
public:
    // The `artifacts` param: relative paths whose last part may hold * and ?, such as
    // "report.md" or "out/*.log". Paths leaving the folder are refused.
    static Result<QStringList> patterns(const QJsonValue &param);
    // The files below dir that patterns match, by their path relative to dir.
    static QJsonObject collect(const QString &dir, const QStringList &patterns);
    // The object in the file at path; nothing when there is no file; an error when it is
    // not a JSON object.
    static Result<QJsonObject> result(const QString &path);
};

} // namespace Cairn
