// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "apirequest.h"
#include "apiresponse.h"

#include <QCoreApplication>

namespace Cairn {

class ApiRouter;
class DeviceDirectory;

/*
 * /api/v1/devices: the devices a DeviceDirectory knows, and commands to them. Without a
 * directory there are no devices.
 */
class DeviceRoutes
{
    Q_DECLARE_TR_FUNCTIONS(Cairn::DeviceRoutes)
public:
    explicit DeviceRoutes(DeviceDirectory *devices) : m_devices(devices) { }

    void addTo(ApiRouter &router);

private:
    ApiResponse list(const ApiRequest &request);
    ApiResponse get(const ApiRequest &request);
    ApiResponse command(const ApiRequest &request);

    DeviceDirectory *m_devices;
};

} // namespace Cairn
