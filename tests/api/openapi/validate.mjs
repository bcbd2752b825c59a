// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

// node validate.mjs FILE: checks FILE against the OpenAPI 3.0 schema and resolves every
// $ref in it. Exits 0 when it is valid, 1 with the reasons otherwise.
import SwaggerParser from "@apidevtools/swagger-parser";

const file = process.argv[2];
if (!file) {
    console.error("usage: node validate.mjs FILE");
    process.exit(2);
}
try {
    const api = await SwaggerParser.validate(file);
    console.log(`${api.info.title} ${api.info.version}: valid, ${Object.keys(api.paths).length} paths`);
} catch (error) {
    console.error(error.message);
    if (error.details)
        console.error(JSON.stringify(error.details, null, 2));
    process.exit(1);
}
