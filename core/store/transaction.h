#pragma once

#include "store/database.h"
#include "util/result.h"

namespace ferry::core::store {

/// A unit of work that is rolled back unless commit() succeeds.
///
/// The outermost Transaction on a database is `BEGIN IMMEDIATE` (takes the write lock up
/// front, so it cannot fail half-way with SQLITE_BUSY on upgrade); a Transaction begun while
/// another is open is a SAVEPOINT, so repository methods that use one internally compose
/// into a caller's larger transaction.
class Transaction {
public:
    static Result<Transaction> begin(Database& database);

    Transaction(Transaction&& other) noexcept;
    Transaction& operator=(Transaction&&) = delete;
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();

    Result<void> commit();
    /// Undoes everything since begin(); the destructor does this if commit() was not called.
    void rollback();
    bool active() const { return m_database != nullptr; }

private:
    Transaction(Database& database, int depth) : m_database(&database), m_depth(depth) {}
    void finish();

    Database* m_database = nullptr;
    int m_depth = 0;
};

} // namespace ferry::core::store
