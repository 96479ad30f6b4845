#pragma once

#include "agent/sync_agent.h"
#include "relay_fixture.h"
#include "store/database_key.h"

#include <QDir>
#include <QDirIterator>
#include <condition_variable>
#include <mutex>

namespace ferry::test {

namespace agent = core::agent;

/// What a test client's events reported, readable from the test thread.
class EventLog {
public:
    agent::AgentEvents events() {
        agent::AgentEvents e;
        e.contactRequest = [this](const core::store::ContactRequest& r) {
            record([&] { requests.push_back(r); });
        };
        e.contactConnected = [this](const core::store::Contact& c) {
            record([&] { connected.push_back(c); });
        };
        e.messageReceived = [this](const agent::ReceivedMessageEvent& m) {
            record([&] { received.push_back(m); });
        };
        e.deliveryChanged = [this](std::int64_t id, core::store::MessageState state) {
            record([&] { delivery[id] = state; });
        };
        e.deliveryWaiting = [this](std::int64_t id, const std::string& reason) {
            record([&] { waiting[id] = reason; });
        };
        return e;
    }

    /// Waits until `condition` (evaluated under the lock) holds, or the timeout passes.
    bool waitFor(const std::function<bool()>& condition,
                 std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, timeout, condition);
    }

    std::size_t receivedCount() {
        std::lock_guard lock(m_mutex);
        return received.size();
    }

    std::vector<core::store::ContactRequest> requests;
    std::vector<core::store::Contact> connected;
    std::vector<agent::ReceivedMessageEvent> received;
    std::map<std::int64_t, core::store::MessageState> delivery;
    std::map<std::int64_t, std::string> waiting; ///< the last reason a message waits for

private:
    void record(const std::function<void()>& change) {
        {
            std::lock_guard lock(m_mutex);
            change();
        }
        m_changed.notify_all();
    }
    std::mutex m_mutex;
    std::condition_variable m_changed;
};

/// A Ferry client (agent) with its own profile folder, using the given relay.
class ClientFixture {
public:
    /// A profile with one relay of its own; none when `relayAddress` is empty. Queues whose
    /// relay stays unreachable for `rotateAfter` are replaced.
    ClientFixture(const std::string& name, const std::string& relayAddress,
                  std::chrono::seconds rotateAfter = std::chrono::hours(1))
        : m_name(name), m_relay(relayAddress), m_key(core::store::generateDatabaseKey()),
          m_rotateAfter(rotateAfter) {
        open(true);
        if (relayAddress.empty())
            return; // relays come from a directory
        auto added = m_sync->addRelay(relayAddress);
        if (!added)
            qFatal("addRelay: %s", added.error().message.c_str());
    }

    void open(bool create = false) {
        agent::AgentConfig config;
        config.databaseFile = databaseFile();
        config.databaseKey = m_key;
        if (create)
            config.createWithName = m_name;
        config.relayDefaults.backoffMin = std::chrono::milliseconds(100);
        config.relayDefaults.backoffMax = std::chrono::milliseconds(1000);
        config.relayDefaults.commandTimeout = std::chrono::milliseconds(10000);
        config.rotateAfter = m_rotateAfter;
        if (configure)
            configure(config);
        auto opened = agent::Agent::open(std::move(config), log.events());
        if (!opened)
            qFatal("agent open: %s", opened.error().message.c_str());
        m_agent = std::move(opened).value();
        m_sync = std::make_unique<agent::SyncAgent>(*m_agent);
    }

    void close() {
        m_sync.reset();
        m_agent.reset();
    }
    void restart() {
        close();
        open();
    }

    /// Tests wait for each operation's answer; `async()` is the engine's own callback API.
    agent::SyncAgent& operator*() { return *m_sync; }
    agent::SyncAgent* operator->() { return m_sync.get(); }
    agent::Agent& async() { return *m_agent; }
    std::filesystem::path folder() const { return m_dir.path().toStdString(); }
    std::filesystem::path databaseFile() const { return folder() / "profile.db"; }
    const core::crypto::SecretBytes& key() const { return m_key; }

    EventLog log;
    /// Changes to the engine's configuration at the next open() (restart() applies them).
    std::function<void(agent::AgentConfig&)> configure;

private:
    std::string m_name;
    std::string m_relay;
    QTemporaryDir m_dir;
    core::crypto::SecretBytes m_key;
    std::chrono::seconds m_rotateAfter;
    std::unique_ptr<agent::Agent> m_agent;
    std::unique_ptr<agent::SyncAgent> m_sync;
};

// Connects `inviter` and `joiner` with a one-time link; returns their contact ids.
inline std::pair<std::int64_t, std::int64_t> connectPair(ClientFixture& inviter,
                                                         ClientFixture& joiner) {
    auto link = inviter->createInvitation();
    if (!link)
        qFatal("invite: %s", link.error().message.c_str());
    auto joined = joiner->connect(*link);
    if (!joined)
        qFatal("connect: %s", joined.error().message.c_str());
    const bool both = inviter.log.waitFor([&] { return !inviter.log.connected.empty(); }) &&
                      joiner.log.waitFor([&] { return !joiner.log.connected.empty(); });
    if (!both)
        qFatal("the pair did not connect");
    return {inviter.log.connected.back().id, joiner.log.connected.back().id};
}

/// Waits until `client` received a message with `text`.
inline bool received(ClientFixture& client, const std::string& text) {
    return client.log.waitFor([&] {
        for (const auto& m : client.log.received)
            if (m.text == text)
                return true;
        return false;
    });
}

/// True if any file below `folder` contains `needle`.
inline bool folderContains(const std::filesystem::path& folder, const std::string& needle) {
    QDirIterator it(QString::fromStdString(folder.string()), QDir::Files | QDir::Hidden,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly) && file.readAll().contains(needle.c_str()))
            return true;
    }
    return false;
}

} // namespace ferry::test
