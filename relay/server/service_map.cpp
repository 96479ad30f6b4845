#include "relay/server/service_map.h"

#include "relay/relay_errc.h"

#include <algorithm>
#include <cstring>

namespace ferry::relay {

core::Result<void> ServiceMap::add(std::string alpn, ConnectionService& service) {
    // ALPN names are 1 to 255 bytes on the wire (RFC 7301).
    if (alpn.empty() || alpn.size() > 255)
        return core::makeError(RelayErrc::Config, "an ALPN name has 1 to 255 bytes");
    if (find(alpn))
        return core::makeError(RelayErrc::Config, "ALPN name '" + alpn + "' is registered twice");
    m_entries.push_back({std::move(alpn), &service});
    return {};
}

void ServiceMap::clear() {
    m_entries.clear();
    m_fallback = nullptr;
}

ConnectionService* ServiceMap::find(std::string_view alpn) const {
    if (alpn.empty())
        return m_fallback;
    auto it = std::find_if(m_entries.begin(), m_entries.end(),
                           [&](const Entry& e) { return e.name == alpn; });
    return it == m_entries.end() ? nullptr : it->service;
}

std::vector<std::string> ServiceMap::names() const {
    std::vector<std::string> names;
    names.reserve(m_entries.size());
    for (const Entry& e : m_entries)
        names.push_back(e.name);
    return names;
}

core::ByteView ServiceMap::select(core::ByteView clientList) const {
    // Server preference: the relay's order decides, so a client offering both smp/1 and
    // another name gets SMP, as before the map existed.
    for (const Entry& wanted : m_entries) {
        for (std::size_t i = 0; i < clientList.size();) {
            const std::size_t length = clientList[i];
            if (i + 1 + length > clientList.size())
                break;
            if (length == wanted.name.size() &&
                std::memcmp(clientList.data() + i + 1, wanted.name.data(), length) == 0)
                return clientList.subspan(i + 1, length);
            i += 1 + length;
        }
    }
    return {};
}

} // namespace ferry::relay
