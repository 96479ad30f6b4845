#pragma once

#include "store/database.h"
#include "store/migrations.h"
#include "store/transaction.h"
#include "util/result.h"

#include <filesystem>
#include <memory>

namespace ferry::core::crypto {
class SecretBytes;
}

namespace ferry::core::store {

/// SQLCipher parameters every profile database is written with; see profile_database.cpp.
/// Bump when they change (a migration would then re-encrypt with sqlcipher_export).
inline constexpr int kCipherProfileVersion = 1;

/// One profile's encrypted SQLCipher database, keyed with a raw 256-bit key and migrated
/// to the current schema on open. Not thread-safe; owned by the storage worker. Not movable
/// (repositories keep a reference to its database).
class ProfileDatabase {
public:
    struct Options {
        /// Schema version to migrate to; tests build older schemas with it.
        int schemaVersion = kLatestSchemaVersion;
    };

    /// Creates a new database at `file` (StoreErrc::Exists if the file exists). On failure
    /// nothing is left behind.
    static Result<std::unique_ptr<ProfileDatabase>>
    create(const std::filesystem::path& file, const crypto::SecretBytes& key, Options options);
    static Result<std::unique_ptr<ProfileDatabase>> create(const std::filesystem::path& file,
                                                           const crypto::SecretBytes& key);
    /// Opens an existing database and migrates it. A wrong key (or a file that is not a Ferry
    /// profile) fails with StoreErrc::WrongKey, a newer schema with TooNew; in both
    /// cases the file is not modified.
    static Result<std::unique_ptr<ProfileDatabase>>
    open(const std::filesystem::path& file, const crypto::SecretBytes& key, Options options);
    static Result<std::unique_ptr<ProfileDatabase>> open(const std::filesystem::path& file,
                                                         const crypto::SecretBytes& key);

    ~ProfileDatabase() { close(); }
    ProfileDatabase(const ProfileDatabase&) = delete;
    ProfileDatabase& operator=(const ProfileDatabase&) = delete;

    Database& database() { return m_database; }
    const std::filesystem::path& file() const { return m_file; }
    Result<int> schemaVersion() { return store::schemaVersion(m_database); }
    Result<Transaction> transaction() { return Transaction::begin(m_database); }
    /// Checkpoints the WAL and closes; the destructor does the same.
    void close();

private:
    ProfileDatabase(std::filesystem::path file, Database database)
        : m_file(std::move(file)), m_database(std::move(database)) {}

    static Result<std::unique_ptr<ProfileDatabase>> openKeyed(const std::filesystem::path& file,
                                                              const crypto::SecretBytes& key,
                                                              OpenMode mode, Options options);

    std::filesystem::path m_file;
    Database m_database;
};

} // namespace ferry::core::store
