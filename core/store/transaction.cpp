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

Result<Transaction> Transaction::begin(Database& database) {
    const int depth = database.transactionDepth();
    FERRY_CHECK(depth == 0 ? database.exec("BEGIN IMMEDIATE")
                           : database.exec("SAVEPOINT " + savepointName(depth)));
    ++database.transactionDepth();
    return Transaction(database, depth);
}

Transaction::Transaction(Transaction&& other) noexcept
    : m_database(other.m_database), m_depth(other.m_depth) {
    other.m_database = nullptr;
}

Transaction::~Transaction() {
    rollback();
}

Result<void> Transaction::commit() {
    if (!m_database) {
        return makeError(StoreErrc::Failed, "transaction already finished");
    }
    auto done = m_depth == 0 ? m_database->exec("COMMIT")
                             : m_database->exec("RELEASE " + savepointName(m_depth));
    if (!done) {
        rollback();
        return done;
    }
    finish();
    return {};
}

void Transaction::rollback() {
    if (!m_database) {
        return;
    }
    if (m_depth == 0) {
        // Fails harmlessly if SQLite already rolled back on its own (e.g. after SQLITE_FULL).
        (void)m_database->exec("ROLLBACK");
    } else {
        const std::string name = savepointName(m_depth);
        (void)m_database->exec("ROLLBACK TO " + name);
        (void)m_database->exec("RELEASE " + name);
    }
    finish();
}

void Transaction::finish() {
    --m_database->transactionDepth();
    m_database = nullptr;
}

} // namespace ferry::core::store
