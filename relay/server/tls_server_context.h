#pragma once

#include "relay/relay_data.h"
#include "relay/server/service_map.h"
#include "util/result.h"

#include <boost/asio/ssl/context.hpp>
#include <memory>

namespace ferry::relay {

/// ALPN protocol id of SMP; without it a relay offers only the legacy version.
inline constexpr const char* kSmpAlpn = "smp/1";

/// The relay's TLS settings, as the SMP reference uses them: TLS 1.3 only,
/// CHACHA20-POLY1305, X25519, Ed25519/Ed448 signatures, no session resumption, the chain
/// [online certificate, offline CA]. ALPN selects among the names registered in `services`
/// (which must outlive the context and may be refilled while nothing listens); a client that
/// offers none of them goes on without ALPN.
core::Result<std::unique_ptr<boost::asio::ssl::context>>
makeServerTlsContext(const RelayIdentity& identity, const ServiceMap& services);

} // namespace ferry::relay
