#pragma once

#include "directory/directory_address.h"
#include "directory/directory_client.h"
#include "directory/relay_registrar.h"
#include "relay/directory/directory_data.h"
#include "relay/directory/directory_service.h"
#include "relay/registrar_settings.h"
#include "util/clock.h"

#include <QTemporaryDir>
#include <QtTest>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <future>
#include <memory>
#include <thread>
#include <vector>

namespace ferry::test {

/// An io_context run by its own threads until the object is destroyed.
class IoThreads {
public:
    explicit IoThreads(unsigned count = 2) {
        for (unsigned i = 0; i < count; ++i)
            m_threads.emplace_back([this] { io.run(); });
    }
    ~IoThreads() {
        m_work.reset();
        io.stop();
        for (auto& thread : m_threads)
            thread.join();
    }
    boost::asio::io_context io;

private:
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> m_work =
        boost::asio::make_work_guard(io);
    std::vector<std::thread> m_threads;
};

/// Waits for an asynchronous call that reports a Result<T> through a callback.
template <typename T, typename Call> core::Result<T> awaitResult(Call call) {
    auto promise = std::make_shared<std::promise<core::Result<T>>>();
    auto future = promise->get_future();
    call([promise](core::Result<T> result) { promise->set_value(std::move(result)); });
    if (future.wait_for(std::chrono::seconds(60)) != std::future_status::ready)
        qFatal("no answer in 60 s");
    return future.get();
}

/// A directory in this process on 127.0.0.1 and a free port, with its own data folder and a
/// clock the test moves. It dials loopback (relays here live there) unless told otherwise.
class DirectoryFixture {
public:
    explicit DirectoryFixture(std::function<void(relay::directory::DirectoryConfig&)> adjust = {}) {
        relay::directory::DirectoryInitOptions init;
        init.dataDir = m_dir.path().toStdString();
        init.host = "127.0.0.1";
        if (auto created = relay::directory::initDirectoryData(init); !created)
            qFatal("directory init failed: %s", created.error().message.c_str());
        m_config = std::move(relay::directory::loadDirectoryConfig(init.dataDir)).value();
        m_config.listenAddress = "127.0.0.1";
        m_config.port = 0;
        m_config.difficulty = 8; // quick proofs; the checks are the same
        m_config.dialAlsoAllowed = {
            core::net::IpNetwork{boost::asio::ip::make_address("127.0.0.0"), 8}};
        if (adjust)
            adjust(m_config);
        start();
    }
    ~DirectoryFixture() { m_service.reset(); }

    void start() {
        auto store = relay::directory::DirectoryStore::open(m_config.dataDir /
                                                            relay::directory::files::kDatabase);
        if (!store)
            qFatal("store: %s", store.error().message.c_str());
        auto identity = relay::loadRelayIdentity(m_config.dataDir);
        m_service = std::make_unique<relay::directory::DirectoryService>(
            m_threads.io, m_config, std::move(identity).value(), std::move(store).value(), clock);
        if (auto started = m_service->start(); !started)
            qFatal("directory start: %s", started.error().message.c_str());
        m_config.port = m_service->port(); // a restart comes back on the same port
    }
    /// Changes the configuration for the next start (restart()).
    void configure(const std::function<void(relay::directory::DirectoryConfig&)>& adjust) {
        adjust(m_config);
    }
    /// A new service on the same data folder, as after a crash or a restart.
    void restart() {
        m_service->stop();
        m_service.reset();
        start();
    }

    relay::directory::DirectoryService& service() { return *m_service; }
    const relay::directory::DirectoryConfig& config() const { return m_config; }
    core::directory::DirectoryAddress address() const {
        return std::move(core::directory::parseDirectoryAddress(m_service->address())).value();
    }

    core::ManualClock clock{1'800'000'000};

private:
    QTemporaryDir m_dir;
    relay::directory::DirectoryConfig m_config;
    IoThreads m_threads;
    std::unique_ptr<relay::directory::DirectoryService> m_service;
};

/// Keeps a relay registered with a directory as ferry-relay does (RelayRegistrar on `io`),
/// telling it the policy `config` gives (ferry-relay's own settings) or, without one, the
/// default policy (queues and proxying, no node service).
inline std::unique_ptr<core::directory::RelayRegistrar>
keepRegistered(boost::asio::io_context& io, DirectoryFixture& directory,
               const std::string& relayAddress, const relay::RelayIdentity& identity,
               const relay::RelayConfig* config = nullptr) {
    core::directory::RegistrarSettings settings = relay::registrarSettings(
        config ? *config : relay::RelayConfig{}, identity, relayAddress, {});
    settings.directories = {directory.address()};
    if (!config)
        settings.policy = {};
    auto registrar =
        std::make_unique<core::directory::RelayRegistrar>(io, settings, directory.clock, nullptr);
    registrar->start();
    return registrar;
}

/// Waits (processing events) until `condition` holds or 30 s pass.
inline bool waitUntil(const std::function<bool()>& condition) {
    for (int i = 0; i < 600 && !condition(); ++i)
        QTest::qWait(50);
    return condition();
}

} // namespace ferry::test
