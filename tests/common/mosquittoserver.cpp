// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "mosquittoserver.h"

#include "freeport.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QThread>

#ifdef Q_OS_UNIX
#    include <signal.h>
#    include <unistd.h>
#endif
#ifdef Q_OS_LINUX
#    include <sys/prctl.h>
#endif

namespace CairnTest {

namespace {

// Runs program in dir; on failure says what it printed.
bool run(const QString &dir, const QString &program, const QStringList &args, QString *error)
{
    QProcess process;
    process.setWorkingDirectory(dir);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, args);
    if (!process.waitForStarted(10000)) {
        *error = program + QStringLiteral(" did not start: ") + process.errorString();
        return false;
    }
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit
        || process.exitCode() != 0) {
        *error = program + QLatin1Char(' ') + args.join(QLatin1Char(' ')) + QStringLiteral(": ")
                + QString::fromLocal8Bit(process.readAll());
        return false;
    }
    return true;
}

bool writeFile(const QString &path, const QByteArray &contents, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(contents) < 0) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

QString serial()
{
    return QString::number(QRandomGenerator::global()->bounded(1000000, 2000000000));
}

// A key and a certificate signed by the CA in dir, with the extensions in extensions.
bool signedCertificate(const QString &dir, const QString &name, const QString &subject,
                       const QByteArray &extensions, QString *error)
{
    const QString openssl = QStringLiteral("openssl");
    const QString ext = name + QStringLiteral(".ext");
    return writeFile(QDir(dir).filePath(ext), extensions, error)
            && run(dir, openssl,
                   {QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-newkey"),
                    QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                    QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                    QStringLiteral("-keyout"), name + QStringLiteral(".key"),
                    QStringLiteral("-out"), name + QStringLiteral(".csr"), QStringLiteral("-subj"),
                    subject},
                   error)
            && run(dir, openssl,
                   {QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
                    name + QStringLiteral(".csr"), QStringLiteral("-CA"), QStringLiteral("ca.crt"),
                    QStringLiteral("-CAkey"), QStringLiteral("ca.key"),
                    QStringLiteral("-set_serial"), serial(), QStringLiteral("-days"),
                    QStringLiteral("2"), QStringLiteral("-extfile"), ext, QStringLiteral("-out"),
                    name + QStringLiteral(".crt")},
                   error);
}

} // namespace

bool makeTestCertificates(const QString &dir, TestCertificates *certificates, QString *errorString)
{
    QString error;
    if (!QDir().mkpath(dir)) {
        *errorString = QStringLiteral("cannot create ") + dir;
        return false;
    }
    const bool ok = run(dir, QStringLiteral("openssl"),
                        {QStringLiteral("req"),
                         QStringLiteral("-x509"),
                         QStringLiteral("-newkey"),
                         QStringLiteral("ec"),
                         QStringLiteral("-pkeyopt"),
                         QStringLiteral("ec_paramgen_curve:prime256v1"),
                         QStringLiteral("-nodes"),
                         QStringLiteral("-keyout"),
                         QStringLiteral("ca.key"),
                         QStringLiteral("-out"),
                         QStringLiteral("ca.crt"),
                         QStringLiteral("-days"),
                         QStringLiteral("2"),
                         QStringLiteral("-set_serial"),
                         serial(),
                         QStringLiteral("-subj"),
                         QStringLiteral("/CN=Cairn Test CA ") + serial(),
                         QStringLiteral("-addext"),
                         QStringLiteral("basicConstraints=critical,CA:TRUE"),
                         QStringLiteral("-addext"),
                         QStringLiteral("keyUsage=critical,keyCertSign,cRLSign")},
                        &error)
            && signedCertificate(dir, QStringLiteral("server"), QStringLiteral("/CN=127.0.0.1"),
                                 "basicConstraints=CA:FALSE\n"
                                 "keyUsage=critical,digitalSignature,keyEncipherment\n"
                                 "extendedKeyUsage=serverAuth\n"
                                 "subjectAltName=IP:127.0.0.1,DNS:localhost\n",
                                 &error)
            && signedCertificate(dir, QStringLiteral("client"),
                                 QStringLiteral("/CN=cairn-test-client"),
                                 "basicConstraints=CA:FALSE\n"
                                 "keyUsage=critical,digitalSignature\n"
                                 "extendedKeyUsage=clientAuth\n",
                                 &error);
    if (!ok) {
        *errorString = error;
        return false;
    }
    const QDir d(dir);
    certificates->caCertificate = d.filePath(QStringLiteral("ca.crt"));
    certificates->caKey = d.filePath(QStringLiteral("ca.key"));
    certificates->serverCertificate = d.filePath(QStringLiteral("server.crt"));
    certificates->serverKey = d.filePath(QStringLiteral("server.key"));
    certificates->clientCertificate = d.filePath(QStringLiteral("client.crt"));
    certificates->clientKey = d.filePath(QStringLiteral("client.key"));
    return true;
}

MosquittoServer::MosquittoServer()
{
    // Four different ports: freePort() may hand out one it gave a moment ago.
    QList<quint16> ports;
    for (int tries = 0; ports.size() < 4 && tries < 100; ++tries) {
        const quint16 port = freePort();
        if (port != 0 && !ports.contains(port))
            ports.append(port);
    }
    while (ports.size() < 4)
        ports.append(0);
    m_port = ports.at(0);
    m_sidePort = ports.at(1);
    m_tlsPort = ports.at(2);
    m_mutualTlsPort = ports.at(3);
}

MosquittoServer::~MosquittoServer()
{
    kill();
}

bool MosquittoServer::addUser(const QString &user, const QString &password)
{
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("no temporary folder");
        return false;
    }
    const QString file = m_dir.filePath(QStringLiteral("passwd"));
    QStringList args = {QStringLiteral("-b"), file, user, password};
    if (!QFile::exists(file))
        args.prepend(QStringLiteral("-c"));
    if (!run(m_dir.path(), QStringLiteral("mosquitto_passwd"), args, &m_error))
        return false;
    m_passwordFile = file;
    return true;
}

void MosquittoServer::enableTls(const TestCertificates &certificates)
{
    m_tls = true;
    m_certificates = certificates;
}

bool MosquittoServer::writeConfig(const QString &path)
{
    const auto listener = [](quint16 port) {
        return QStringLiteral("listener %1 127.0.0.1\n").arg(port);
    };
    QString config = QStringLiteral("# Written by CairnTest::MosquittoServer\n"
                                    "per_listener_settings false\n"
                                    "persistence true\n"
                                    "persistence_location %1/\n"
                                    "persistence_file mosquitto.db\n"
                                    "log_dest stdout\n"
                                    "log_type error\n"
                                    "log_type warning\n"
                                    "log_type notice\n"
                                    "log_type information\n"
                                    "log_timestamp_format %T\n")
                             .arg(m_dir.path());
#ifdef Q_OS_UNIX
    // mosquitto started as root switches to the mosquitto user, which cannot write into
    // the test's temporary folder; staying root is harmless for a throw-away broker.
    if (geteuid() == 0)
        config += QStringLiteral("user root\n");
#endif
    if (!m_extraConfig.isEmpty())
        config += m_extraConfig + QLatin1Char('\n');
    if (m_passwordFile.isEmpty()) {
        config += QStringLiteral("allow_anonymous true\n");
    } else {
        config += QStringLiteral("allow_anonymous false\npassword_file %1\n").arg(m_passwordFile);
    }
    if (m_mainEnabled)
        config += listener(m_port);
    config += listener(m_sidePort);
    if (m_tls) {
        const QString files = QStringLiteral("cafile %1\ncertfile %2\nkeyfile %3\n")
                                      .arg(m_certificates.caCertificate,
                                           m_certificates.serverCertificate,
                                           m_certificates.serverKey);
        config += listener(m_tlsPort) + files + QStringLiteral("require_certificate false\n");
        config += listener(m_mutualTlsPort) + files + QStringLiteral("require_certificate true\n");
    }
    return writeFile(path, config.toUtf8(), &m_error);
}

bool MosquittoServer::start()
{
    if (isRunning())
        return true;
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("cannot create a temporary folder");
        return false;
    }
    if (m_port == 0 || m_sidePort == 0 || m_tlsPort == 0 || m_mutualTlsPort == 0) {
        m_error = QStringLiteral("no free ports");
        return false;
    }
    QString binary = QStandardPaths::findExecutable(
            QStringLiteral("mosquitto"),
            {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/local/sbin")});
    if (binary.isEmpty())
        binary = QStandardPaths::findExecutable(QStringLiteral("mosquitto"));
    if (binary.isEmpty()) {
        m_error = QStringLiteral("mosquitto not found; install the mosquitto package");
        return false;
    }
    const QString config = m_dir.filePath(QStringLiteral("mosquitto.conf"));
    if (!writeConfig(config))
        return false;

    m_process = std::make_unique<QProcess>();
#ifdef Q_OS_LINUX
    // A test that crashes takes its broker with it.
    m_process->setChildProcessModifier([] { prctl(PR_SET_PDEATHSIG, SIGTERM); });
#endif
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->start(binary, {QStringLiteral("-c"), config});
    if (!m_process->waitForStarted(10000)) {
        m_error = QStringLiteral("mosquitto did not start: ") + m_process->errorString();
        m_process.reset();
        return false;
    }
    if (!waitForPorts()) {
        m_error = QStringLiteral("mosquitto did not listen: ") + log();
        kill();
        return false;
    }
    return true;
}

bool MosquittoServer::waitForPorts()
{
    QList<quint16> ports = {m_sidePort};
    if (m_mainEnabled)
        ports.append(m_port);
    if (m_tls)
        ports << m_tlsPort << m_mutualTlsPort;
    const QDeadlineTimer deadline(15000);
    for (const quint16 port : ports) {
        for (;;) {
            if (!isRunning() || deadline.hasExpired())
                return false;
            QTcpSocket socket;
            socket.connectToHost(QStringLiteral("127.0.0.1"), port);
            if (socket.waitForConnected(500))
                break;
            QThread::msleep(20);
        }
    }
    return true;
}

void MosquittoServer::stop()
{
    if (isRunning()) {
#ifdef Q_OS_UNIX
        ::kill(pid_t(m_process->processId()), SIGTERM);
#else
        m_process->terminate();
#endif
        if (!m_process->waitForFinished(10000)) {
            m_process->kill();
            m_process->waitForFinished(5000);
        }
    }
    log();
    m_process.reset();
}

void MosquittoServer::kill()
{
    if (isRunning()) {
#ifdef Q_OS_UNIX
        ::kill(pid_t(m_process->processId()), SIGKILL);
#else
        m_process->kill();
#endif
        m_process->waitForFinished(5000);
    }
    log();
    m_process.reset();
}

bool MosquittoServer::restart()
{
    stop();
    return start();
}

bool MosquittoServer::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}

qint64 MosquittoServer::pid() const
{
    return m_process ? m_process->processId() : 0;
}

QString MosquittoServer::log()
{
    if (m_process)
        m_log += QString::fromLocal8Bit(m_process->readAll());
    return m_log;
}

} // namespace CairnTest
