// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "jobstate.h"

namespace Cairn::JobStates {

QString name(JobState state)
{
    switch (state) {
    case JobState::Ready:
        return QStringLiteral("READY");
    case JobState::InProgress:
        return QStringLiteral("IN_PROGRESS");
    case JobState::Done:
        return QStringLiteral("DONE");
    case JobState::Cancelled:
        return QStringLiteral("CANCELLED");
    case JobState::Error:
        return QStringLiteral("ERROR");
    }
    return {};
}

std::optional<JobState> fromName(QStringView name)
{
    for (JobState state : {JobState::Ready, JobState::InProgress, JobState::Done,
                           JobState::Cancelled, JobState::Error}) {
        if (name == JobStates::name(state))
            return state;
    }
    return std::nullopt;
}

bool isFinished(JobState state)
{
    return state == JobState::Done || state == JobState::Cancelled || state == JobState::Error;
}

/*!
    Whether the queue may move a job from \a from to \a to: the edges of the task-pipeline
    diagram, plus IN_PROGRESS -> CANCELLED for a running job stopped on request. Staying in
    a state is not a transition.
*/
bool canTransition(JobState from, JobState to)
{
    switch (from) {
    case JobState::Ready:
        return to == JobState::InProgress || to == JobState::Cancelled;
    case JobState::InProgress:
        return to == JobState::Done || to == JobState::Error || to == JobState::Ready
                || to == JobState::Cancelled;
    case JobState::Done:
    case JobState::Cancelled:
    case JobState::Error:
        return false;
    }
    return false;
}

/*!
    A finished job may be queued again by a person: it starts a new life at READY, outside
    the automatic transitions. Its attempt numbers keep counting, so that each attempt keeps
    its own folder and log and a late report of an old attempt can never match the new one.
*/
bool canRetry(JobState state)
{
    return isFinished(state);
}

} // namespace Cairn::JobStates
