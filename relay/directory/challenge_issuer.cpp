#include "relay/directory/challenge_issuer.h"

#include "crypto/hash.h"
#include "crypto/random.h"
#include "directory/directory_errc.h"
#include "util/base64.h"

namespace ferry::relay::directory {

using core::directory::DirectoryErrc;

namespace {

// version(1) difficulty(1) expiry(8, big-endian Unix seconds) random(16) mac(16)
constexpr std::uint8_t kVersion = 1;
constexpr std::size_t kBodySize = 1 + 1 + 8 + 16;
constexpr std::size_t kMacSize = 16;

core::Bytes mac(core::ByteView key, core::ByteView body) {
    core::Bytes full = core::crypto::hmacSha512(key, body);
    full.resize(kMacSize);
    return full;
}

} // namespace

ChallengeIssuer::ChallengeIssuer() : m_key(core::crypto::SecretBytes::random(32)) {}

std::string ChallengeIssuer::issue(unsigned difficulty, std::int64_t now) const {
    core::Bytes body{kVersion, static_cast<std::uint8_t>(difficulty)};
    const auto expiry = static_cast<std::uint64_t>(now + kLifetimeSeconds);
    for (int i = 7; i >= 0; --i)
        body.push_back(static_cast<std::uint8_t>(expiry >> (8 * i)));
    const core::Bytes random = core::crypto::randomBytes(16);
    body.insert(body.end(), random.begin(), random.end());
    const core::Bytes tag = mac(m_key.view(), body);
    body.insert(body.end(), tag.begin(), tag.end());
    return core::base64UrlEncode(body);
}

core::Result<unsigned> ChallengeIssuer::check(std::string_view challenge, std::int64_t now) const {
    auto stale = [] {
        return core::makeError(DirectoryErrc::StaleChallenge,
                               "the challenge is expired or was not issued by this directory; "
                               "get a fresh one from /v1/challenge");
    };
    auto bytes = core::base64UrlDecode(challenge);
    if (!bytes || bytes->size() != kBodySize + kMacSize || (*bytes)[0] != kVersion)
        return stale();
    const core::ByteView body(bytes->data(), kBodySize);
    if (!core::crypto::constantTimeEqual(mac(m_key.view(), body),
                                         core::ByteView(bytes->data() + kBodySize, kMacSize)))
        return stale();
    std::uint64_t expiry = 0;
    for (int i = 0; i < 8; ++i)
        expiry = expiry << 8 | (*bytes)[2 + i];
    if (static_cast<std::int64_t>(expiry) < now)
        return stale();
    return static_cast<unsigned>((*bytes)[1]);
}

core::Result<void> ChallengeIssuer::use(std::string_view challenge, std::int64_t now) {
    std::lock_guard lock(m_mutex);
    // Every entry lives the same time, so the oldest are at the front: pruning is cheap.
    while (!m_expiries.empty() && m_expiries.front().first < now) {
        m_used.erase(m_expiries.front().second);
        m_expiries.pop_front();
    }
    if (m_used.contains(challenge))
        return core::makeError(DirectoryErrc::ReusedChallenge,
                               "this challenge was used already; get a fresh one");
    if (m_used.size() >= kMaxRemembered)
        return core::makeError(DirectoryErrc::RateLimited, "too many registrations right now");
    m_used.emplace(challenge);
    m_expiries.emplace_back(now + kLifetimeSeconds, std::string(challenge));
    return {};
}

} // namespace ferry::relay::directory
