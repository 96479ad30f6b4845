// ProfileDatabase: keying, reopening, wrong keys, passphrase/salt flow, key files, and that
// nothing readable reaches the disk.
#include "store/contact_repository.h"
#include "store/database_key.h"
#include "store/message_repository.h"
#include "store/profile_database.h"
#include "store/settings_repository.h"
#include "store/store_errc.h"

#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>

using namespace ferry::core;
using namespace ferry::core::store;
namespace fs = std::filesystem;

namespace {

Bytes readAll(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void writeAll(const fs::path& file, ByteView bytes) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
}

// Every file in the folder and its bytes.
std::map<std::string, Bytes> snapshot(const fs::path& dir) {
    std::map<std::string, Bytes> files;
    for (const auto& entry : fs::directory_iterator(dir)) {
        files[entry.path().filename().string()] = readAll(entry.path());
    }
    return files;
}

bool contains(ByteView haystack, ByteView needle) {
    return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end()) !=
           haystack.end();
}

} // namespace

class TestProfileDatabase : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;

    fs::path freshFolder() {
        const fs::path folder = fs::path(m_dir.path().toStdString()) / std::to_string(++m_counter);
        fs::create_directories(folder);
        return folder;
    }

private slots:
    void createReopenAndKeepData() {
        const fs::path file = freshFolder() / "profile.db";
        const auto key = generateDatabaseKey();
        QCOMPARE(key.size(), std::size_t{32});
        {
            auto db = ProfileDatabase::create(file, key);
            QVERIFY2(db.ok(), db.ok() ? "" : db.error().message.c_str());
            QCOMPARE(*(*db)->schemaVersion(), kLatestSchemaVersion);
            SettingsRepository settings((*db)->database());
            QVERIFY(settings.setString(SettingsRepository::kDisplayName, "Bob").ok());
        }
        auto reopened = ProfileDatabase::open(file, key);
        QVERIFY2(reopened.ok(), reopened.ok() ? "" : reopened.error().message.c_str());
        SettingsRepository settings((*reopened)->database());
        auto name = settings.getString(SettingsRepository::kDisplayName);
        QVERIFY(name.ok() && name->has_value());
        QCOMPARE(**name, std::string("Bob"));
        auto cipher = settings.getInteger("store.cipher_profile");
        QVERIFY(cipher.ok() && cipher->has_value());
        QCOMPARE(**cipher, std::int64_t{kCipherProfileVersion});
        // Secure pragmas are in force on a reopened database too.
        QCOMPARE(*(*reopened)->database().queryInt("PRAGMA foreign_keys"), std::int64_t{1});
        QCOMPARE(*(*reopened)->database().queryText("PRAGMA journal_mode"), std::string("wal"));
        QCOMPARE(*(*reopened)->database().queryInt("PRAGMA cipher_page_size"), std::int64_t{4096});
    }

    void createRefusesExistingFileAndOpenRefusesMissingOne() {
        const fs::path folder = freshFolder();
        const auto key = generateDatabaseKey();
        QVERIFY(ProfileDatabase::create(folder / "profile.db", key).ok());
        auto again = ProfileDatabase::create(folder / "profile.db", key);
        QVERIFY(!again.ok());
        QCOMPARE(again.error().code, std::error_code(ferry::core::store::StoreErrc::Exists));

        auto missing = ProfileDatabase::open(folder / "nothing.db", key);
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, std::error_code(ferry::core::store::StoreErrc::NotFound));
        QVERIFY(!fs::exists(folder / "nothing.db"));
    }

    void wrongKeyIsClearAndLeavesTheFileAlone() {
        const fs::path folder = freshFolder();
        const fs::path file = folder / "profile.db";
        const auto key = generateDatabaseKey();
        {
            auto db = ProfileDatabase::create(file, key);
            QVERIFY(db.ok());
            ContactRepository contacts((*db)->database());
            QVERIFY(contacts.add("Alice", ContactStatus::Connected, 1).ok());
        }
        const auto before = snapshot(folder);
        QCOMPARE(before.size(), std::size_t{1}); // WAL checkpointed and removed on close

        const auto wrong = generateDatabaseKey();
        auto opened = ProfileDatabase::open(file, wrong);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, std::error_code(ferry::core::store::StoreErrc::WrongKey));
        QVERIFY(opened.error().message.find("wrong key or not a Ferry profile database") !=
                std::string::npos);
        QVERIFY(snapshot(folder) == before);

        // The right key still works afterwards.
        QVERIFY(ProfileDatabase::open(file, key).ok());
    }

    void foreignFilesAreRefusedUntouched() {
        const fs::path folder = freshFolder();
        const auto key = generateDatabaseKey();

        // A plain (unencrypted) SQLite database.
        {
            auto plain = Database::open(folder / "plain.db", OpenMode::CreateNew);
            QVERIFY(plain.ok());
            QVERIFY(plain->exec("CREATE TABLE t(x); INSERT INTO t VALUES (1);").ok());
        }
        // Random bytes, and an empty file.
        writeAll(folder / "noise.db", crypto::SecretBytes::random(8192).view());
        writeAll(folder / "empty.db", {});

        const auto before = snapshot(folder);
        for (const char* name : {"plain.db", "noise.db", "empty.db"}) {
            auto opened = ProfileDatabase::open(folder / name, key);
            QVERIFY2(!opened.ok(), name);
            QCOMPARE(opened.error().code, std::error_code(ferry::core::store::StoreErrc::WrongKey));
        }
        QVERIFY(snapshot(folder) == before);
    }

    void encryptedDatabaseOfAnotherAppIsRefused() {
        const fs::path folder = freshFolder();
        const auto key = generateDatabaseKey();
        {
            auto other = Database::open(folder / "other.db", OpenMode::CreateNew);
            QVERIFY(other.ok());
            QVERIFY(other->applyRawKey(key).ok());
            QVERIFY(other->exec("PRAGMA cipher_page_size = 4096; CREATE TABLE t(x);").ok());
        }
        const auto before = snapshot(folder);
        auto opened = ProfileDatabase::open(folder / "other.db", key);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, std::error_code(ferry::core::store::StoreErrc::WrongKey));
        QVERIFY(snapshot(folder) == before);
    }

    void noPlaintextReachesTheDisk() {
        const fs::path folder = freshFolder();
        const fs::path file = folder / "profile.db";
        const auto key = generateDatabaseKey();
        const std::string canary = "plaintext-canary-12345";
        const std::string nameCanary = "name-canary-67890";
        const std::string keyHex = toHex(key.view());
        {
            auto db = ProfileDatabase::create(file, key);
            QVERIFY(db.ok());
            SettingsRepository settings((*db)->database());
            QVERIFY(settings.setString(SettingsRepository::kDisplayName, nameCanary).ok());
            ContactRepository contacts((*db)->database());
            auto alice = contacts.add(nameCanary, ContactStatus::Connected, 1);
            QVERIFY(alice.ok());
            MessageRepository messages((*db)->database());
            for (int i = 0; i < 50; ++i) {
                QVERIFY(messages.addOutgoing(alice->id, canary, 100 + i).ok());
            }
            // While open: the WAL holds the new pages, encrypted.
            QVERIFY(fs::exists(folder / "profile.db-wal"));
            for (const auto& [name, bytes] : snapshot(folder)) {
                QVERIFY2(!contains(bytes, asBytes(canary)), name.c_str());
                QVERIFY2(!contains(bytes, asBytes(nameCanary)), name.c_str());
                QVERIFY2(!contains(bytes, asBytes(keyHex)), name.c_str());
                QVERIFY2(!contains(bytes, key.view()), name.c_str());
            }
        }
        const auto after = snapshot(folder);
        QVERIFY(!after.empty());
        for (const auto& [name, bytes] : after) {
            QVERIFY2(!contains(bytes, asBytes(canary)), name.c_str());
            QVERIFY2(!contains(bytes, asBytes(nameCanary)), name.c_str());
            QVERIFY2(!contains(bytes, asBytes("SQLite format 3")), name.c_str());
            QVERIFY2(!contains(bytes, asBytes(keyHex)), name.c_str());
        }
        // And it is really there for the right key.
        auto reopened = ProfileDatabase::open(file, key);
        QVERIFY(reopened.ok());
        MessageRepository messages((*reopened)->database());
        auto latest = messages.latestPerContact();
        QVERIFY(latest.ok() && latest->size() == 1);
        QCOMPARE(latest->front().body, canary);
    }

    void passphraseAndSaltFlow() {
        const fs::path folder = freshFolder();
        const fs::path file = folder / "profile.db";
        const fs::path saltFile = saltFilePath(file);
        QCOMPARE(saltFile, folder / "profile.salt");

        const auto parameters = KdfParameters::generate(KdfStrength::Interactive);
        QCOMPARE(parameters.salt.size(), kKdfSaltSize);
        QVERIFY(writeSaltFile(saltFile, parameters).ok());
        QVERIFY(!writeSaltFile(saltFile, parameters).ok()); // never overwritten

        auto key = deriveKeyFromPassphrase("correct horse battery staple", parameters);
        QVERIFY(key.ok());
        QCOMPARE(key->size(), kDatabaseKeySize);
        QVERIFY(ProfileDatabase::create(file, *key).ok());

        auto read = readSaltFile(saltFile);
        QVERIFY2(read.ok(), read.ok() ? "" : read.error().message.c_str());
        QVERIFY(read->salt == parameters.salt);
        QCOMPARE(read->opsLimit, parameters.opsLimit);
        QCOMPARE(read->memLimit, parameters.memLimit);

        auto again = deriveKeyFromPassphrase("correct horse battery staple", *read);
        QVERIFY(again.ok());
        QVERIFY(*again == *key);
        auto viaStrength = deriveKeyFromPassphrase("correct horse battery staple", read->salt,
                                                   KdfStrength::Interactive);
        QVERIFY(viaStrength.ok() && *viaStrength == *key);
        QVERIFY(ProfileDatabase::open(file, *again).ok());

        auto wrong = deriveKeyFromPassphrase("correct horse battery stapler", *read);
        QVERIFY(wrong.ok());
        QVERIFY(!(*wrong == *key));
        auto refused = ProfileDatabase::open(file, *wrong);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, std::error_code(ferry::core::store::StoreErrc::WrongKey));

        // The salt file is plaintext but holds no passphrase.
        QVERIFY(!contains(readAll(saltFile), asBytes("horse")));

        // Another salt gives another key.
        auto otherSalt = KdfParameters::generate(KdfStrength::Interactive);
        auto other = deriveKeyFromPassphrase("correct horse battery staple", otherSalt);
        QVERIFY(other.ok() && !(*other == *key));
    }

    void badSaltFilesAreRefused() {
        const fs::path folder = freshFolder();
        const auto check = [&](const std::string& content) {
            const fs::path file = folder / "bad.salt";
            writeAll(file, asBytes(content));
            auto read = readSaltFile(file);
            fs::remove(file);
            return !read.ok() && read.error().code == ferry::core::store::StoreErrc::Key;
        };
        QVERIFY(check(""));
        QVERIFY(check("something else\n"));
        QVERIFY(check("ferry-profile-kdf 1\nalgorithm argon2id13\nopslimit 2\nmemlimit 67108864\n"
                      "salt 0011\n"));
        QVERIFY(check("ferry-profile-kdf 1\nalgorithm scrypt\nopslimit 2\nmemlimit 67108864\n"
                      "salt 00112233445566778899aabbccddeeff\n"));
        QVERIFY(check("ferry-profile-kdf 1\nalgorithm argon2id13\nopslimit 0\nmemlimit 67108864\n"
                      "salt 00112233445566778899aabbccddeeff\n"));
        QVERIFY(!check("ferry-profile-kdf 1\nalgorithm argon2id13\nopslimit 2\nmemlimit 67108864\n"
                       "salt 00112233445566778899aabbccddeeff\n"));
        QVERIFY(!readSaltFile(folder / "missing.salt").ok());
        auto shortSalt = deriveKeyFromPassphrase("x", Bytes(8, 1), KdfStrength::Interactive);
        QVERIFY(!shortSalt.ok());
    }

    void keyFiles() {
        const fs::path folder = freshFolder();
        const auto key = generateDatabaseKey();
        const std::string hex = toHex(key.view());

        const auto readBack = [&](ByteView content) {
            writeAll(folder / "key", content);
            return readKeyFile(folder / "key");
        };
        auto fromHex = readBack(asBytes(hex + "\n"));
        QVERIFY(fromHex.ok() && *fromHex == key);
        std::string upper = hex;
        std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
        auto fromUpper = readBack(asBytes("  " + upper + "\r\n"));
        QVERIFY(fromUpper.ok() && *fromUpper == key);
        auto fromRaw = readBack(key.view());
        QVERIFY(fromRaw.ok() && *fromRaw == key);

        for (const std::string& bad :
             {std::string(), std::string("\n"), hex.substr(0, 63), hex + "00", std::string(64, 'g'),
              hex.substr(0, 30) + " " + hex.substr(30, 33)}) {
            auto read = readBack(asBytes(bad));
            QVERIFY(!read.ok());
            QCOMPARE(read.error().code, std::error_code(ferry::core::store::StoreErrc::Key));
            QVERIFY(read.error().message.find("64 hex") != std::string::npos);
            // The message never quotes the file.
            if (bad.size() > 8) {
                QVERIFY(read.error().message.find(bad.substr(0, 8)) == std::string::npos);
            }
        }
        auto missing = readKeyFile(folder / "missing");
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, std::error_code(ferry::core::store::StoreErrc::Key));

        QVERIFY(writeKeyFile(folder / "written.key", key).ok());
        const auto perms = fs::status(folder / "written.key").permissions();
        QCOMPARE(perms & (fs::perms::group_all | fs::perms::others_all), fs::perms::none);
        auto written = readKeyFile(folder / "written.key");
        QVERIFY(written.ok() && *written == key);
        QCOMPARE(readAll(folder / "written.key").size(), std::size_t{65});

        QVERIFY(!(generateDatabaseKey() == generateDatabaseKey()));
    }

    void keyOfWrongSizeIsRefused() {
        const fs::path file = freshFolder() / "profile.db";
        auto db = ProfileDatabase::create(file, crypto::SecretBytes::random(16));
        QVERIFY(!db.ok());
        QVERIFY(!fs::exists(file));
    }
};

QTEST_APPLESS_MAIN(TestProfileDatabase)
#include "test_profile_database.moc"
