#include "nat/natpmp_mapping.h"

#include "nat/nat_errc.h"
#include "platform/socket_io.h"

#include <boost/asio/ip/address_v4.hpp>
#include <cstring>
#include <natpmp.h>
#include <string>

namespace ferry::core::nat {

namespace {

std::string natpmpError(int code) {
    switch (code) {
    case NATPMP_ERR_CANNOTGETGATEWAY:
        return "no default gateway";
    case NATPMP_ERR_NOGATEWAYSUPPORT:
        return "the gateway does not support NAT-PMP";
    case NATPMP_ERR_UNSUPPORTEDVERSION:
        return "the gateway speaks another NAT-PMP version";
    case NATPMP_ERR_NOTAUTHORIZED:
        return "the gateway refused: not authorized";
    case NATPMP_ERR_NETWORKFAILURE:
        return "the gateway has no working outside connection";
    case NATPMP_ERR_OUTOFRESOURCES:
        return "the gateway is out of mappings";
    default:
        return "NAT-PMP error " + std::to_string(code);
    }
}

} // namespace

struct NatPmpMapping::Session {
    natpmp_t handle{};
    ~Session() { closenatpmp(&handle); }

    // Waits for the answer to the pending request, retrying as libnatpmp schedules it, but
    // never longer than `timeout` in total (libnatpmp alone would retry for minutes).
    Result<natpmpresp_t> await(std::chrono::milliseconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            const auto left = std::chrono::duration_cast<std::chrono::microseconds>(
                deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0)
                return makeError(NatErrc::NoGateway, "no NAT-PMP answer within " +
                                                         std::to_string(timeout.count()) + " ms");
            timeval wait{};
            getnatpmprequesttimeout(&handle, &wait);
            const std::chrono::microseconds retryIn(wait.tv_sec * 1000000LL + wait.tv_usec);
            (void)platform::waitReadable(static_cast<platform::NativeSocket>(handle.s),
                                         retryIn < left && retryIn.count() >= 0 ? retryIn : left);
            natpmpresp_t response{};
            const int r = readnatpmpresponseorretry(&handle, &response);
            if (r == 0)
                return response;
            if (r != NATPMP_TRYAGAIN)
                return makeError(r == NATPMP_ERR_NOGATEWAYSUPPORT ? NatErrc::NoGateway
                                                                  : NatErrc::Refused,
                                 natpmpError(r));
        }
    }
};

NatPmpMapping::NatPmpMapping(std::chrono::milliseconds timeout) : m_timeout(timeout) {}

NatPmpMapping::~NatPmpMapping() = default;

Result<GatewayInfo> NatPmpMapping::discover() {
    m_session.reset();
    auto session = std::make_unique<Session>();
    if (const int r = initnatpmp(&session->handle, 0, 0); r < 0) {
        session->handle.s = -1;
        return makeError(NatErrc::NoGateway, natpmpError(r));
    }
    if (const int r = sendpublicaddressrequest(&session->handle); r < 0)
        return makeError(NatErrc::NoGateway, natpmpError(r));
    auto response = session->await(m_timeout);
    if (!response) {
        // A router that answers with "network failure" is there but has no outside address.
        if (response.error().code == NatErrc::Refused) {
            m_session = std::move(session);
            return GatewayInfo{std::nullopt, false};
        }
        return response.error();
    }
    // in_addr holds the address in network order, as bytes_type does.
    boost::asio::ip::address_v4::bytes_type bytes{};
    std::memcpy(bytes.data(), &response->pnu.publicaddress.addr, bytes.size());
    m_externalAddress = boost::asio::ip::address_v4(bytes).to_string();
    m_session = std::move(session);
    return GatewayInfo{m_externalAddress, true};
}

Result<MappingGrant> NatPmpMapping::map(std::uint16_t internalPort, std::uint16_t externalPort,
                                        std::chrono::seconds lease) {
    if (!m_session)
        return makeError(NatErrc::NoGateway, "no NAT-PMP gateway discovered");
    // NAT-PMP has no permanent mappings: lifetime 0 would delete. Ask for a week instead.
    const auto asked = lease.count() > 0 ? static_cast<std::uint32_t>(lease.count()) : 604800U;
    if (const int r = sendnewportmappingrequest(&m_session->handle, NATPMP_PROTOCOL_TCP,
                                                internalPort, externalPort, asked);
        r < 0)
        return makeError(NatErrc::Refused, natpmpError(r));
    auto response = m_session->await(m_timeout);
    if (!response)
        return response.error();
    MappingGrant grant;
    grant.externalAddress = m_externalAddress;
    grant.internalPort = internalPort;
    // The router picks the port (another one on conflict) and the lifetime: honour both.
    grant.externalPort = response->pnu.newportmapping.mappedpublicport;
    grant.lease = std::chrono::seconds{response->pnu.newportmapping.lifetime};
    return grant;
}

Result<void> NatPmpMapping::unmap(const MappingGrant& grant) {
    if (!m_session)
        return makeError(NatErrc::NoGateway, "no NAT-PMP gateway discovered");
    // Lifetime 0 deletes; the spec asks for external port 0 too, miniupnpd accepts either.
    if (const int r = sendnewportmappingrequest(&m_session->handle, NATPMP_PROTOCOL_TCP,
                                                grant.internalPort, 0, 0);
        r < 0)
        return makeError(NatErrc::Refused, natpmpError(r));
    auto response = m_session->await(m_timeout);
    if (!response)
        return response.error();
    return {};
}

} // namespace ferry::core::nat
