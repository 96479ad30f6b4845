#pragma once

#include <QObject>
#include <QString>
#include <memory>

class QLocalServer;
class QLockFile;

namespace ferry::ui {

/// One running app per profile. The first instance holds a lock in the profile folder and
/// listens on a local socket; a second instance hands over its arguments (e.g. a `ferry:`
/// link opened from another app) and exits.
class SingleInstance : public QObject {
    Q_OBJECT

public:
    explicit SingleInstance(const QString& profileFolder, QObject* parent = nullptr);
    ~SingleInstance() override;

    /// True if this process now owns the profile. False means another instance does: call
    /// handOver() and exit.
    bool acquire();
    /// Sends `arguments` to the running instance; true once it has them.
    bool handOver(const QStringList& arguments, int timeoutMs = 2000);

signals:
    /// Another launch for this profile passed these arguments (raise the window, open links).
    void activated(const QStringList& arguments);

private:
    void onConnection();
    QString socketName() const;

    QString m_folder;
    std::unique_ptr<QLockFile> m_lock;
    QLocalServer* m_server = nullptr;
};

} // namespace ferry::ui
