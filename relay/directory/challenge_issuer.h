#pragma once

#include "crypto/secret_bytes.h"
#include "util/result.h"

#include <cstdint>
#include <deque>
#include <mutex>
#include <set>
#include <string>
#include <string_view>

namespace ferry::relay::directory {

/// Issues the challenges that registrations and heartbeats sign, without keeping any state
/// for them: a challenge carries its difficulty and expiry under a MAC with a key that lives
/// only in memory, so handing out challenges costs nothing to hold. Only challenges that were
/// used (by a request whose signature verified) are remembered, until they expire, so none
/// is accepted twice. Safe from any thread.
class ChallengeIssuer {
public:
    static constexpr std::int64_t kLifetimeSeconds = 300;
    /// Used challenges remembered at most; past it, new uses are refused (RateLimited) until
    /// some expire. Writes are rate-limited long before that.
    static constexpr std::size_t kMaxRemembered = 200'000;

    ChallengeIssuer();

    std::string issue(unsigned difficulty, std::int64_t now) const;

    /// The difficulty a challenge was issued with, if it is ours and not expired
    /// (StaleChallenge otherwise).
    core::Result<unsigned> check(std::string_view challenge, std::int64_t now) const;
    /// Marks a checked challenge used; ReusedChallenge if it was already.
    core::Result<void> use(std::string_view challenge, std::int64_t now);

private:
    core::crypto::SecretBytes m_key;
    mutable std::mutex m_mutex;
    std::set<std::string, std::less<>> m_used;
    std::deque<std::pair<std::int64_t, std::string>> m_expiries; ///< oldest first
};

} // namespace ferry::relay::directory
