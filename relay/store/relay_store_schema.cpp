#include "relay/store/relay_store_schema.h"

#include "relay/store/relay_store_errc.h"

#include <string>

namespace ferry::relay {
namespace {

// Version 0 -> 1: queue records and their messages.
// Queues get a small integer key so that the message index stays compact; the three ids
// the protocol uses are unique so a reused id fails the INSERT (DUPLICATE). Nothing here
// records when a queue was made or who made it.
// Messages are ordered by `seq` (rowid: always above every remaining row, so FIFO holds);
// `size` duplicates length(body) so sums never read the BLOBs.
const char* const kSchemaV1 = R"sql(
CREATE TABLE queues (
    id INTEGER PRIMARY KEY,
    recipient_id BLOB NOT NULL UNIQUE,
    sender_id BLOB NOT NULL UNIQUE,
    recipient_key_alg INTEGER NOT NULL,
    recipient_key BLOB NOT NULL,
    rcv_dh_secret BLOB NOT NULL,
    sender_key_alg INTEGER,
    sender_key BLOB,
    sender_can_secure INTEGER NOT NULL,
    suspended INTEGER NOT NULL DEFAULT 0,
    can_write INTEGER NOT NULL DEFAULT 1,
    notifier_id BLOB UNIQUE,
    notifier_key_alg INTEGER,
    notifier_key BLOB,
    rcv_ntf_dh_secret BLOB
);
CREATE TABLE messages (
    seq INTEGER PRIMARY KEY,
    queue INTEGER NOT NULL,
    msg_id BLOB NOT NULL,
    ts INTEGER NOT NULL,
    flags INTEGER NOT NULL,
    size INTEGER NOT NULL,
    body BLOB NOT NULL
);
CREATE INDEX messages_by_queue ON messages (queue, seq);
CREATE INDEX messages_by_ts ON messages (ts);
)sql";

// Version 1 -> 2 (SMP v15 short links): the queue's mode replaces "the sender may secure"
// (NULL: created below v9; 'M' 77 messaging; 'C' 67 contact address, as a v9-14 NEW without
// the flag asks for), and a queue may hold its short link: an id unique among queues and the
// two encrypted parts the client stored. sender_can_secure stays (SQLCipher's SQLite cannot
// drop a column): written as the mode says, no longer read.
const char* const kSchemaV2 = R"sql(
ALTER TABLE queues ADD COLUMN queue_mode INTEGER;
UPDATE queues SET queue_mode = CASE sender_can_secure WHEN 0 THEN 67 ELSE 77 END;
ALTER TABLE queues ADD COLUMN link_id BLOB;
ALTER TABLE queues ADD COLUMN fixed_data BLOB;
ALTER TABLE queues ADD COLUMN user_data BLOB;
CREATE UNIQUE INDEX queues_by_link ON queues (link_id);
)sql";

} // namespace

core::Result<void> migrateRelayStoreStep(core::store::Database& db, int from) {
    const char* sql = nullptr;
    switch (from) {
    case 0:
        sql = kSchemaV1;
        break;
    case 1:
        sql = kSchemaV2;
        break;
    default:
        return core::makeError(RelayStoreErrc::Failed,
                               "no migration from relay store schema version " +
                                   std::to_string(from));
    }
    if (auto begun = db.exec("BEGIN IMMEDIATE"); !begun) {
        return relayStoreFailure(begun.error());
    }
    auto done = db.exec(sql);
    if (done) {
        done = db.exec("PRAGMA user_version = " + std::to_string(from + 1));
    }
    if (done) {
        done = db.exec("COMMIT");
    }
    if (!done) {
        (void)db.exec("ROLLBACK");
        return relayStoreFailure(done.error());
    }
    return done;
}

core::Result<void> migrateRelayStore(core::store::Database& db) {
    auto version = db.queryInt("PRAGMA user_version");
    if (!version) {
        return relayStoreFailure(version.error());
    }
    if (*version > kRelayStoreSchemaVersion || *version < 0) {
        return core::makeError(RelayStoreErrc::Failed,
                               "relay store schema version " + std::to_string(*version) +
                                   " is newer than this relay supports (" +
                                   std::to_string(kRelayStoreSchemaVersion) +
                                   "); upgrade the relay");
    }
    for (int from = static_cast<int>(*version); from < kRelayStoreSchemaVersion; ++from) {
        if (auto step = migrateRelayStoreStep(db, from); !step) {
            return step;
        }
    }
    return {};
}

core::Result<core::store::Database> openRelayStoreDb(const std::filesystem::path& file) {
    auto db = core::store::Database::open(file, core::store::OpenMode::CreateNew);
    if (!db) {
        return relayStoreFailure(db.error());
    }
    // Exclusive locking: a second relay on the same folder fails to open instead of
    // sharing it, and WAL then needs no -shm file. Nothing below writes before the file
    // is known to be a database of a version we understand.
    if (auto r = db->exec("PRAGMA locking_mode = EXCLUSIVE"); !r) {
        return relayStoreFailure(r.error());
    }
    auto version = db->queryInt("PRAGMA user_version");
    if (version) {
        version = db->queryInt("SELECT COUNT(*) FROM sqlite_master");
    }
    if (!version) {
        return core::makeError(RelayStoreErrc::Failed,
                               "relay store " + file.string() +
                                   " cannot be read (corrupt, not a database, or in use by another "
                                   "process); it was left untouched: " +
                                   version.error().message);
    }
    if (auto v = db->queryInt("PRAGMA user_version"); !v || *v > kRelayStoreSchemaVersion) {
        return core::makeError(
            RelayStoreErrc::Failed,
            "relay store " + file.string() + " has schema version " +
                (v ? std::to_string(*v) : "?") + ", newer than this relay supports (" +
                std::to_string(kRelayStoreSchemaVersion) + "); upgrade the relay");
    }
    auto mode = db->queryText("PRAGMA journal_mode = WAL");
    if (!mode || *mode != "wal") {
        return core::makeError(RelayStoreErrc::Failed,
                               "relay store " + file.string() + " cannot use WAL journaling");
    }
    // NORMAL: COMMIT does not fsync; the writer fdatasync()s the WAL itself, outside the
    // lock. Checkpoints and WAL restarts still sync as under FULL.
    if (auto r = db->exec("PRAGMA synchronous = NORMAL"); !r) {
        return relayStoreFailure(r.error());
    }
    if (auto r = migrateRelayStore(*db); !r) {
        return relayStoreFailure(r.error());
    }
    if (auto r = db->exec("BEGIN IMMEDIATE; COMMIT"); !r) {
        return relayStoreFailure(r.error());
    }
    return std::move(*db);
}

} // namespace ferry::relay
