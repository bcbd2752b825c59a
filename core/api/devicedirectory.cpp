// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "devicedirectory.h"

namespace Cairn {

DeviceDirectory::~DeviceDirectory() = default;

} // namespace Cairn
