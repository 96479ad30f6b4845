// Key and settings files are made owner-only before any secret goes in. Where the file system
// refuses to change permissions (as one without Unix permissions does), each writer must stop
// with a clear error and leave no file behind, rather than write a secret anyone may read.
// Every chmod is refused here by a seccomp filter in a child process.
#include "crypto/signing_key.h"
#include "relay/relay_data.h"
#include "store/database_key.h"

#include <QTemporaryDir>
#include <QtTest>
#include <cerrno>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <string>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace ferry;
namespace fs = std::filesystem;

namespace {

const char* const kRelay = FERRY_RELAY_BINARY;

// Makes chmod, fchmod and fchmodat fail with EPERM in this process and what it executes.
bool refuseChmod() {
    sock_filter filter[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
#ifdef __NR_chmod
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_chmod, 3, 0),
#else
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_fchmod, 3, 0),
#endif
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_fchmod, 2, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_fchmodat, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA)),
    };
    sock_fprog program{static_cast<unsigned short>(std::size(filter)), filter};
    return ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 &&
           ::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program) == 0;
}

// Runs `body` in a child process where every chmod fails; its exit status (0: all held,
// otherwise the number of the check that failed).
int withChmodRefused(const std::function<int()>& body) {
    const pid_t pid = ::fork();
    if (pid == 0)
        ::_exit(refuseChmod() ? body() : 100);
    int status = 0;
    if (pid < 0 || ::waitpid(pid, &status, 0) != pid)
        return 101;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 102;
}

bool mentions(const std::string& text, const char* words) {
    return text.find(words) != std::string::npos;
}

std::string contents(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

} // namespace

class TestPrivateFiles : public QObject {
    Q_OBJECT

private slots:
    void theFilterRefusesChmod() {
        QTemporaryDir dir;
        const fs::path file = dir.filePath("f").toStdString();
        std::ofstream(file) << "x";
        QCOMPARE(withChmodRefused([&] {
                     std::error_code ec;
                     fs::permissions(file, fs::perms::owner_read, ec);
                     return ec == std::errc::operation_not_permitted ? 0 : 1;
                 }),
                 0);
    }

    void relaySettingsAndFolder() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        QCOMPARE(withChmodRefused([&] {
                     auto folder = relay::createPrivateFolder(root / "data");
                     if (folder || !mentions(folder.error().message, "cannot restrict permissions"))
                         return 1;
                     auto text = relay::writePrivateText(root / "relay.ini", "create_password = x");
                     if (text || !mentions(text.error().message, "cannot restrict permissions"))
                         return 2;
                     return fs::exists(root / "relay.ini") ? 3 : 0;
                 }),
                 0);
    }

    void signingKey() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("server.key").toStdString();
        QCOMPARE(withChmodRefused([&] {
                     auto key =
                         core::crypto::SigningKey::generate(core::crypto::KeyAlgorithm::Ed25519);
                     if (!key)
                         return 1;
                     auto saved = key->savePemFile(path);
                     if (saved || !mentions(saved.error().message, "cannot restrict permissions"))
                         return 2;
                     return fs::exists(path) ? 3 : 0;
                 }),
                 0);
    }

    void databaseKey() {
        QTemporaryDir dir;
        const fs::path path = dir.filePath("profile.key").toStdString();
        QCOMPARE(withChmodRefused([&] {
                     auto written =
                         core::store::writeKeyFile(path, core::store::generateDatabaseKey());
                     if (written || !mentions(written.error().message, "permissions"))
                         return 1;
                     return fs::exists(path) ? 2 : 0;
                 }),
                 0);
    }

    // What an operator sees: `ferry-relay init` stops with the reason, and no key is on disk.
    void relayInitSaysWhy() {
        QTemporaryDir dir;
        const fs::path data = fs::path(dir.path().toStdString()) / "relay";
        const fs::path log = fs::path(dir.path().toStdString()) / "stderr";
        const int status = withChmodRefused([&] {
            std::FILE* err = std::fopen(log.c_str(), "w");
            if (!err || ::dup2(::fileno(err), STDERR_FILENO) < 0)
                return 1;
            ::execl(kRelay, kRelay, "init", "--data", data.c_str(), "--host", "127.0.0.1", "--port",
                    "5223", static_cast<char*>(nullptr));
            return 2;
        });
        QVERIFY2(status != 0 && status < 100, qPrintable(QString::number(status)));
        const std::string said = contents(log);
        QVERIFY2(mentions(said, "cannot restrict permissions"), said.c_str());
        bool keyOnDisk = false;
        for (const auto& entry : fs::recursive_directory_iterator(dir.path().toStdString()))
            keyOnDisk = keyOnDisk || entry.path().extension() == ".key";
        QVERIFY(!keyOnDisk);
    }
};

QTEST_GUILESS_MAIN(TestPrivateFiles)
#include "test_private_files.moc"
