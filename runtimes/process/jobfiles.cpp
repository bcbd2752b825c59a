// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "jobfiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>

namespace Cairn {

Result<QStringList> JobFiles::patterns(const QJsonValue &param)
{
    if (param.isUndefined())
        return QStringList();
    if (!param.isArray())
        return Error::invalid(QStringLiteral("params.artifacts"),
                              tr("artifacts must be a list of file names"));
    QStringList list;
    for (const QJsonValue &value : param.toArray()) {
        const QString pattern = value.toString();
        const QString clean = QDir::cleanPath(pattern);
        if (!value.isString() || pattern.isEmpty() || QDir::isAbsolutePath(pattern)
            || clean == QStringLiteral("..") || clean.startsWith(QLatin1String("../"))
            || QFileInfo(clean).path().contains(u'*') || QFileInfo(clean).path().contains(u'?'))
            return Error::invalid(
                    QStringLiteral("params.artifacts"),
                    tr("\"%1\" is not a file name inside the job's folder; write for example "
                       "report.md or out/*.log")
                            .arg(pattern));
        list.append(clean);
    }
    return list;
}

QJsonObject JobFiles::collect(const QString &dir, const QStringList &patterns)
{
    QJsonObject artifacts;
    const QDir base(dir);
    for (const QString &pattern : patterns) {
        const QFileInfo info(pattern);
        const QDir folder(base.filePath(info.path()));
        const QStringList names = folder.entryList({info.fileName()},
                                                   QDir::Files | QDir::NoDotAndDotDot, QDir::Name);
        for (const QString &name : names) {
            const QString relative = info.path() == QStringLiteral(".") ? name
                                                                        : info.path() + u'/' + name;
            artifacts.insert(relative,
                             QUrl::fromLocalFile(folder.absoluteFilePath(name)).toString());
        }
    }
    return artifacts;
}

Result<QJsonObject> JobFiles::result(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return QJsonObject();
    if (!file.open(QIODevice::ReadOnly))
        return Error::invalid(QStringLiteral("result"),
                              tr("cannot read %1: %2").arg(path, file.errorString()));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return Error::invalid(QStringLiteral("result"),
                              error.error != QJsonParseError::NoError
                                      ? tr("%1 is not JSON at offset %2: %3")
                                                .arg(path)
                                                .arg(error.offset)
                                                .arg(error.errorString())
                                      : tr("%1 holds no JSON object").arg(path));
    return document.object();
}

} // namespace Cairn
