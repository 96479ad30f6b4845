#pragma once

#include "crypto/public_key.h"
#include "smp/queue_link.h"
#include "smp/server_address.h"
#include "smp/version.h"
#include "util/bytes.h"
#include "util/result.h"

#include <optional>
#include <string>
#include <string_view>

namespace ferry::core::smp {

/// SMP *client* versions, which version queue URIs (simplexmq `SMPClientVersion`, Protocol.hs);
/// unrelated to the SMP protocol versions in version.h.
namespace client_versions {
inline constexpr Version kInitial = 1;
inline constexpr Version kServerHostnames = 2; ///< all hosts in the authority, no `srv` param
inline constexpr Version kSenderAuthKey = 3;   ///< `k=s`: the sender may secure the queue
inline constexpr Version kShortLinks = 4;      ///< queue mode as `q=m` / `q=c`
inline constexpr Version kCurrent = 4;
} // namespace client_versions

/// What a sender needs to reach a queue (simplexmq `SMPQueueUri`):
/// `smp://<keyHash>@host1[,host2…][:port]/<senderId>#/?v=<range>&dh=<X25519 SPKI>[&q=m|c][&k=s]`.
struct QueueUri {
    ServerAddress server; ///< never carries a password
    Bytes senderId;
    VersionRange clientVersions{client_versions::kInitial, client_versions::kCurrent};
    crypto::PublicKey dhKey{crypto::KeyAlgorithm::X25519, {}}; ///< recipient's X25519 key
    std::optional<QueueMode> queueMode;                        ///< absent in older URIs

    bool senderCanSecure() const { return queueMode == QueueMode::Messaging; }
    bool operator==(const QueueUri&) const = default;
};

/// Parses every form the reference accepts: `#/?v=…&dh=…`, the key before the query
/// (`#<dh>/?v=…`), the unversioned `#<dh>` (v1), `srv=` extra hosts, unknown parameters.
Result<QueueUri> parseQueueUri(std::string_view text);

/// Canonical text, as simplexmq's `strEncode` prints it, except that IPv6 hosts in the
/// authority are bracketed. Below client version 2 only the first host goes in the
/// authority and the rest in `srv=`; `k=s` is added for messaging queues below version 4.
std::string formatQueueUri(const QueueUri& uri);

} // namespace ferry::core::smp
