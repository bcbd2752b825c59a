// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "daemon.h"

#include "enginelogging.h"
#include "signalwatcher.h"

#include <QLoggingCategory>
#include <QTextStream>

#include <csignal>

namespace Cairn {

namespace {

void printError(const QString &text)
{
    QTextStream(stderr) << QCoreApplication::applicationName() << ": " << text << Qt::endl;
}

} // namespace

Daemon::Daemon(QObject *parent) : QObject(parent)
{
    connect(&m_engine, &Engine::stopped, this, [this] { Q_EMIT finished(ExitOk); });
}

Daemon::~Daemon() = default;

int Daemon::fail(const Error &error)
{
    printError(error.toString());
    return error.code == Error::Invalid ? ExitConfiguration : ExitFailure;
}

int Daemon::check(const QString &projectFile)
{
    Result<ProjectConfig> config = ProjectConfig::load(projectFile);
    if (!config) { // unreadable or wrong: either way the file is at fault
        printError(config.error().toString());
        return ExitConfiguration;
    }
    config->databaseUrl = QStringLiteral("sqlite::memory:");
    QLoggingCategory::setFilterRules(QStringLiteral("cairn.*.debug=false\ncairn.*.info=false"));
    Engine engine;
    if (Status opened = engine.open(*config); !opened)
        return fail(opened.error());
    QTextStream(stdout) << config->path << ": ok" << Qt::endl;
    return ExitOk;
}

std::optional<int> Daemon::start(const QString &projectFile)
{
    m_projectFile = projectFile;
    Result<ProjectConfig> config = ProjectConfig::load(projectFile);
    if (!config) { // unreadable or wrong: either way the file is at fault
        printError(config.error().toString());
        return ExitConfiguration;
    }
    m_secrets = config->secrets;

    m_signals = new SignalWatcher(this);
    if (!m_signals->watch({SIGTERM, SIGINT, SIGHUP})) {
        printError(m_signals->errorString());
        return ExitFailure;
    }
    connect(m_signals, &SignalWatcher::received, this, &Daemon::signalReceived);

    if (Status opened = m_engine.open(*config); !opened)
        return fail(opened.error());
    if (Status started = m_engine.start(); !started) {
        printError(started.error().toString());
        return ExitFailure; // the file is right; the port or the broker is not there
    }
    return std::nullopt;
}

void Daemon::signalReceived(int signalNumber)
{
    if (signalNumber == SIGHUP) {
        reload();
        return;
    }
    ++m_stopSignals;
    if (m_stopSignals == 1) {
        qCInfo(lcEngine).noquote() << (signalNumber == SIGINT ? "SIGINT" : "SIGTERM")
                                   << "received: finishing running jobs; send it again to stop "
                                      "them now";
        m_engine.shutdown(m_engine.config().shutdownGrace);
    } else if (m_stopSignals == 2) {
        qCInfo(lcEngine) << "second stop signal: stopping running jobs now";
        m_engine.shutdown(std::chrono::milliseconds(0));
    }
}

void Daemon::reload()
{
    qCInfo(lcEngine).noquote() << "SIGHUP received: reading" << m_projectFile << "again";
    Result<ProjectConfig> config = ProjectConfig::load(m_projectFile, m_secrets);
    if (!config) {
        qCWarning(lcEngine).noquote()
                << "the project file was not reloaded:" << config.error().toString();
        return;
    }
    Result<QStringList> applied = m_engine.reload(*config);
    if (!applied)
        qCWarning(lcEngine).noquote()
                << "the project file was not reloaded:" << applied.error().toString();
}

} // namespace Cairn
