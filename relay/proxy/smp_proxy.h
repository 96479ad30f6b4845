#pragma once

#include "net/address_policy.h"
#include "relay/relay_stats.h"
#include "smp/command.h"
#include "smp/error_type.h"
#include "smp/response.h"
#include "smp/server_address.h"
#include "util/bytes.h"

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <thread>
#include <variant>

namespace ferry::relay {

/// The bounds of a relay's work as a private routing proxy.
struct SmpProxyLimits {
    /// Destination relays connected at once, for all clients together. When full, an idle one
    /// is closed for a new one; if none is idle, PRXY is answered ERR PROXY BROKER TIMEOUT.
    std::size_t maxRelays = 256;
    /// A destination connection nothing was forwarded through for this long is closed.
    std::chrono::milliseconds idleTimeout{std::chrono::minutes(5)};
    std::chrono::milliseconds connectTimeout{std::chrono::seconds(10)};
    std::chrono::milliseconds forwardTimeout{std::chrono::seconds(30)};
    /// Where a client may make the proxy connect: the address in PRXY is a stranger's
    /// choice, so only globally routable addresses unless this allows more (tests, a LAN).
    std::shared_ptr<const core::net::DialPolicy> dialPolicy;
};

/// PKEY for PRXY, or the error to answer.
using ProxySessionResult = std::variant<core::smp::rsp::Pkey, core::smp::ErrorType>;
/// PRES for PFWD, or the error to answer.
using ProxyForwardResult = std::variant<core::smp::rsp::Pres, core::smp::ErrorType>;

/// The relay as a private routing proxy (SMP v8+, simplexmq's `ProxyAgent`): opens client
/// connections to destination relays with Ferry's own SMP client, reuses one per destination
/// for every client that asks, and forwards what senders encrypted for the destination.
///
/// - PRXY: connect (or reuse), verify the destination's identity against the address (the
///   client's handshake does), answer PKEY with the destination's session id, its version
///   range capped to 8–17 as the reference does (so that senders cannot be told apart by the
///   versions they see), and its certificate chain with the signed session key.
/// - PFWD: wrap the sender's encrypted transmission in RFWD, encrypted with the secret of
///   this proxy's connection to the destination, and unwrap RRES into PRES.
/// Failures map to the reference's `ERR PROXY …` codes.
///
/// Runs the destination connections on a thread of its own; `done` callbacks run there.
class SmpProxy {
public:
    SmpProxy(SmpProxyLimits limits, RelayCounters& counters);
    ~SmpProxy();

    SmpProxy(const SmpProxy&) = delete;
    SmpProxy& operator=(const SmpProxy&) = delete;

    /// PRXY. Safe from any thread.
    void connect(core::smp::ServerAddress destination,
                 std::function<void(ProxySessionResult)> done);
    /// PFWD on the session PKEY named. `corrId` is the sender's (PFWD's). Safe from any thread.
    void forward(core::Bytes sessionId, core::Bytes corrId, core::smp::cmd::Pfwd request,
                 std::function<void(ProxyForwardResult)> done);

    /// Closes every destination connection and drops what waits: no callback runs after it
    /// returns (the relay is stopping, and the sessions those callbacks answer go with it).
    /// Requests made later are dropped until reopen().
    void closeAll();
    void reopen();

private:
    class Impl;
    /// Runs `task` on the proxy's thread and returns once it has run.
    void runAndWait(std::function<void(Impl&)> task);
    boost::asio::io_context m_io;
    std::shared_ptr<Impl> m_impl;
    std::thread m_thread;
};

} // namespace ferry::relay
