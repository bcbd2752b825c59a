// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "apirequest.h"
#include "apiresponse.h"

#include <QCoreApplication>

namespace Cairn {

class ApiRouter;
class TokenStore;

/*
 * /api/v1/tokens, for admins: listing, making (the secret is in the answer, once) and
 * revoking tokens.
 */
class TokenRoutes
{
    Q_DECLARE_TR_FUNCTIONS(Cairn::TokenRoutes)
public:
    explicit TokenRoutes(TokenStore &tokens) : m_tokens(tokens) { }

    void addTo(ApiRouter &router);

private:
    ApiResponse list(const ApiRequest &request);
    ApiResponse create(const ApiRequest &request);
    ApiResponse revoke(const ApiRequest &request);

    TokenStore &m_tokens;
};

} // namespace Cairn
