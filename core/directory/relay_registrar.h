#pragma once

#include "directory/directory_address.h"
#include "directory/directory_wire.h"
#include "util/clock.h"
#include "util/result.h"

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace ferry::core::directory {

/// What a relay tells directories about itself, and how it signs.
struct RegistrarSettings {
    std::vector<DirectoryAddress> directories;
    std::string relayAddress; ///< smp://<fingerprint>@host:port, the published one
    smp::VersionRange versions;
    RelayPolicy policy;
    std::string region;
    std::vector<Bytes> chain; ///< [online, CA] DER
    /// Signs with the relay's online key (the chain's leaf).
    std::function<Result<Bytes>(ByteView)> sign;
    /// Until a directory says when it wants heartbeats (80% of the default one-hour TTL).
    std::chrono::seconds heartbeatInterval{48 * 60};
    /// After a failure, the next try comes after this, doubling up to retryMax.
    std::chrono::seconds retryMin{30};
    std::chrono::seconds retryMax{30 * 60};
    /// A directory that asks for more proof of work than this is not served.
    unsigned maxDifficulty = 28;
};

/// Where a relay stands with one directory, for the Node page and the relay's log.
struct DirectoryStanding {
    enum class Phase { Registering, Registered, Failed };
    std::string directory; ///< its address
    Phase phase = Phase::Registering;
    std::string state; ///< what the directory says: probation, listed, down
    double score = 0;
    std::int64_t lastHeartbeat = 0; ///< Unix seconds of the last accepted registration/heartbeat
    std::string error;              ///< why the last attempt failed (Failed)
};
const char* directoryPhaseName(DirectoryStanding::Phase phase);

/// Keeps a relay registered with its directories: registers (challenge, proof of work off
/// the network thread, signed registration; the directory dials back before it answers),
/// then heartbeats when the directory asks, registers again when a directory forgot it, and
/// retries with backoff after failures. Runs on `io`'s threads; `onChange` is called there
/// with each directory's standing when it changes.
class RelayRegistrar {
public:
    RelayRegistrar(boost::asio::io_context& io, RegistrarSettings settings, const Clock& clock,
                   std::function<void(const DirectoryStanding&)> onChange);
    ~RelayRegistrar();

    RelayRegistrar(const RelayRegistrar&) = delete;
    RelayRegistrar& operator=(const RelayRegistrar&) = delete;

    void start();
    /// Stops every timer and the proof-of-work thread; nothing new starts after it returns.
    void stop();
    std::vector<DirectoryStanding> standings() const;
    /// The relay's published address changed (a port mapping or a tunnel came up or moved):
    /// every directory gets a fresh registration with it. Ignored when unchanged.
    void setRelayAddress(std::string address);

    class Link;

private:
    std::shared_ptr<struct RegistrarShared> m_shared;
    std::vector<std::shared_ptr<Link>> m_links;
};

} // namespace ferry::core::directory
