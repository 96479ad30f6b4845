#pragma once

// Fixtures of the directory benchmark (bench_directory.cpp): relays with real identities and
// signed registrations, a population of them with the health a directory has seen, a relay in
// this process, and a TCP forwarder that counts the bytes it passes.
#include "directory/directory_wire.h"
#include "relay/directory/relay_registry.h"
#include "relay/relay_data.h"
#include "relay/relay_server.h"
#include "util/clock.h"

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace ferry::bench {

/// The directory's clock in the benchmark: registrations are signed and health is set up
/// relative to it.
inline constexpr std::int64_t kNow = 1'800'000'000;

/// Prints what failed and ends the benchmark.
[[noreturn]] void die(const std::string& what);

/// 10.x.y.z for relay number `i`.
std::string fakeHost(std::size_t i);

/// A registration of `identity` at host:port, signed at kNow.
core::directory::Registration registrationFor(const relay::RelayIdentity& identity,
                                              const std::string& host, std::uint16_t port,
                                              const std::string& region,
                                              const std::string& challenge);

/// `registration` signed with the online key, with the certificate chain.
core::directory::SignedPayload signRegistration(const relay::RelayIdentity& identity,
                                                const core::directory::Registration& registration);

/// Relays as a directory stores them, and their identities.
struct Population {
    std::vector<relay::RelayIdentity> identities;
    std::vector<relay::directory::RelayRecord> records;
};

/// N relays, each with its own CA and online key and a signed registration, and a spread of
/// health a directory sees after some weeks: 85% listed, the rest on probation, uptime
/// 70-100%, round trips 10-400 ms, in eight regions (one of them none).
Population makePopulation(std::size_t n);

/// A relay in this process on 127.0.0.1, an ephemeral port, its data in `dir`.
struct LocalRelay {
    explicit LocalRelay(const std::filesystem::path& dir);
    ~LocalRelay();

    core::SystemClock clock;
    std::unique_ptr<relay::RelayServer> server;
};

/// A TCP forwarder on 127.0.0.1 counting the bytes each way (TLS records as sent, without
/// TCP/IP headers); one connection at a time, as the probes come.
class CountingProxy {
public:
    explicit CountingProxy(std::uint16_t target);
    ~CountingProxy();
    std::uint16_t port() const { return m_acceptor.local_endpoint().port(); }
    std::atomic<long> up{0}, down{0}; ///< to the relay, from it

private:
    void run();

    boost::asio::io_context m_io;
    boost::asio::ip::tcp::acceptor m_acceptor;
    std::uint16_t m_target;
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
};

} // namespace ferry::bench
