#pragma once

#include "directory/relay_registrar.h"
#include "relay/relay_config.h"
#include "relay/relay_data.h"

#include <string>
#include <vector>

namespace ferry::relay {

/// What a relay tells relay directories about itself and how it signs, for a
/// core::directory::RelayRegistrar: its policy and region from `config`, its certificate
/// chain and a signer with its online key from `identity` (which must outlive the settings),
/// the published `relayAddress`, and the `directories` given as addresses
/// (https://fingerprint@host:port; any that does not parse is left out: callers check them
/// when they are configured). ferry-relay, the in-app relay and the tests all register
/// through it, so a directory hears the same from each.
core::directory::RegistrarSettings registrarSettings(const RelayConfig& config,
                                                     const RelayIdentity& identity,
                                                     std::string relayAddress,
                                                     const std::vector<std::string>& directories);

} // namespace ferry::relay
