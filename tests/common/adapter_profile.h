#pragma once

// A profile in its own temporary folder, opened through the EngineAdapter with fast relay
// retry settings: what the ui and desktop tests build their clients from.
#include "store/database_key.h"
#include "ui/engine_adapter.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>
#include <functional>
#include <memory>
#include <optional>
#include <tuple>

namespace ferry::test {

inline constexpr int kAdapterTimeoutMs = 30000;

/// Relay connection settings that make tests notice a dead or restarted relay quickly.
inline core::net::SmpClientConfig fastRelayDefaults() {
    core::net::SmpClientConfig config;
    config.backoffMin = std::chrono::milliseconds(100);
    config.backoffMax = std::chrono::milliseconds(500);
    config.connectTimeout = std::chrono::milliseconds(2000);
    config.commandTimeout = std::chrono::milliseconds(5000);
    return config;
}

/// One operation's answer as a test sees it: which continuation ran, with what, and whether
/// it ran on the UI thread. It is the operation's receiver too, so destroying it drops the
/// continuations (and nothing may touch it after).
template <typename... Args> class Answer : public QObject {
public:
    std::function<void(Args...)> onDone() {
        return [this](Args... args) {
            note();
            value.emplace(args...);
            ++done;
        };
    }
    ui::EngineAdapter::OnFailed onFailed() {
        return [this](const core::Error& e) {
            note();
            error = e;
            ++failed;
        };
    }
    bool answered() const { return done + failed > 0; }
    /// The first (or only) value onDone got.
    const auto& first() const { return std::get<0>(*value); }

    int done = 0;
    int failed = 0;
    int offThread = 0;
    std::optional<std::tuple<std::decay_t<Args>...>> value;
    core::Error error;

private:
    void note() {
        if (QThread::currentThread() != qApp->thread())
            ++offThread;
    }
};

struct AdapterProfile {
    explicit AdapterProfile(const std::string& name) {
        core::agent::AgentConfig config;
        config.databaseFile = dir.path().toStdString() + "/profile.db";
        config.databaseKey = core::store::generateDatabaseKey();
        config.createWithName = name;
        config.relayDefaults = fastRelayDefaults();
        QString error;
        adapter.reset(ui::EngineAdapter::open(std::move(config), nullptr, &error));
        if (!adapter)
            qFatal("open: %s", qPrintable(error));
        // Every signal the engine causes must be delivered on the UI thread.
        auto check = [this] {
            ++seen;
            if (QThread::currentThread() != qApp->thread())
                ++offThread;
        };
        QObject::connect(adapter.get(), &ui::EngineAdapter::messageReceived, check);
        QObject::connect(adapter.get(), &ui::EngineAdapter::deliveryChanged, check);
        QObject::connect(adapter.get(), &ui::EngineAdapter::contactConnected, check);
        QObject::connect(adapter.get(), &ui::EngineAdapter::relayStateChanged, check);
        QObject::connect(adapter.get(), &ui::EngineAdapter::messageSent, check);
    }

    void addRelay(const std::string& address) {
        QSignalSpy added(adapter.get(), &ui::EngineAdapter::relayAdded);
        adapter->addRelay(QString::fromStdString(address), adapter.get(), {},
                          [](const core::Error& error) {
                              qWarning("addRelay failed: %s", error.message.c_str());
                          });
        QTRY_COMPARE_WITH_TIMEOUT(added.count(), 1, kAdapterTimeoutMs);
    }

    ui::EngineAdapter* operator->() { return adapter.get(); }
    ui::EngineAdapter* get() { return adapter.get(); }

    QTemporaryDir dir;
    std::unique_ptr<ui::EngineAdapter> adapter;
    int seen = 0;
    int offThread = 0;
};

} // namespace ferry::test
