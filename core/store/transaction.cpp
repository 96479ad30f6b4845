#include "store/transaction.h"

#include "store/store_errc.h"
#include "util/try.h"

#include <string>

namespace ferry::core::store {
namespace {

std::string savepointName(int depth) {
    return "ferry_sp" + std::to_string(depth);
}

} // namespace

Result<Transaction> Transaction::begin(Connection& connection) {
    const int depth = connection.transactionDepth();
    FERRY_CHECK(depth == 0 ? connection.exec("BEGIN IMMEDIATE")
                           : connection.exec("SAVEPOINT " + savepointName(depth)));
    ++connection.transactionDepth();
    return Transaction(connection, depth);
}

Transaction::Transaction(Transaction&& other) noexcept
    : m_connection(other.m_connection), m_depth(other.m_depth) {
    other.m_connection = nullptr;
}

Transaction::~Transaction() {
    rollback();
}

Result<void> Transaction::commit() {
    if (!m_connection) {
        return makeError(StoreErrc::Failed, "transaction already finished");
    }
    auto done = m_depth == 0 ? m_connection->exec("COMMIT")
                             : m_connection->exec("RELEASE " + savepointName(m_depth));
    if (!done) {
        rollback();
        return done;
    }
    finish();
    return {};
}

void Transaction::rollback() {
    if (!m_connection) {
        return;
    }
    if (m_depth == 0) {
        // Fails harmlessly if SQLite already rolled back on its own (e.g. after SQLITE_FULL).
        (void)m_connection->exec("ROLLBACK");
    } else {
        const std::string name = savepointName(m_depth);
        (void)m_connection->exec("ROLLBACK TO " + name);
        (void)m_connection->exec("RELEASE " + name);
    }
    finish();
}

void Transaction::finish() {
    --m_connection->transactionDepth();
    m_connection = nullptr;
}

} // namespace ferry::core::store
