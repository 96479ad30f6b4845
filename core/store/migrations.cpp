#include "store/migrations.h"

#include "store/store_errc.h"
#include "store/transaction.h"
#include "util/try.h"

#include <iterator>
#include <string>

namespace ferry::core::store {
namespace {

// Conventions: times are Unix seconds (INTEGER); booleans are 0/1 INTEGER; enumerations
// are lower-case TEXT without CHECK constraints (SQLite cannot alter a CHECK without
// rebuilding the table, and the code validates them anyway); secret key material lives
// only in BLOB columns named `secrets`/`keys`/`state`. Foreign keys are enforced
// (PRAGMA foreign_keys = ON on every connection).
const char* const kSchema001 = R"sql(
CREATE TABLE settings (
    key TEXT PRIMARY KEY NOT NULL,
    value BLOB
);
CREATE TABLE relays (
    id INTEGER PRIMARY KEY,
    address TEXT NOT NULL UNIQUE,
    added_at INTEGER NOT NULL,
    enabled INTEGER NOT NULL DEFAULT 1
);
-- Long-lived contact addresses the user published. Soft-deleted (deleted = 1, secrets
-- cleared) so that contacts and requests keep their history.
CREATE TABLE contact_addresses (
    id INTEGER PRIMARY KEY,
    link TEXT NOT NULL,
    secrets BLOB,
    created_at INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);
-- display_name is the local, unique name (suffixed "Alice (2)"); local_alias an optional
-- user-chosen override. via_address: the address the contact came through (NULL for
-- one-time invitations); deleting that address keeps the contact.
CREATE TABLE contacts (
    id INTEGER PRIMARY KEY,
    display_name TEXT NOT NULL,
    local_alias TEXT,
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    via_address INTEGER REFERENCES contact_addresses(id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX contacts_unique_name ON contacts(display_name) WHERE status <> 'deleted';
-- One-time invitation links the user created; secrets = the serialized private keys.
CREATE TABLE invitations (
    id INTEGER PRIMARY KEY,
    link TEXT NOT NULL,
    secrets BLOB,
    state TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    used INTEGER NOT NULL DEFAULT 0,
    contact_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL
);
-- Requests that arrived through a contact address; payload = the requester's invitation.
-- The same request delivered twice (lost ACK) is one row.
CREATE TABLE contact_requests (
    id INTEGER PRIMARY KEY,
    address_id INTEGER REFERENCES contact_addresses(id) ON DELETE SET NULL,
    display_name TEXT NOT NULL,
    payload BLOB NOT NULL,
    received_at INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    contact_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
    UNIQUE (address_id, payload)
);
-- SMP queues. owner_kind/owner_id say what the queue serves (a contact, an invitation
-- or an address); contact_id is set once it carries a contact's traffic. queue_id is the
-- recipient id (receive) or sender id (send); keys are the serialized queue keys.
-- last_received_id: SMP id of the last message taken from a receive queue (redelivery).
CREATE TABLE queues (
    id INTEGER PRIMARY KEY,
    contact_id INTEGER REFERENCES contacts(id) ON DELETE CASCADE,
    owner_kind TEXT NOT NULL,
    owner_id INTEGER NOT NULL,
    direction TEXT NOT NULL,
    relay TEXT NOT NULL,
    queue_id BLOB NOT NULL,
    keys BLOB NOT NULL,
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_received_id BLOB,
    UNIQUE (relay, direction, queue_id)
);
CREATE INDEX queues_owner ON queues(owner_kind, owner_id);
CREATE INDEX queues_contact ON queues(contact_id);
CREATE TABLE ratchets (
    contact_id INTEGER PRIMARY KEY REFERENCES contacts(id) ON DELETE CASCADE,
    state BLOB NOT NULL,
    updated_at INTEGER NOT NULL
);
-- external_id: the sender's message id (receipts, dedup of redelivered messages).
-- NULLs are distinct in a UNIQUE constraint, so messages without one never collide.
CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    direction TEXT NOT NULL,
    body TEXT NOT NULL,
    sent_at INTEGER NOT NULL,
    received_at INTEGER,
    state TEXT NOT NULL,
    external_id BLOB,
    UNIQUE (contact_id, direction, external_id)
);
CREATE INDEX messages_by_contact ON messages(contact_id, id);
-- The outbox: an encrypted transmission body, stored before it is sent.
CREATE TABLE pending_sends (
    id INTEGER PRIMARY KEY,
    message_id INTEGER REFERENCES messages(id) ON DELETE CASCADE,
    queue_id INTEGER NOT NULL REFERENCES queues(id) ON DELETE CASCADE,
    payload BLOB NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    last_error TEXT
);
CREATE INDEX pending_sends_by_queue ON pending_sends(queue_id, id);
CREATE INDEX pending_sends_by_message ON pending_sends(message_id);
)sql";

// Edits (edited_at), read markers, and a view the contact list reads unread counts from.
// ALTER TABLE ... ADD COLUMN with a NULL default is O(1) in SQLite: rows are not rewritten.
const char* const kSchema002 = R"sql(
ALTER TABLE messages ADD COLUMN edited_at INTEGER;
ALTER TABLE contacts ADD COLUMN last_read_message_id INTEGER;
CREATE VIEW contact_unread AS
    SELECT c.id AS contact_id,
           (SELECT COUNT(*) FROM messages m
             WHERE m.contact_id = c.id AND m.direction = 'in'
               AND m.id > IFNULL(c.last_read_message_id, 0)) AS unread
      FROM contacts c;
)sql";

// The in-app relay's activity: daily totals kept for good (uptime shares, quotas, the monthly
// chart) and per-minute traffic kept for a little over a day (the hour and day charts).
// `day` is the user's local calendar day as YYYY-MM-DD: quotas reset at local midnight.
const char* const kSchema003 = R"sql(
CREATE TABLE node_days (
    day TEXT PRIMARY KEY NOT NULL,
    bytes_in INTEGER NOT NULL DEFAULT 0,
    bytes_out INTEGER NOT NULL DEFAULT 0,
    messages INTEGER NOT NULL DEFAULT 0,
    uptime_seconds INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE node_minutes (
    minute INTEGER PRIMARY KEY NOT NULL,
    bytes_in INTEGER NOT NULL DEFAULT 0,
    bytes_out INTEGER NOT NULL DEFAULT 0
);
)sql";

// Redundant queues (docs/protocol.md, "Two queues per direction"): an outbox entry holds either
// the body sealed for its queue (as every entry before this version did) or the queue payload,
// sealed when it is sent, so that what waits for a dead relay can be copied to a new queue.
// An outgoing message keeps its queue payload until the contact's receipt: a queue added
// meanwhile carries it again, so that it cannot overtake an older message still on its way.
const char* const kSchema004 = R"sql(
ALTER TABLE pending_sends ADD COLUMN sealed INTEGER NOT NULL DEFAULT 1;
ALTER TABLE messages ADD COLUMN queue_payload BLOB;
)sql";

using MigrationFn = Result<void> (*)(Database&);

// Index i migrates from version i to i + 1.
constexpr MigrationFn kMigrations[] = {&migration001, &migration002, &migration003, &migration004};
static_assert(std::size(kMigrations) == kLatestSchemaVersion);

} // namespace

Result<void> migration001(Database& database) {
    if (auto done = database.exec(kSchema001); !done) {
        return done;
    }
    return database.exec("PRAGMA application_id = " + std::to_string(kProfileApplicationId));
}

Result<void> migration002(Database& database) {
    return database.exec(kSchema002);
}

Result<void> migration003(Database& database) {
    return database.exec(kSchema003);
}

Result<void> migration004(Database& database) {
    return database.exec(kSchema004);
}

Result<int> schemaVersion(Database& database) {
    FERRY_TRY(version, database.queryInt("PRAGMA user_version"));
    return static_cast<int>(version);
}

Result<void> migrate(Database& database, int target) {
    if (target < 0 || target > kLatestSchemaVersion) {
        return makeError(StoreErrc::Failed, "unknown schema version " + std::to_string(target));
    }
    FERRY_TRY(current, schemaVersion(database));
    if (current > target || current < 0) {
        return makeError(StoreErrc::TooNew,
                         "profile database has schema version " + std::to_string(current) +
                             ", newer than this version of Ferry supports (" +
                             std::to_string(target) + "); it was left untouched");
    }
    for (int from = current; from < target; ++from) {
        FERRY_TRY(transaction, Transaction::begin(database));
        auto done = kMigrations[from](database);
        if (done) {
            // user_version lives in the database header, so it commits with the schema.
            done = database.exec("PRAGMA user_version = " + std::to_string(from + 1));
        }
        if (done) {
            done = transaction.commit();
        }
        if (!done) {
            return makeError(StoreErrc::Failed, "migration to schema version " +
                                                    std::to_string(from + 1) +
                                                    " failed: " + done.error().message);
        }
    }
    return {};
}

} // namespace ferry::core::store
