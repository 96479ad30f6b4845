#pragma once

// Port mappers as the app makes them, with short timeouts: there is no router here that
// speaks UPnP or NAT-PMP, so each attempt fails within about a second. The interface list is
// fixed to a LAN address so that a machine with a public one still looks for a router.
#include "nat/port_mapper.h"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace ferry::test {

inline std::unique_ptr<core::nat::PortMapper>
quickPortMapper(core::nat::PortMapper::Listener listener) {
    core::nat::PortMapperOptions options;
    options.interfaceAddresses = [] { return std::vector<std::string>{"192.168.1.5"}; };
    return std::make_unique<core::nat::PortMapper>(
        options, core::nat::defaultMappingMethods(std::chrono::milliseconds(300)),
        std::move(listener));
}

} // namespace ferry::test
