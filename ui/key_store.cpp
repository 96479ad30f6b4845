// The database key in the OS keychain. The key never appears in a log line; only the outcome
// of each keychain call is logged.
#include "ui/key_store.h"

#include "store/database_key.h"

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QTimer>
#include <functional>
#include <qt6keychain/keychain.h>

namespace ferry::ui {

namespace {

Q_LOGGING_CATEGORY(lcKeys, "ferry.ui.keys")

const QString kService = QStringLiteral("Ferry");

KeyStoreStatus statusOf(QKeychain::Error error) {
    switch (error) {
    case QKeychain::NoError:
        return KeyStoreStatus::Ok;
    case QKeychain::EntryNotFound:
        return KeyStoreStatus::NoEntry;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
    case QKeychain::CouldNotDeleteEntry:
        return KeyStoreStatus::Failed;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError:
        // Without a session bus or Secret Service, libsecret's D-Bus errors arrive as
        // OtherError: for us that means there is no keychain to use.
        break;
    }
    return KeyStoreStatus::Unavailable;
}

const char* statusName(KeyStoreStatus status) {
    switch (status) {
    case KeyStoreStatus::Ok:
        return "ok";
    case KeyStoreStatus::NoEntry:
        return "no entry";
    case KeyStoreStatus::Unavailable:
        return "unavailable";
    case KeyStoreStatus::Failed:
        return "failed";
    }
    return "?";
}

// Starts `job` (which deletes itself once finished) and waits for it in a local event loop,
// at most `timeout`. A job that times out is left to finish and delete itself; its result is
// dropped because the connection dies with the loop.
KeyStoreReply runJob(QKeychain::Job* job, std::chrono::milliseconds timeout, const char* what,
                     const std::function<void(QKeychain::Job&, KeyStoreReply&)>& onSuccess = {}) {
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never a plaintext file instead of the keychain
    KeyStoreReply reply;
    bool finished = false;
    QEventLoop loop;
    QObject::connect(job, &QKeychain::Job::finished, &loop, [&](QKeychain::Job* done) {
        finished = true;
        reply.status = statusOf(done->error());
        if (reply.status == KeyStoreStatus::Ok) {
            if (onSuccess)
                onSuccess(*done, reply);
        } else {
            reply.detail = done->errorString();
        }
        loop.quit();
    });
    QTimer::singleShot(timeout, &loop, [&] { loop.quit(); });
    job->start();
    if (!finished)
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    if (!finished) {
        reply.status = KeyStoreStatus::Unavailable;
        reply.detail = QCoreApplication::translate("ferry::ui::SystemKeyStore",
                                                   "the keychain did not answer within %1 seconds")
                           .arg(std::chrono::duration_cast<std::chrono::seconds>(timeout).count());
    }
    qCInfo(lcKeys, "keychain %s: %s", what, statusName(reply.status));
    return reply;
}

} // namespace

SystemKeyStore::SystemKeyStore(std::chrono::milliseconds timeout) : m_timeout(timeout) {}

QString SystemKeyStore::serviceName() {
    return kService;
}

QString SystemKeyStore::entryName(const QString& profileFolder) {
    const QString absolute = QDir::cleanPath(QFileInfo(profileFolder).absoluteFilePath());
    const QString canonical = QFileInfo(absolute).canonicalFilePath();
    return QStringLiteral("profile:") + (canonical.isEmpty() ? absolute : canonical);
}

KeyStoreReply SystemKeyStore::read(const QString& profileFolder) {
    auto* job = new QKeychain::ReadPasswordJob(kService);
    job->setKey(entryName(profileFolder));
    return runJob(job, m_timeout, "read", [](QKeychain::Job& done, KeyStoreReply& reply) {
        // QtKeychain keeps its own copies of the data; ours is moved into SecretBytes.
        const QByteArray data = static_cast<QKeychain::ReadPasswordJob&>(done).binaryData();
        if (data.size() != static_cast<qsizetype>(core::store::kDatabaseKeySize)) {
            reply.status = KeyStoreStatus::Failed;
            reply.detail = QCoreApplication::translate(
                "ferry::ui::SystemKeyStore", "the keychain entry is not a Ferry database key");
            return;
        }
        reply.key = core::crypto::SecretBytes(core::ByteView(
            reinterpret_cast<const std::uint8_t*>(data.constData()), std::size_t(data.size())));
    });
}

KeyStoreReply SystemKeyStore::write(const QString& profileFolder,
                                    const core::crypto::SecretBytes& key) {
    auto* job = new QKeychain::WritePasswordJob(kService);
    job->setKey(entryName(profileFolder));
    job->setBinaryData(
        QByteArray(reinterpret_cast<const char*>(key.data()), qsizetype(key.size())));
    return runJob(job, m_timeout, "write");
}

KeyStoreReply SystemKeyStore::remove(const QString& profileFolder) {
    auto* job = new QKeychain::DeletePasswordJob(kService);
    job->setKey(entryName(profileFolder));
    return runJob(job, m_timeout, "remove");
}

} // namespace ferry::ui
