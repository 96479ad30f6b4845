// The directory's database: records survive a reopen with their signatures checked again,
// each numbered migration carries old files forward, and a newer file is refused.
#include "directory/directory_wire.h"
#include "relay/directory/directory_store.h"
#include "relay/relay_data.h"
#include "util/base64.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace ferry;
using namespace ferry::relay::directory;

namespace {

struct SignedRecord {
    QTemporaryDir dir;
    RelayRecord record;
};

std::unique_ptr<SignedRecord> signedRecord() {
    auto made = std::make_unique<SignedRecord>();
    relay::RelayInitOptions init;
    init.dataDir = made->dir.path().toStdString() + "/relay";
    auto created = relay::initRelayData(init);
    auto identity = std::move(relay::loadRelayIdentity(init.dataDir)).value();
    core::directory::Registration registration;
    registration.address = created->address;
    registration.challenge = "c";
    auto signedPayload = core::directory::signPayload(
        core::directory::PayloadKind::Registration,
        core::directory::encodeRegistration(registration),
        [&](core::ByteView m) { return identity.onlineKey.sign(m); }, identity.chainDer());
    auto verified = core::directory::verifyRegistration(*signedPayload);
    RelayRecord& r = made->record;
    r.fingerprint = core::base64UrlEncode(verified->fingerprint);
    r.signedRegistration = *signedPayload;
    r.registration = verified->registration;
    r.signingKey = verified->signingKey;
    r.source = "192.0.2.1/32";
    r.site = "192.0.2.0/24";
    r.state = RelayRecord::State::Listed;
    r.admittedAt = 1000;
    r.lastHeartbeat = 2000;
    r.answered = 3.5;
    r.tried = 4.25;
    r.rttMs = 33;
    r.provenUptimeSeconds = 900;
    return made;
}

} // namespace

class TestDirectoryStore : public QObject {
    Q_OBJECT

private slots:
    void recordsSurviveAReopen() {
        auto made = signedRecord();
        const auto file = made->dir.path().toStdString() + "/directory.db";
        {
            auto store = DirectoryStore::open(file);
            QVERIFY(store.ok());
            QVERIFY((*store)->save(made->record).ok());
        }
        auto store = DirectoryStore::open(file);
        auto loaded = (*store)->load();
        QVERIFY(loaded.ok());
        QCOMPARE(loaded->relays.size(), std::size_t(1));
        const RelayRecord& r = loaded->relays[0];
        QCOMPARE(r.fingerprint, made->record.fingerprint);
        QCOMPARE(r.registration.address, made->record.registration.address);
        QCOMPARE(r.state, RelayRecord::State::Listed);
        QCOMPARE(r.site, made->record.site);
        QCOMPARE(r.answered, 3.5);
        QCOMPARE(r.rttMs, made->record.rttMs);
        QCOMPARE(r.provenUptimeSeconds, std::int64_t(900));
        QVERIFY(r.signingKey == made->record.signingKey);
        QVERIFY((*store)->remove(r.fingerprint).ok());
        QVERIFY((*store)->load()->relays.empty());
    }

    void aRecordThatNoLongerVerifiesIsSkipped() {
        auto made = signedRecord();
        made->record.signedRegistration.payload[5] ^= 1;
        auto store = DirectoryStore::open(made->dir.path().toStdString() + "/directory.db");
        QVERIFY((*store)->save(made->record).ok());
        auto loaded = (*store)->load();
        QVERIFY(loaded->relays.empty());
        QCOMPARE(loaded->skipped, std::vector<std::string>{made->record.fingerprint});
    }

    void migrationOneToTwoKeepsTheRelays() {
        auto made = signedRecord();
        const auto file = made->dir.path().toStdString() + "/directory.db";
        {
            auto db = core::store::Database::open(file, core::store::OpenMode::CreateNew);
            QVERIFY(DirectoryStore::migrate(*db, 1).ok());
            QCOMPARE(*db->queryInt("PRAGMA user_version"), std::int64_t(1));
            const std::string registration =
                core::directory::encodeSignedPayload(made->record.signedRegistration);
            std::string quoted;
            for (char c : registration)
                quoted += c == '\'' ? std::string("''") : std::string(1, c);
            QVERIFY(db->exec("INSERT INTO relays VALUES ('" + made->record.fingerprint +
                             "', CAST('" + quoted +
                             "' AS BLOB), CAST('192.0.2.1/32' AS BLOB), 0, 1000, 2000, 0, 0, 0, "
                             "1000000, 1000000, 40, 0, 0)")
                        .ok());
        }
        auto store = DirectoryStore::open(file);
        QVERIFY(store.ok());
        QCOMPARE(*(*store)->schemaVersion(), DirectoryStore::kSchemaVersion);
        auto loaded = (*store)->load();
        QCOMPARE(loaded->relays.size(), std::size_t(1));
        QCOMPARE(loaded->relays[0].source, std::string("192.0.2.1/32"));
        QCOMPARE(loaded->relays[0].site, std::string()); // unknown before version 2
        QCOMPARE(loaded->relays[0].rttMs, std::optional<std::uint32_t>(40));
    }

    void aNewerFileIsRefused() {
        QTemporaryDir dir;
        const auto file = dir.path().toStdString() + "/directory.db";
        {
            auto db = core::store::Database::open(file, core::store::OpenMode::CreateNew);
            QVERIFY(db->exec("PRAGMA user_version = 99").ok());
        }
        auto store = DirectoryStore::open(file);
        QVERIFY(!store.ok());
        QVERIFY(QString::fromStdString(store.error().message).contains("newer"));
    }
};

QTEST_APPLESS_MAIN(TestDirectoryStore)
#include "test_directory_store.moc"
