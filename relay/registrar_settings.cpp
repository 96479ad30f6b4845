#include "relay/registrar_settings.h"

namespace ferry::relay {

core::directory::RegistrarSettings registrarSettings(const RelayConfig& config,
                                                     const RelayIdentity& identity,
                                                     std::string relayAddress,
                                                     const std::vector<std::string>& directories) {
    namespace dir = core::directory;
    dir::RegistrarSettings settings;
    for (const auto& text : directories)
        if (auto address = dir::parseDirectoryAddress(text))
            settings.directories.push_back(*address);
    settings.relayAddress = std::move(relayAddress);
    settings.policy.storageCapBytes = config.storageCapBytes;
    // A relay that wants a password for NEW does not take strangers' queues.
    settings.policy.acceptsNewQueues = !config.createPassword;
    settings.policy.proxy = config.proxy;
    settings.policy.tunnel = config.tunnelFirstPort != 0;
    settings.policy.checks = config.nodeChecks;
    settings.region = config.region;
    settings.chain = identity.chainDer();
    settings.sign = [key = &identity.onlineKey](core::ByteView message) {
        return key->sign(message);
    };
    return settings;
}

} // namespace ferry::relay
