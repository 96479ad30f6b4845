#pragma once

#include "util/result.h"

#include <string>
#include <string_view>
#include <vector>

namespace ferry::core::directory {

inline constexpr unsigned kDefaultRelayCount = 20;
inline constexpr unsigned kMaxRelayCount = 100;
inline constexpr std::size_t kMaxExcludedRelays = 64;

/// Which relays to ask a directory for: GET /v1/relays?count=&region=&exclude=.
struct RelayQuery {
    unsigned count = kDefaultRelayCount;
    std::string region;                           ///< empty: any
    std::vector<std::string> excludeFingerprints; ///< base64url
    bool operator==(const RelayQuery&) const = default;
};

/// The request target for a query, percent-encoded.
std::string formatRelayQueryTarget(const RelayQuery& query);
/// A query from a request target's query string (what follows `?`, percent-encoded, from a
/// stranger): count 1-100, a region of 1-32 of [a-z0-9-], at most 64 excluded fingerprints,
/// nothing else. DirectoryErrc::BadRequest naming the fault otherwise.
Result<RelayQuery> parseRelayQuery(std::string_view encodedQuery);

} // namespace ferry::core::directory
