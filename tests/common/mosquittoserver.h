// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace CairnTest {

// The PEM files of a throw-away CA and the certificates it signed.
struct TestCertificates
{
    QString caCertificate;
    QString caKey;
    QString serverCertificate; // CN 127.0.0.1, SAN IP:127.0.0.1 and DNS:localhost
    QString serverKey;
    QString clientCertificate; // CN cairn-test-client
    QString clientKey;
};

// Makes a CA, a server and a client certificate (EC P-256, valid two days) in dir with the
// openssl command line. Each call makes a new CA, unrelated to the others.
[[nodiscard]] bool makeTestCertificates(const QString &dir, TestCertificates *certificates,
                                        QString *errorString);

/*
 * A throw-away mosquitto broker for one test: a mosquitto.conf in a temporary folder, plain
 * listeners on free loopback ports, optional TLS listeners and a password file, and
 * persistence in the same folder, so that queued QoS 1 messages of persistent sessions
 * survive stop() and start(). The ports stay the same for the fixture's life, so clients
 * can reconnect after a restart. As root the broker stays root (it would otherwise switch
 * to the mosquitto user, which cannot write the temporary folder).
 */
class MosquittoServer
{
public:
    MosquittoServer(); // picks the ports; starts nothing
    ~MosquittoServer();

    // Settings for the next start(); mosquitto reads its configuration only when starting.
    // Adds user to a password file (mosquitto_passwd -b) and turns anonymous access off.
    [[nodiscard]] bool addUser(const QString &user, const QString &password);
    // Adds two TLS listeners with the server certificate: tlsPort() asks for no client
    // certificate, mutualTlsPort() requires one signed by the same CA.
    void enableTls(const TestCertificates &certificates);
    // Off: only sidePort() (and the TLS ports) listen, so clients configured with port()
    // cannot reach the broker while a test still publishes through sidePort().
    void setMainListenerEnabled(bool enabled) { m_mainEnabled = enabled; }
    // More lines for mosquitto.conf, e.g. "max_queued_messages 0".
    void setExtraConfig(const QString &lines) { m_extraConfig = lines; }

    [[nodiscard]] bool start();
    // SIGTERM, then SIGKILL after 10 s; mosquitto saves its persistence file on SIGTERM.
    void stop();
    // SIGKILL: the broker vanishes without saving anything.
    void kill();
    // stop() and start() on the same ports with the same persistence file.
    [[nodiscard]] bool restart();

    bool isRunning() const;
    QString errorString() const { return m_error; }
    // What the broker printed so far.
    QString log();

    quint16 port() const { return m_port; }
    quint16 sidePort() const { return m_sidePort; }
    quint16 tlsPort() const { return m_tlsPort; }
    quint16 mutualTlsPort() const { return m_mutualTlsPort; }
    qint64 pid() const;

private:
    bool writeConfig(const QString &path);
    bool waitForPorts();

    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_process;
    quint16 m_port = 0;
    quint16 m_sidePort = 0;
    quint16 m_tlsPort = 0;
    quint16 m_mutualTlsPort = 0;
    bool m_mainEnabled = true;
    QString m_extraConfig;
    bool m_tls = false;
    TestCertificates m_certificates;
    QString m_passwordFile;
    QString m_error;
    QString m_log;
};

} // namespace CairnTest
