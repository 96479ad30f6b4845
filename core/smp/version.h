#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>

namespace ferry::core::smp {

/// An SMP protocol version (Transport.hs numbers them; there is no 13).
using Version = std::uint16_t;

/// Feature thresholds, named after simplexmq's constants in Transport.hs.
namespace versions {
inline constexpr Version kSubscribeMode = 6; ///< subscription mode flag in NEW
inline constexpr Version kAuthCommands = 7;  ///< crypto_box authenticator, implied session id
inline constexpr Version kSendingProxy = 8;  ///< PRXY / PFWD / RFWD
inline constexpr Version kSenderAuthKey = 9; ///< SKEY, sender can secure
inline constexpr Version kDeletedEvent = 10; ///< DELD
inline constexpr Version kEncryptedBlock = 11;
inline constexpr Version kBlockedEntity = 12;
inline constexpr Version kProxyServerHandshake = 14; ///< proxy flag in the client hello
inline constexpr Version kShortLinks = 15;           ///< link data, LSET/LDEL/LKEY/LGET
inline constexpr Version kServiceCerts = 16;         ///< service signatures, SOK, ServiceId in IDS
inline constexpr Version kNewNtfCreds = 17;          ///< notifier credentials in NEW and IDS
inline constexpr Version kClientNotices = 18;        ///< a notice with BLOCKED

/// What Ferry's codec implements: a contiguous range starting at v6.
inline constexpr Version kMinSupported = 6;
inline constexpr Version kMaxSupported = 18;
/// A server offers only this version to a client that did not negotiate ALPN `smp/1`.
inline constexpr Version kLegacy = 6;
} // namespace versions

/// An inclusive range of versions, `min <= max`.
struct VersionRange {
    Version min = versions::kMinSupported;
    Version max = versions::kMaxSupported;

    bool contains(Version v) const { return v >= min && v <= max; }
    bool operator==(const VersionRange&) const = default;
};

/// The overlap of two ranges, if any (simplexmq `compatibleVRange`).
inline std::optional<VersionRange> intersect(VersionRange a, VersionRange b) {
    VersionRange r{std::max(a.min, b.min), std::min(a.max, b.max)};
    if (r.min > r.max)
        return std::nullopt;
    return r;
}

/// Largest SEND body a version accepts (simplexmq `maxMessageLength`).
inline std::size_t maxMessageLength(Version v) {
    if (v >= versions::kEncryptedBlock)
        return 16048;
    if (v >= versions::kSendingProxy)
        return 16064;
    return 16088;
}

} // namespace ferry::core::smp
