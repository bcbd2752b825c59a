// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "configdocument.h"
#include "mqttoptions.h"

namespace Cairn {

class SecretStore;

/*
 * The `broker:` section of a project file:
 *
 *   broker:
 *     host: 127.0.0.1
 *     port: 8883
 *     client_id: cairn-lab
 *     username: cairn
 *     password: mqtt/password      # the KEY of the password in the secret store
 *     tls: {ca: ca.pem, certificate: me.pem, key: me.key, insecure: false}
 *     keepalive: 30s
 *     clean_session: false
 *     status_topic: cairn/lab/status
 *     max_payload: 1MiB
 *
 * Relative file names are taken from baseDir, the project file's folder. The password is read
 * from secrets here, so the project file never holds it.
 */
struct BrokerConfig
{
    static Result<MqttOptions> fromConfig(const ConfigNode &broker, SecretStore *secrets,
                                          const QString &baseDir);
};

} // namespace Cairn
