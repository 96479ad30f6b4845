// core/platform on this system: durable file replacement (owner-only, whole or not at all),
// the journal handle a store flushes, folder sync, local time and the interface list. The
// Windows files are compiled by MinGW-w64 (CMakeLists.txt here), not run.
#include "platform/durable_files.h"
#include "platform/local_time.h"
#include "platform/network_interfaces.h"
#include "platform/socket_io.h"

#include <QTemporaryDir>
#include <QtTest>
#include <boost/asio/ip/address_v4.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/socket.h>
#include <unistd.h>

namespace fs = std::filesystem;
namespace platform = ferry::core::platform;

namespace {

std::string contents(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

bool ownerOnly(const fs::path& file) {
    const auto perms = fs::status(file).permissions();
    return (perms & (fs::perms::group_all | fs::perms::others_all)) == fs::perms::none;
}

} // namespace

class TestCorePlatform : public QObject {
    Q_OBJECT

private slots:
    void replaceFileDurablyWritesAndReplacesOwnerOnly() {
        QTemporaryDir dir;
        const fs::path file = fs::path(dir.path().toStdString()) / "state.txt";
        QVERIFY(!platform::replaceFileDurably(file, "first\n"));
        QCOMPARE(contents(file), std::string("first\n"));
        QVERIFY(ownerOnly(file));

        const std::string big(3 << 20, 'x'); // more than one write() takes at once on pipes
        QVERIFY(!platform::replaceFileDurably(file, big));
        QCOMPARE(contents(file), big);
        QVERIFY(!fs::exists(fs::path(file) += ".tmp"));
    }

    void aFailedReplacementLeavesTheOldFile() {
        QTemporaryDir dir;
        const fs::path file = fs::path(dir.path().toStdString()) / "state.txt";
        QVERIFY(!platform::replaceFileDurably(file, "kept\n"));
        // A folder where the temporary would go: the new text cannot be written.
        fs::create_directory(fs::path(file) += ".tmp");
        QVERIFY(platform::replaceFileDurably(file, "lost\n"));
        QCOMPARE(contents(file), std::string("kept\n"));
        // A missing folder is an error, not a crash.
        QVERIFY(platform::replaceFileDurably(file.parent_path() / "missing" / "x", "y"));
    }

    void dataSyncFileCreatesOwnerOnlyAndSyncs() {
        QTemporaryDir dir;
        const fs::path file = fs::path(dir.path().toStdString()) / "journal";
        platform::DataSyncFile closed;
        QVERIFY(closed.syncData()); // nothing open: an error

        platform::DataSyncFile journal;
        QVERIFY(!platform::DataSyncFile::open(file, journal));
        QVERIFY(fs::exists(file) && ownerOnly(file));
        std::ofstream(file, std::ios::app) << "written by another handle";
        QVERIFY(!journal.syncData());

        platform::DataSyncFile moved = std::move(journal);
        QVERIFY(!moved.syncData());
        QVERIFY(journal.syncData()); // NOLINT(bugprone-use-after-move): moved-from is closed

        platform::DataSyncFile missing;
        QVERIFY(platform::DataSyncFile::open(file.parent_path() / "no" / "such", missing));
    }

    void syncFolderReportsAMissingFolder() {
        QTemporaryDir dir;
        QVERIFY(!platform::syncFolder(dir.path().toStdString()));
        QVERIFY(platform::syncFolder(fs::path(dir.path().toStdString()) / "missing"));
    }

    void localCalendarTimeBreaksDownTheTime() {
        const std::time_t now = std::time(nullptr);
        const auto local = platform::localCalendarTime(now);
        QVERIFY(local.has_value());
        std::tm copy = *local;
        QCOMPARE(std::mktime(&copy), now); // mktime is its inverse in the same zone
    }

    void interfaceAddressesAreIPv4WithoutLoopback() {
        for (const std::string& address : platform::localIPv4Addresses()) {
            boost::system::error_code ec;
            const auto parsed = boost::asio::ip::make_address_v4(address, ec);
            QVERIFY2(!ec, address.c_str());
            QVERIFY2(!parsed.is_loopback(), address.c_str());
        }
    }

    void socketIoMovesBytesAndNeverRaisesSigpipe() {
        int pair[2];
        QCOMPARE(::socketpair(AF_UNIX, SOCK_STREAM, 0, pair), 0);
        QCOMPARE(platform::sendSome(pair[0], "ping", 4).bytes, 4L);
        QVERIFY(platform::waitReadable(pair[1], std::chrono::seconds(5)));
        char buffer[8] = {};
        QCOMPARE(platform::receiveSome(pair[1], buffer, sizeof buffer).bytes, 4L);
        QCOMPARE(std::string(buffer, 4), std::string("ping"));
        QVERIFY(!platform::waitReadable(pair[1], std::chrono::milliseconds(10)));

        ::close(pair[1]);
        // The peer is gone: an error, where write() would have ended the test with SIGPIPE.
        const auto sent = platform::sendSome(pair[0], "late", 4);
        QCOMPARE(sent.bytes, -1L);
        QVERIFY(!sent.retry);
        ::close(pair[0]);
    }
};

QTEST_GUILESS_MAIN(TestCorePlatform)
#include "test_core_platform.moc"
