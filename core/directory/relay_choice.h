#pragma once

#include "directory/directory_wire.h"

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace ferry::core::directory {

/// A relay a directory listed, with the round trip this client measured to it (none: it did
/// not answer, or was not measured).
struct RelayCandidate {
    ListedRelay relay;
    std::optional<std::uint32_t> measuredRttMs;
};

/// Whether two relay addresses are the same operator or place: the same identity, or a host
/// in common. Two queues of one contact go on relays for which this is false.
bool sameOperator(const std::string& a, const std::string& b);

/// Picks the relay for a new queue among candidates the client measured: only relays that
/// answered, accept new queues and are not the same operator as any of `avoid`; of those,
/// the lowest-latency band (within 1.5× the fastest round trip plus 20 ms), and within it
/// one drawn at random weighted by the directory's score. Nothing when no candidate fits.
std::optional<std::string> chooseQueueRelay(const std::vector<RelayCandidate>& candidates,
                                            const std::vector<std::string>& avoid,
                                            std::mt19937& random);

/// Relays a node may ask to check its reachability and to carry its reverse tunnel, from a
/// directory's listing: up to `count` each that offer the service, best listed first, never
/// the node itself (`self`, its address) or its own operator.
struct NodeHelpers {
    std::vector<std::string> checkers;
    std::vector<std::string> tunnelRelays;
};
NodeHelpers nodeHelpersFrom(const std::vector<ListedRelay>& listing, const std::string& self,
                            std::size_t count = 3);

} // namespace ferry::core::directory
