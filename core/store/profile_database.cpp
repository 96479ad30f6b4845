#include "store/profile_database.h"

#include "crypto/secret_bytes.h"
#include "store/store_errc.h"
#include "util/try.h"

#include <string>
#include <system_error>

namespace ferry::core::store {
namespace {

// Cipher profile 1. Debian 12 ships SQLCipher 3.4.1, whose format is fixed at AES-256-CBC
// with a per-page HMAC-SHA1 and PBKDF2-HMAC-SHA1; 3.4.1 has no pragmas to choose the HMAC
// or KDF algorithm (cipher_hmac_algorithm / cipher_kdf_algorithm arrived in SQLCipher 4).
// So we pin everything 3.4.1 lets us set, to the values SQLCipher 3 uses by default except
// the page size:
//   raw 256-bit key (x'..', no passphrase KDF; the per-file random salt in the first
//   16 bytes still derives the HMAC key), cipher_page_size 4096, kdf_iter 64000
//   (unused for a raw key), fast_kdf_iter 2 (HMAC key derivation), cipher_use_hmac ON.
// SQLCipher 4 opens such a file with the same raw key and either
//   PRAGMA cipher_compatibility = 3; PRAGMA cipher_page_size = 4096;
// or explicitly
//   PRAGMA cipher_page_size = 4096; PRAGMA kdf_iter = 64000;
//   PRAGMA cipher_hmac_algorithm = HMAC_SHA1; PRAGMA cipher_kdf_algorithm = PBKDF2_HMAC_SHA1;
// (cipher_use_hmac ON, cipher_plaintext_header_size 0: v4 defaults).
const char* const kCipherPragmas = "PRAGMA cipher_page_size = 4096;"
                                   "PRAGMA kdf_iter = 64000;"
                                   "PRAGMA fast_kdf_iter = 2;"
                                   "PRAGMA cipher_use_hmac = ON;";

// Written only after the key is verified and the version accepted. WAL: one writer, durable
// commits without rewriting the main file each time (the WAL holds encrypted pages).
// temp_store MEMORY: sorter and temp tables never spill to unencrypted temp files.
// secure_delete: freed pages are zeroed, so a deleted message leaves no ciphertext behind
// for a later key compromise.
const char* const kConnectionPragmas = "PRAGMA foreign_keys = ON;"
                                       "PRAGMA temp_store = MEMORY;"
                                       "PRAGMA secure_delete = ON;"
                                       "PRAGMA synchronous = FULL;";

Error wrongKey(const std::filesystem::path& file) {
    return makeError(StoreErrc::WrongKey,
                     "wrong key or not a Ferry profile database: " + file.string());
}

void removeDatabaseFiles(const std::filesystem::path& file) {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        std::filesystem::remove(file.string() + suffix, ec);
    }
}

} // namespace

Result<std::unique_ptr<ProfileDatabase>> ProfileDatabase::create(const std::filesystem::path& file,
                                                                 const crypto::SecretBytes& key,
                                                                 Options options) {
    std::error_code ec;
    if (std::filesystem::exists(file, ec)) {
        return makeError(StoreErrc::Exists, "profile database already exists: " + file.string());
    }
    auto db = openKeyed(file, key, OpenMode::CreateNew, options);
    if (!db) {
        removeDatabaseFiles(file);
    }
    return db;
}

Result<std::unique_ptr<ProfileDatabase>> ProfileDatabase::create(const std::filesystem::path& file,
                                                                 const crypto::SecretBytes& key) {
    return create(file, key, Options{});
}

Result<std::unique_ptr<ProfileDatabase>> ProfileDatabase::open(const std::filesystem::path& file,
                                                               const crypto::SecretBytes& key,
                                                               Options options) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) {
        return makeError(StoreErrc::NotFound, "no profile database at " + file.string());
    }
    return openKeyed(file, key, OpenMode::OpenExisting, options);
}

Result<std::unique_ptr<ProfileDatabase>> ProfileDatabase::open(const std::filesystem::path& file,
                                                               const crypto::SecretBytes& key) {
    return open(file, key, Options{});
}

Result<std::unique_ptr<ProfileDatabase>>
ProfileDatabase::openKeyed(const std::filesystem::path& file, const crypto::SecretBytes& key,
                           OpenMode mode, Options options) {
    FERRY_TRY(database, Database::open(file, mode));
    FERRY_CHECK(database.applyRawKey(key));
    FERRY_CHECK(database.exec(kCipherPragmas));
    // The first read decrypts page 1: with a wrong key its HMAC fails (SQLITE_NOTADB).
    // Nothing has been written so far.
    auto objects = database.queryInt("SELECT COUNT(*) FROM sqlite_master");
    if (!objects) {
        if (objects.error().code == StoreErrc::NotADatabase) {
            return wrongKey(file);
        }
        return makeError(StoreErrc::Failed, "cannot read profile database " + file.string() + ": " +
                                                objects.error().message);
    }
    auto applicationId = database.queryInt("PRAGMA application_id");
    if (!applicationId) {
        return wrongKey(file);
    }
    const bool empty = *objects == 0 && *applicationId == 0;
    if (mode == OpenMode::OpenExisting && (empty || *applicationId != kProfileApplicationId)) {
        return wrongKey(file);
    }
    FERRY_TRY(version, store::schemaVersion(database));
    if (version > options.schemaVersion) {
        return makeError(StoreErrc::TooNew,
                         "profile database " + file.string() + " has schema version " +
                             std::to_string(version) + ", newer than this version of Ferry " +
                             "supports (" + std::to_string(options.schemaVersion) +
                             "); it was left untouched");
    }
    FERRY_TRY(journal, database.queryText("PRAGMA journal_mode = WAL"));
    FERRY_CHECK(database.exec(kConnectionPragmas));
    FERRY_CHECK(migrate(database, options.schemaVersion));
    if (empty) {
        // Record the cipher profile inside the data it describes, for future re-encryption.
        FERRY_CHECK(database.exec(
            "INSERT OR REPLACE INTO settings(key, value) VALUES ('store.cipher_profile', " +
            std::to_string(kCipherProfileVersion) + ")"));
    }
    return std::unique_ptr<ProfileDatabase>(new ProfileDatabase(file, std::move(database)));
}

void ProfileDatabase::close() {
    if (m_database.isOpen()) {
        (void)m_database.exec("PRAGMA wal_checkpoint(TRUNCATE)");
        m_database.close();
    }
}

} // namespace ferry::core::store
