// Numbered schema migrations: each one run on the previous schema with data in it.
#include "store/contact_repository.h"
#include "store/database_key.h"
#include "store/message_repository.h"
#include "store/migrations.h"
#include "store/node_repository.h"
#include "store/outbox_repository.h"
#include "store/profile_database.h"
#include "store/queue_repository.h"
#include "store/ratchet_repository.h"
#include "store/request_repository.h"
#include "store/settings_repository.h"
#include "store/store_errc.h"

#include <QTemporaryDir>
#include <QTest>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

using namespace ferry::core;
using namespace ferry::core::store;
namespace fs = std::filesystem;

namespace {

Bytes readAll(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::set<std::string> columns(Database& c, const std::string& table) {
    std::set<std::string> names;
    auto stmt = c.prepare("PRAGMA table_info(" + table + ")");
    while (stmt.ok() && *stmt->step()) {
        names.insert(stmt->text(1));
    }
    return names;
}

std::set<std::string> objects(Database& c) {
    std::set<std::string> names;
    auto stmt = c.prepare("SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'");
    while (stmt.ok() && *stmt->step()) {
        names.insert(stmt->text(0));
    }
    return names;
}

std::int64_t count(Database& c, const std::string& table) {
    return *c.queryInt("SELECT COUNT(*) FROM " + table);
}

// Rows in every table of schema 1, written with plain SQL as a version-1 build would have.
const char* const kVersion1Rows = R"sql(
INSERT INTO settings(key, value) VALUES ('profile.display_name', 'Bob');
INSERT INTO relays(id, address, added_at, enabled) VALUES (1, 'smp://abc@relay.example:5223', 10, 1);
INSERT INTO contact_addresses(id, link, secrets, created_at, deleted)
    VALUES (1, 'ferry://address/1', x'0102', 20, 0);
INSERT INTO contacts(id, display_name, local_alias, status, created_at, via_address)
    VALUES (1, 'Alice', NULL, 'connected', 30, NULL);
INSERT INTO contacts(id, display_name, local_alias, status, created_at, via_address)
    VALUES (2, 'Carol', 'Caz', 'pending', 31, 1);
INSERT INTO invitations(id, link, secrets, state, created_at, used, contact_id)
    VALUES (1, 'ferry://invite/1', x'0304', 'connected', 25, 1, 1);
INSERT INTO contact_requests(id, address_id, display_name, payload, received_at, state, contact_id)
    VALUES (1, 1, 'Carol', x'0506', 29, 'accepted', 2);
INSERT INTO queues(id, contact_id, owner_kind, owner_id, direction, relay, queue_id, keys, status,
                   created_at) VALUES (1, 1, 'contact', 1, 'receive', 'smp://abc@relay.example:5223',
                   x'aa', x'bb', 'active', 30);
INSERT INTO queues(id, contact_id, owner_kind, owner_id, direction, relay, queue_id, keys, status,
                   created_at) VALUES (2, 1, 'contact', 1, 'send', 'smp://abc@relay.example:5223',
                   x'cc', x'dd', 'active', 30);
INSERT INTO ratchets(contact_id, state, updated_at) VALUES (1, x'deadbeef', 40);
INSERT INTO messages(id, contact_id, direction, body, sent_at, received_at, state, external_id)
    VALUES (1, 1, 'out', 'hello Alice', 50, NULL, 'delivered', x'01');
INSERT INTO messages(id, contact_id, direction, body, sent_at, received_at, state, external_id)
    VALUES (2, 1, 'in', 'hi Bob', 51, 52, 'received', x'01');
INSERT INTO messages(id, contact_id, direction, body, sent_at, received_at, state, external_id)
    VALUES (3, 1, 'in', 'how are you?', 53, 54, 'received', x'02');
INSERT INTO messages(id, contact_id, direction, body, sent_at, received_at, state, external_id)
    VALUES (4, 1, 'out', 'fine', 55, NULL, 'pending', x'02');
INSERT INTO pending_sends(id, message_id, queue_id, payload, attempts, next_attempt_at, created_at)
    VALUES (1, 4, 2, x'eeff', 1, 60, 55);
)sql";

} // namespace

class TestMigrations : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;

    fs::path freshFile() {
        const fs::path folder = fs::path(m_dir.path().toStdString()) / std::to_string(++m_counter);
        fs::create_directories(folder);
        return folder / "profile.db";
    }

    // A raw keyed database with the profile cipher settings, bypassing ProfileDatabase.
    static Database rawConnection(const fs::path& file, const crypto::SecretBytes& key,
                                  OpenMode mode) {
        auto c = Database::open(file, mode);
        if (!c.ok()) {
            qFatal("cannot open %s", file.c_str());
        }
        (void)c->applyRawKey(key);
        (void)c->exec("PRAGMA cipher_page_size = 4096; PRAGMA foreign_keys = ON;");
        return std::move(*c);
    }

private slots:
    void migration001CreatesTheInitialSchema() {
        const fs::path file = freshFile();
        const auto key = generateDatabaseKey();
        Database c = rawConnection(file, key, OpenMode::CreateNew);
        QCOMPARE(*schemaVersion(c), 0);
        QVERIFY(migrate(c, 1).ok());
        QCOMPARE(*schemaVersion(c), 1);
        QCOMPARE(*c.queryInt("PRAGMA application_id"), std::int64_t{kProfileApplicationId});
        const auto names = objects(c);
        for (const char* table :
             {"settings", "relays", "contacts", "invitations", "contact_addresses",
              "contact_requests", "queues", "ratchets", "messages", "pending_sends",
              "messages_by_contact", "contacts_unique_name"}) {
            QVERIFY2(names.contains(table), table);
        }
        QVERIFY(!names.contains("contact_unread"));
        QVERIFY(!columns(c, "messages").contains("edited_at"));
        QVERIFY(c.exec(kVersion1Rows).ok());
        // Migrating to the version it has is a no-op.
        QVERIFY(migrate(c, 1).ok());
        QCOMPARE(count(c, "messages"), std::int64_t{4});
    }

    void migration002KeepsVersion1Data() {
        const fs::path file = freshFile();
        const auto key = generateDatabaseKey();
        {
            auto v1 = ProfileDatabase::create(file, key, {.schemaVersion = 1});
            QVERIFY(v1.ok());
            QCOMPARE(*(*v1)->schemaVersion(), 1);
            QVERIFY((*v1)->database().exec(kVersion1Rows).ok());
        }
        auto db = ProfileDatabase::open(file, key, {.schemaVersion = 2}); // runs migration 2
        QVERIFY2(db.ok(), db.ok() ? "" : db.error().message.c_str());
        Database& c = (*db)->database();
        QCOMPARE(*(*db)->schemaVersion(), 2);
        QVERIFY(columns(c, "messages").contains("edited_at"));
        QVERIFY(columns(c, "contacts").contains("last_read_message_id"));
        QVERIFY(objects(c).contains("contact_unread"));

        // Every row survived.
        QCOMPARE(count(c, "settings"), std::int64_t{2}); // + store.cipher_profile
        QCOMPARE(count(c, "relays"), std::int64_t{1});
        QCOMPARE(count(c, "contacts"), std::int64_t{2});
        QCOMPARE(count(c, "invitations"), std::int64_t{1});
        QCOMPARE(count(c, "contact_addresses"), std::int64_t{1});
        QCOMPARE(count(c, "contact_requests"), std::int64_t{1});
        QCOMPARE(count(c, "queues"), std::int64_t{2});
        QCOMPARE(count(c, "ratchets"), std::int64_t{1});
        QCOMPARE(count(c, "messages"), std::int64_t{4});
        QCOMPARE(count(c, "pending_sends"), std::int64_t{1});

        // ... and reads back through today's repositories.
        SettingsRepository settings(c);
        QCOMPARE(settings.getString(SettingsRepository::kDisplayName)->value(), std::string("Bob"));
        ContactRepository contacts(c);
        auto carol = contacts.find(2);
        QVERIFY(carol.ok() && carol->has_value());
        QCOMPARE((*carol)->localAlias.value(), std::string("Caz"));
        QCOMPARE((*carol)->viaAddressId.value(), std::int64_t{1});
        QVERIFY(!(*carol)->lastReadMessageId.has_value());
        MessageRepository messages(c);
        auto history = messages.history(1);
        QVERIFY(history.ok());
        QCOMPARE(history->size(), std::size_t{4});
        QCOMPARE(history->front().body, std::string("hello Alice"));
        QCOMPARE(history->front().state, MessageState::Delivered);
        QVERIFY(!history->front().editedAt.has_value());
        RatchetRepository ratchets(c);
        QVERIFY(ratchets.load(1)->value().view().size() == 4);
        QueueRepository queues(c);
        QCOMPARE(queues.forContact(1)->size(), std::size_t{2});
        RequestRepository requests(c);
        QCOMPARE(requests.find(1)->value().state, RequestState::Accepted);

        // The new columns and view work on the old rows.
        QCOMPARE(*messages.unreadCount(1), std::int64_t{2});
        QCOMPARE(*messages.unreadCount(2), std::int64_t{0});
        QVERIFY(*messages.markReadUpTo(1, 2));
        QCOMPARE(*messages.unreadCount(1), std::int64_t{1});
        QVERIFY(*messages.editBody(4, "fine, thanks", 70));
        auto edited = messages.find(4);
        QCOMPARE((*edited)->body, std::string("fine, thanks"));
        QCOMPARE((*edited)->editedAt.value(), std::int64_t{70});
    }

    void migration003AddsNodeActivityAndKeepsData() {
        const fs::path file = freshFile();
        const auto key = generateDatabaseKey();
        {
            auto v1 = ProfileDatabase::create(file, key, {.schemaVersion = 1});
            QVERIFY(v1.ok());
            QVERIFY((*v1)->database().exec(kVersion1Rows).ok());
        }
        {
            auto v2 = ProfileDatabase::open(file, key, {.schemaVersion = 2});
            QVERIFY(v2.ok());
            QCOMPARE(*(*v2)->schemaVersion(), 2);
        }
        auto db = ProfileDatabase::open(file, key, {.schemaVersion = 3}); // runs migration 3
        QVERIFY2(db.ok(), db.ok() ? "" : db.error().message.c_str());
        Database& c = (*db)->database();
        QCOMPARE(*(*db)->schemaVersion(), 3);
        QVERIFY(objects(c).contains("node_days"));
        QVERIFY(objects(c).contains("node_minutes"));
        QCOMPARE(count(c, "messages"), std::int64_t{4});
        QCOMPARE(count(c, "contacts"), std::int64_t{2});

        // Activity adds up per day and per minute; old minutes go, days stay.
        NodeRepository nodes(c);
        QVERIFY(nodes.record({"2026-11-25", 600, 100, 200, 3, 60}).ok());
        QVERIFY(nodes.record({"2026-11-26", 86400, 10, 20, 1, 30}).ok());
        QVERIFY(nodes.record({"2026-11-26", 86400, 5, 5, 2, 30}).ok());
        auto days = nodes.days("2026-11-01", "2026-11-30");
        QVERIFY(days.ok());
        QCOMPARE(days->size(), std::size_t{2});
        QCOMPARE(days->back().bytesIn, std::int64_t{15});
        QCOMPARE(days->back().messages, std::int64_t{3});
        QCOMPARE(days->back().uptimeSeconds, std::int64_t{60});
        QCOMPARE(nodes.allTime()->messages, std::int64_t{6});
        QCOMPARE(nodes.allTime()->bytesOut, std::int64_t{225});
        QCOMPARE(nodes.minutes(0)->size(), std::size_t{2});
        QCOMPARE(nodes.minutes(0)->back().bytesOut, std::int64_t{25});
        QVERIFY(nodes.pruneMinutes(1000).ok());
        QCOMPARE(nodes.minutes(0)->size(), std::size_t{1});
        QCOMPARE(nodes.days("2026-11-25", "2026-11-25")->size(), std::size_t{1});
    }

    void migration004KeepsSealedOutboxEntries() {
        const fs::path file = freshFile();
        const auto key = generateDatabaseKey();
        {
            auto v1 = ProfileDatabase::create(file, key, {.schemaVersion = 1});
            QVERIFY(v1.ok());
            QVERIFY((*v1)->database().exec(kVersion1Rows).ok());
        }
        QVERIFY(ProfileDatabase::open(file, key, {.schemaVersion = 3}).ok());
        auto db = ProfileDatabase::open(file, key); // runs migration 4
        QVERIFY2(db.ok(), db.ok() ? "" : db.error().message.c_str());
        Database& c = (*db)->database();
        QCOMPARE(*(*db)->schemaVersion(), 4);
        QVERIFY(columns(c, "pending_sends").contains("sealed"));
        // What waited before is a body sealed for its queue, sent as it is.
        OutboxRepository outbox(c);
        auto due = outbox.due(100);
        QVERIFY(due.ok());
        QCOMPARE(due->size(), std::size_t{1});
        QCOMPARE(due->front().form, OutboxForm::Sealed);
    }

    void failedMigrationRollsBackCompletely() {
        const fs::path file = freshFile();
        const auto key = generateDatabaseKey();
        {
            auto v1 = ProfileDatabase::create(file, key, {.schemaVersion = 1});
            QVERIFY(v1.ok());
            QVERIFY((*v1)->database().exec(kVersion1Rows).ok());
            // Squat the name migration 2 needs, so its last statement fails.
            QVERIFY((*v1)->database().exec("CREATE TABLE contact_unread(x)").ok());
        }
        auto db = ProfileDatabase::open(file, key);
        QVERIFY(!db.ok());
        QVERIFY(db.error().message.find("schema version 2") != std::string::npos);

        auto v1 = ProfileDatabase::open(file, key, {.schemaVersion = 1});
        QVERIFY(v1.ok());
        Database& c = (*v1)->database();
        QCOMPARE(*(*v1)->schemaVersion(), 1);
        QVERIFY(!columns(c, "messages").contains("edited_at")); // the ALTER was undone
        QVERIFY(!columns(c, "contacts").contains("last_read_message_id"));
        QCOMPARE(count(c, "messages"), std::int64_t{4});
    }

    void newerSchemaIsRefusedAndUntouched() {
        const fs::path file = freshFile();
        const auto key = generateDatabaseKey();
        QVERIFY(ProfileDatabase::create(file, key).ok());
        {
            Database c = rawConnection(file, key, OpenMode::OpenExisting);
            QVERIFY(
                c.exec("PRAGMA user_version = " + std::to_string(kLatestSchemaVersion + 1)).ok());
            QVERIFY(c.exec("PRAGMA journal_mode = DELETE").ok());
        }
        const Bytes before = readAll(file);
        auto db = ProfileDatabase::open(file, key);
        QVERIFY(!db.ok());
        QCOMPARE(db.error().code, std::error_code(ferry::core::store::StoreErrc::TooNew));
        QVERIFY(db.error().message.find("newer") != std::string::npos);
        QVERIFY(readAll(file) == before);
        QVERIFY(!fs::exists(file.string() + "-wal"));

        Database c = rawConnection(file, key, OpenMode::OpenExisting);
        auto migrated = migrate(c);
        QVERIFY(!migrated.ok());
        QCOMPARE(migrated.error().code, std::error_code(ferry::core::store::StoreErrc::TooNew));
    }

    void olderBuildRefusesCurrentSchema() {
        // What a build that only knows version 1 does with today's file.
        const fs::path file = freshFile();
        const auto key = generateDatabaseKey();
        QVERIFY(ProfileDatabase::create(file, key).ok());
        const Bytes before = readAll(file);
        auto db = ProfileDatabase::open(file, key, {.schemaVersion = 1});
        QVERIFY(!db.ok());
        QCOMPARE(db.error().code, std::error_code(ferry::core::store::StoreErrc::TooNew));
        QVERIFY(readAll(file) == before);
        QVERIFY(ProfileDatabase::open(file, key).ok());
    }
};

QTEST_APPLESS_MAIN(TestMigrations)
#include "test_migrations.moc"
