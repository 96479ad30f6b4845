#pragma once

#include "net/smp_client.h"
#include "util/result.h"

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>

namespace ferry::core::net {

/// Proves that a relay answers as itself right now: one fresh connection (TCP, TLS, the SMP
/// handshake with its identity pinned), PING, PONG, then closes. `done` runs once on `io`'s
/// thread with the round-trip time, or why not (NetErrc::Unreachable, Identity, ...). `settings`
/// gives the timeouts and versions; its server is replaced by `server`.
void probeRelay(boost::asio::io_context& io, const smp::ServerAddress& server,
                SmpClientConfig settings,
                std::function<void(Result<std::chrono::milliseconds>)> done);

} // namespace ferry::core::net
