#include "nat/upnp_mapping.h"

#include "nat/nat_errc.h"

#include <algorithm>
#include <cstdlib>
#include <miniupnpc/miniupnpc.h>
#include <miniupnpc/upnpcommands.h>
#include <miniupnpc/upnperrors.h>
#include <random>
#include <string>

namespace ferry::core::nat {

namespace {

constexpr int kErrConflict = 718;      // ConflictInMappingEntry
constexpr int kErrOnlyPermanent = 725; // OnlyPermanentLeasesSupported
constexpr int kConflictAttempts = 8;
constexpr const char* kDescription = "Ferry relay";

std::string upnpError(int code) {
    const char* text = strupnperror(code);
    return "UPnP error " + std::to_string(code) + (text ? std::string(" (") + text + ")" : "");
}

} // namespace

struct UpnpMapping::Igd {
    UPNPUrls urls{};
    IGDdatas data{};
    char lanAddress[64] = {};
    std::string externalAddress;
    ~Igd() { FreeUPNPUrls(&urls); }
};

UpnpMapping::UpnpMapping(std::chrono::milliseconds discoveryTimeout)
    : m_timeout(discoveryTimeout) {}

UpnpMapping::~UpnpMapping() = default;

Result<GatewayInfo> UpnpMapping::discover() {
    m_igd.reset();
    int error = 0;
    // upnpDiscover searches up to four device types one after another, each waiting `delay`
    // when nothing answers: a quarter of the budget each keeps the whole search within it.
    const int delay = std::max(250, static_cast<int>(m_timeout.count() / 4));
    UPNPDev* devices = upnpDiscover(delay, nullptr, nullptr, UPNP_LOCAL_PORT_ANY, 0, 2, &error);
    std::unique_ptr<UPNPDev, decltype(&freeUPNPDevlist)> list(devices, &freeUPNPDevlist);
    if (!devices)
        return makeError(NatErrc::NoGateway, "no UPnP device answered within " +
                                                 std::to_string(m_timeout.count()) + " ms");
    auto igd = std::make_unique<Igd>();
    GatewayInfo info;
    // UPNP_GetValidIGD's signature and return codes changed with API 18 (miniupnpc 2.2.8).
#if MINIUPNPC_API_VERSION >= 18
    char wan[64] = {};
    const int found = UPNP_GetValidIGD(devices, &igd->urls, &igd->data, igd->lanAddress,
                                       sizeof igd->lanAddress, wan, sizeof wan);
    // 1: connected IGD with a public WAN address, 2: connected but private WAN address
    // (double NAT), 3: IGD not connected, 4: a UPnP device that is not an IGD.
    if (found == 0 || found == 4) {
        return makeError(NatErrc::NoGateway, "a UPnP device answered but it is not an Internet "
                                             "Gateway Device");
    }
    info.connected = found == 1;
    if (wan[0])
        info.externalAddress = wan;
#else
    const int found =
        UPNP_GetValidIGD(devices, &igd->urls, &igd->data, igd->lanAddress, sizeof igd->lanAddress);
    // 1: connected IGD, 2: IGD not connected, 3: a UPnP device that is not an IGD.
    if (found == 0 || found == 3) {
        return makeError(NatErrc::NoGateway, "a UPnP device answered but it is not an Internet "
                                             "Gateway Device");
    }
    info.connected = found == 1;
#endif
    char external[40] = {};
    if (UPNP_GetExternalIPAddress(igd->urls.controlURL, igd->data.first.servicetype, external) ==
            UPNPCOMMAND_SUCCESS &&
        external[0] && std::string(external) != "0.0.0.0")
        info.externalAddress = external;
    if (info.externalAddress)
        igd->externalAddress = *info.externalAddress;
    m_igd = std::move(igd);
    return info;
}

Result<MappingGrant> UpnpMapping::map(std::uint16_t internalPort, std::uint16_t externalPort,
                                      std::chrono::seconds lease) {
    if (!m_igd)
        return makeError(NatErrc::NoGateway, "no UPnP gateway discovered");
    const std::string internal = std::to_string(internalPort);
    std::mt19937 random(std::random_device{}());
    std::uniform_int_distribution<int> anyPort(20000, 60000);
    bool permanent = lease.count() == 0;
    std::uint16_t port = externalPort;
    int code = 0;
    for (int attempt = 0; attempt < kConflictAttempts; ++attempt) {
        const std::string external = std::to_string(port);
        const std::string leaseText = permanent ? "0" : std::to_string(lease.count());
        code = UPNP_AddPortMapping(m_igd->urls.controlURL, m_igd->data.first.servicetype,
                                   external.c_str(), internal.c_str(), m_igd->lanAddress,
                                   kDescription, "TCP", nullptr, leaseText.c_str());
        if (code == UPNPCOMMAND_SUCCESS)
            break;
        if (code == kErrOnlyPermanent && !permanent) {
            permanent = true; // retried with lease 0 at the same port
            --attempt;
            continue;
        }
        if (code != kErrConflict)
            return makeError(NatErrc::Refused,
                             "the router refused the mapping: " + upnpError(code));
        port = static_cast<std::uint16_t>(anyPort(random)); // someone else holds that port
    }
    if (code != UPNPCOMMAND_SUCCESS)
        return makeError(NatErrc::Conflict, "every external port tried is taken on the router (" +
                                                upnpError(code) + ")");

    MappingGrant grant;
    grant.externalAddress = m_igd->externalAddress;
    grant.externalPort = port;
    grant.internalPort = internalPort;
    grant.permanent = permanent;
    grant.lease = permanent ? std::chrono::seconds{0} : lease;
    // The router may grant a shorter lease than asked: read back what it holds.
    char client[40] = {}, inPort[8] = {}, desc[80] = {}, enabled[8] = {}, duration[16] = {};
    const std::string external = std::to_string(port);
    if (!permanent &&
        UPNP_GetSpecificPortMappingEntry(m_igd->urls.controlURL, m_igd->data.first.servicetype,
                                         external.c_str(), "TCP", nullptr, client, inPort, desc,
                                         enabled, duration) == UPNPCOMMAND_SUCCESS) {
        const long granted = std::strtol(duration, nullptr, 10);
        if (granted > 0 && granted < lease.count())
            grant.lease = std::chrono::seconds{granted};
    }
    return grant;
}

Result<void> UpnpMapping::unmap(const MappingGrant& grant) {
    if (!m_igd)
        return makeError(NatErrc::NoGateway, "no UPnP gateway discovered");
    const std::string external = std::to_string(grant.externalPort);
    const int code = UPNP_DeletePortMapping(m_igd->urls.controlURL, m_igd->data.first.servicetype,
                                            external.c_str(), "TCP", nullptr);
    if (code != UPNPCOMMAND_SUCCESS)
        return makeError(NatErrc::Refused,
                         "the router did not delete the mapping: " + upnpError(code));
    return {};
}

} // namespace ferry::core::nat
