#pragma once

#include "node/node_wire.h"
#include "util/result.h"

#include <chrono>
#include <string>

namespace ferry::core::node {

/// Asks the relay at `checkerAddress` (a Ferry relay, any one) to dial back `ownAddress` —
/// the node's published smp:// address — with a TLS + SMP handshake pinning its fingerprint
/// and a PING. Blocks (a worker thread's call): connecting and the answer are each bounded
/// by `timeout`. The result says whether an
/// outside party reached the node, and from which address the checker saw the request come.
/// Errors are about the checker itself (unreachable, not who its address says, refused).
Result<msg::CheckResult> checkReachability(const std::string& checkerAddress,
                                           const std::string& ownAddress,
                                           std::chrono::milliseconds timeout);

} // namespace ferry::core::node
