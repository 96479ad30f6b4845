#include "ui/single_instance.h"

#include <QCryptographicHash>
#include <QDataStream>
#include <QDir>
#include <QLocalServer>
#include <QLocalSocket>
#include <QLockFile>

namespace ferry::ui {

SingleInstance::SingleInstance(const QString& profileFolder, QObject* parent)
    : QObject(parent), m_folder(QDir(profileFolder).absolutePath()) {}

SingleInstance::~SingleInstance() = default;

QString SingleInstance::socketName() const {
    // Local socket names are global to the user's session: derive one from the folder.
    const QByteArray hash =
        QCryptographicHash::hash(m_folder.toUtf8(), QCryptographicHash::Sha256).toHex().left(24);
    return QStringLiteral("ferry-") + QString::fromLatin1(hash);
}

bool SingleInstance::acquire() {
    QDir().mkpath(m_folder);
    m_lock = std::make_unique<QLockFile>(QDir(m_folder).filePath(QStringLiteral("app.lock")));
    m_lock->setStaleLockTime(0); // a crashed owner's lock is detected by its dead pid
    if (!m_lock->tryLock(100))
        return false;
    QLocalServer::removeServer(socketName()); // left behind by a crash
    m_server = new QLocalServer(this);
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    connect(m_server, &QLocalServer::newConnection, this, &SingleInstance::onConnection);
    return m_server->listen(socketName());
}

bool SingleInstance::handOver(const QStringList& arguments, int timeoutMs) {
    QLocalSocket socket;
    socket.connectToServer(socketName());
    if (!socket.waitForConnected(timeoutMs))
        return false;
    QByteArray payload;
    QDataStream out(&payload, QIODevice::WriteOnly);
    out << arguments;
    socket.write(payload);
    if (!socket.waitForBytesWritten(timeoutMs))
        return false;
    socket.disconnectFromServer();
    return true;
}

void SingleInstance::onConnection() {
    while (QLocalSocket* socket = m_server->nextPendingConnection()) {
        connect(socket, &QLocalSocket::disconnected, socket, [this, socket] {
            QStringList arguments;
            QDataStream stream(socket->readAll());
            stream >> arguments;
            if (stream.status() == QDataStream::Ok)
                emit activated(arguments);
            socket->deleteLater();
        });
    }
}

} // namespace ferry::ui
