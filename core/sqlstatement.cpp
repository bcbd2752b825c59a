// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "sqlstatement_p.h"

#include <QSqlError>
#include <QSqlQuery>

#include <sqlite3.h>

#include <limits>

namespace Cairn {

SqlStatement::SqlStatement(sqlite3 *db, sqlite3_stmt *statement) : m_db(db), m_statement(statement)
{ }

SqlStatement::SqlStatement(std::shared_ptr<QSqlQuery> query) : m_query(std::move(query)) { }

SqlStatement::~SqlStatement()
{
    release();
}

void SqlStatement::release()
{
    if (m_statement) {
        // sqlite3_finalize() repeats the last step's error, which was reported already.
        sqlite3_finalize(m_statement);
        m_statement = nullptr;
    }
    m_db = nullptr; // its connection is about to close
    m_query.reset(); // so that Qt does not find the connection still in use
    m_texts.clear();
    m_active = m_pendingRow = false;
}

bool SqlStatement::fail(int code)
{
    m_errorText = m_db ? QString::fromUtf8(sqlite3_errmsg(m_db))
                       : QStringLiteral("The statement was released.");
    m_nativeCode = QString::number(m_db ? sqlite3_extended_errcode(m_db) : code);
    finish();
    return false;
}

// A statement still giving rows takes no bindings: it is reset first.
bool SqlStatement::ready()
{
    if (!m_statement)
        return false;
    if (m_active) {
        sqlite3_reset(m_statement);
        m_active = m_pendingRow = false;
    }
    return true;
}

void SqlStatement::bind(int index, const QString &text)
{
    if (text.isNull()) {
        bindNull(index);
        return;
    }
    if (m_query) {
        m_query->bindValue(index, text);
        return;
    }
    if (text.isEmpty()) {
        // '' and not NULL, whatever toUtf8() makes of an empty string.
        if (ready())
            sqlite3_bind_text(m_statement, index + 1, "", 0, SQLITE_STATIC);
        return;
    }
    bindUtf8(index, text.toUtf8());
}

void SqlStatement::bindUtf8(int index, const QByteArray &text)
{
    if (m_query) {
        m_query->bindValue(index, text.isNull() ? QString() : QString::fromUtf8(text));
        return;
    }
    if (!ready())
        return;
    if (text.isNull()) {
        sqlite3_bind_null(m_statement, index + 1);
        return;
    }
    // Kept until finish(), so SQLite need not copy it.
    m_texts.append(text);
    sqlite3_bind_text(m_statement, index + 1, m_texts.constLast().constData(), int(text.size()),
                      SQLITE_STATIC);
}

void SqlStatement::bind(int index, qint64 value)
{
    if (m_query) {
        m_query->bindValue(index, value);
        return;
    }
    if (ready())
        sqlite3_bind_int64(m_statement, index + 1, value);
}

void SqlStatement::bindNull(int index)
{
    if (m_query) {
        m_query->bindValue(index, QVariant(QMetaType::fromType<QString>()));
        return;
    }
    if (ready())
        sqlite3_bind_null(m_statement, index + 1);
}

void SqlStatement::bind(int index, const QVariant &value)
{
    if (m_query) {
        m_query->bindValue(index, value);
        return;
    }
    if (value.isNull()) {
        bindNull(index);
        return;
    }
    switch (value.typeId()) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::Long:
    case QMetaType::Short:
    case QMetaType::Bool:
        bind(index, value.toLongLong());
        return;
    case QMetaType::ULongLong:
    case QMetaType::ULong:
        // Beyond qint64 it is text, as Qt's driver binds it.
        if (value.toULongLong() > quint64(std::numeric_limits<qint64>::max()))
            bind(index, value.toString());
        else
            bind(index, value.toLongLong());
        return;
    case QMetaType::Double:
    case QMetaType::Float:
        if (ready())
            sqlite3_bind_double(m_statement, index + 1, value.toDouble());
        return;
    case QMetaType::QByteArray:
        if (ready()) {
            m_texts.append(value.toByteArray());
            sqlite3_bind_blob(m_statement, index + 1, m_texts.constLast().constData(),
                              int(m_texts.constLast().size()), SQLITE_STATIC);
        }
        return;
    default:
        bind(index, value.toString());
        return;
    }
}

bool SqlStatement::exec()
{
    m_errorText.clear();
    m_nativeCode.clear();
    m_rowsAffected = 0;
    if (m_query) {
        if (!m_query->exec()) {
            const QSqlError error = m_query->lastError();
            m_errorText = (error.databaseText().isEmpty() ? error.text() : error.databaseText())
                                  .trimmed();
            m_nativeCode = error.nativeErrorCode();
            return false;
        }
        m_rowsAffected = m_query->numRowsAffected();
        return true;
    }
    if (!m_statement)
        return fail(SQLITE_MISUSE);
    if (m_active)
        sqlite3_reset(m_statement);
    const int rc = sqlite3_step(m_statement);
    if (rc == SQLITE_ROW) {
        m_active = m_pendingRow = true;
        return true;
    }
    if (rc != SQLITE_DONE)
        return fail(rc);
    m_rowsAffected = sqlite3_changes64(m_db);
    finish();
    return true;
}

bool SqlStatement::next()
{
    if (m_query)
        return m_query->next();
    if (m_pendingRow) {
        m_pendingRow = false;
        return true;
    }
    if (!m_active)
        return false;
    const int rc = sqlite3_step(m_statement);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE) {
        // RETURNING statements count their rows once they are done.
        m_rowsAffected = sqlite3_changes64(m_db);
        finish();
        return false;
    }
    fail(rc);
    return false;
}

void SqlStatement::finish()
{
    if (m_query) {
        m_query->finish();
        return;
    }
    if (m_statement) {
        sqlite3_reset(m_statement);
        // No text bound without a copy may outlive its bytes.
        sqlite3_clear_bindings(m_statement);
    }
    m_texts.clear();
    m_active = m_pendingRow = false;
}

bool SqlStatement::isNull(int column) const
{
    if (m_query)
        return m_query->isNull(column);
    return sqlite3_column_type(m_statement, column) == SQLITE_NULL;
}

QString SqlStatement::text(int column) const
{
    if (m_query)
        return m_query->value(column).toString();
    const auto *bytes = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, column));
    if (!bytes)
        return {};
    return QString::fromUtf8(bytes, sqlite3_column_bytes(m_statement, column));
}

QByteArray SqlStatement::utf8(int column) const
{
    if (m_query)
        return m_query->value(column).toString().toUtf8();
    const auto *bytes = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, column));
    if (!bytes)
        return {};
    return QByteArray::fromRawData(bytes, sqlite3_column_bytes(m_statement, column));
}

qint64 SqlStatement::integer(int column) const
{
    if (m_query)
        return m_query->value(column).toLongLong();
    return sqlite3_column_int64(m_statement, column);
}

qint64 SqlStatement::lastInsertId() const
{
    if (m_query)
        return m_query->lastInsertId().toLongLong();
    return m_db ? sqlite3_last_insert_rowid(m_db) : 0;
}

} // namespace Cairn
