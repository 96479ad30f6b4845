#pragma once

#include "node/node_wire.h"
#include "smp/server_address.h"
#include "util/result.h"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <string>

namespace ferry::core::node {

/// Asks the relay at `checker` (a Ferry relay, any one) to dial back `ownAddress` — the
/// node's published smp:// address — with a TLS + SMP handshake pinning its fingerprint and a
/// PING. Runs on the caller's io_context; connecting and the answer are each bounded by
/// `timeout`; `checker` and `ownAddress` must outlive it. The result says whether an outside
/// party reached the node, and from which address the checker saw the request come. Errors
/// are about the checker itself (unreachable, not who its address says, refused).
boost::asio::awaitable<Result<msg::CheckResult>> askChecker(boost::asio::ssl::context& tls,
                                                            const smp::ServerAddress& checker,
                                                            const std::string& ownAddress,
                                                            std::chrono::milliseconds timeout);

/// askChecker on an io_context of its own: blocks (a worker thread's or a tool's call).
Result<msg::CheckResult> checkReachability(const std::string& checkerAddress,
                                           const std::string& ownAddress,
                                           std::chrono::milliseconds timeout);

} // namespace ferry::core::node
