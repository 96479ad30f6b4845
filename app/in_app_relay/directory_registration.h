#pragma once

#include "relay/relay_config.h"
#include "relay/relay_data.h"
#include "ui/node_types.h"

#include <QList>
#include <QStringList>
#include <functional>
#include <memory>
#include <string>

namespace ferry::core {
class Clock;
namespace directory {
class RelayRegistrar;
}
} // namespace ferry::core

namespace ferry::app {

/// Keeps the in-app relay registered with relay directories, as `ferry-relay start
/// --directory` does: a core::directory::RelayRegistrar on a network thread of its own
/// registers (signed with the relay's online key, with a proof of work), heartbeats and
/// registers again after failures, from construction until destruction.
class DirectoryRegistration {
public:
    /// `identity` (the running relay server's) must outlive this object. `relayAddress` is
    /// the address the directories get (and dial back); `onChange` is called on the
    /// registration's thread whenever a directory's standing changes.
    DirectoryRegistration(const relay::RelayConfig& config, const relay::RelayIdentity& identity,
                          std::string relayAddress, const QStringList& directories,
                          const core::Clock& clock, std::function<void()> onChange);
    /// Stops the registrar and its thread: no more calls of `onChange` after it returns.
    ~DirectoryRegistration();

    DirectoryRegistration(const DirectoryRegistration&) = delete;
    DirectoryRegistration& operator=(const DirectoryRegistration&) = delete;

    /// The published address changed: every directory gets a fresh registration.
    void setRelayAddress(std::string address);
    /// Each directory's standing, in the order given. Thread-safe.
    QList<ui::NodeDirectory> standings() const;

private:
    struct Network;
    std::unique_ptr<Network> m_network;
    std::unique_ptr<core::directory::RelayRegistrar> m_registrar;
};

} // namespace ferry::app
