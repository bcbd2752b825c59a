// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QMetaType>
#include <QString>

#include <optional>

namespace Cairn {

/*
 * The life of a job in the queue, as task-pipeline draws it:
 *
 *   [*] -> READY -> IN_PROGRESS -> DONE | ERROR
 *                   IN_PROGRESS -> READY       (an attempt ended and another one is due)
 *          READY -> CANCELLED
 *
 * Cairn adds IN_PROGRESS -> CANCELLED: it also stops running jobs on request. A retry asked
 * for by a person starts the diagram over ([*] -> READY), see canRetry().
 */
enum class JobState { Ready, InProgress, Done, Cancelled, Error };

namespace JobStates {

// "READY", "IN_PROGRESS", "DONE", "CANCELLED", "ERROR": the text stored in the queue.
QString name(JobState state);
std::optional<JobState> fromName(QStringView name);

bool isFinished(JobState state);
bool canTransition(JobState from, JobState to);
// Whether a person may queue a job in this state again.
bool canRetry(JobState state);

} // namespace JobStates

} // namespace Cairn

Q_DECLARE_METATYPE(Cairn::JobState)
