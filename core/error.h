// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QString>

#include <utility>
#include <variant>

namespace Cairn {

/*
 * What went wrong, for people (message) and for programs (code). The field names the part of
 * the input that was at fault, when there is one: a node field, a query term, a file:line.
 */
struct Error
{
    enum Code {
        Invalid, // the input is wrong: a bad field, value, operator or transition
        NotFound, // what was asked for does not exist
        Conflict, // a stale revision or a concurrent change
        Database, // the database refused or failed
        Unsupported, // the database is newer than this Cairn or lacks a feature
    };

    Code code = Invalid;
    QString message;
    QString field;
    QString location; // "file:line:column" for errors in a file, else empty

    static Error invalid(const QString &field, const QString &message)
    {
        return {Invalid, message, field, {}};
    }
    static Error notFound(const QString &message) { return {NotFound, message, {}, {}}; }
    static Error conflict(const QString &message) { return {Conflict, message, {}, {}}; }
    static Error database(const QString &message) { return {Database, message, {}, {}}; }

    QString codeName() const;
    // "location: field: message", leaving out what is not known.
    QString toString() const;
};

/*
 * A value or the Error that prevented it; the project's exception-free way of failing.
 */
template<typename T>
class [[nodiscard]] Result
{
public:
    Result(T value) : m_value(std::move(value)) { }
    Result(Error error) : m_value(std::move(error)) { }

    bool ok() const { return std::holds_alternative<T>(m_value); }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<T>(m_value); }
    T &value() & { return std::get<T>(m_value); }
    T &&value() && { return std::get<T>(std::move(m_value)); }
    const T &operator*() const & { return value(); }
    T &operator*() & { return value(); }
    const T *operator->() const { return &value(); }
    T *operator->() { return &value(); }

    const Error &error() const { return std::get<Error>(m_value); }

private:
    std::variant<T, Error> m_value;
};

// For operations that give nothing back but can fail.
struct Done
{ };
using Status = Result<Done>;

} // namespace Cairn
