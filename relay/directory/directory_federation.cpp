// Federation: a directory pulls the signed registrations its peer directories list, verifies
// every signature and chain itself, and probes each new relay itself before listing it, so a
// peer can add nothing this directory has not seen working. A relay learnt from a peer counts
// as heard from (a heartbeat) each time that peer still lists it; its health comes from this
// directory's own probes like any other's.

#include "directory/directory_errc.h"
#include "relay/directory/directory_service_impl.h"
#include "util/base64.h"

namespace ferry::relay::directory {

namespace wire = core::directory;

namespace {

constexpr unsigned kPageSize = wire::kMaxRegistrationPage;

} // namespace

void DirectoryService::Impl::federate() {
    m_nextFederation = m_clock.nowSeconds() + m_config.federationInterval.count();
    for (std::size_t peer = 0; peer < m_peers.size(); ++peer)
        pullPeer(peer, {}, 0);
}

void DirectoryService::Impl::pullPeer(std::size_t peer, std::string after, std::uint32_t seen) {
    m_peers[peer]->registrations(
        after, kPageSize,
        [self = shared_from_this(), peer, seen](core::Result<wire::RegistrationPage> page) {
            if (self->m_stopped || !page)
                return; // an unreachable peer is asked again next round
            std::uint32_t total = seen;
            for (auto& registration : page->registrations) {
                if (++total > self->m_config.relaysPerPeer)
                    return;
                self->considerFederated(self->m_peerFingerprints[peer], std::move(registration));
            }
            if (!page->next.empty())
                self->pullPeer(peer, page->next, total);
        });
}

void DirectoryService::Impl::considerFederated(const std::string& peerFingerprint,
                                               wire::SignedPayload registration) {
    auto verified = wire::verifyRegistration(registration);
    if (!verified) {
        ++m_counters.federatedRefused;
        return;
    }
    const std::int64_t now = m_clock.nowSeconds();
    RelayRecord record;
    record.fingerprint = core::base64UrlEncode(verified->fingerprint);
    record.source = peerSource(peerFingerprint);
    record.site = record.source;
    if (auto known = m_registry.find(record.fingerprint)) {
        // Still listed by the peer it came from: heard from. Relays registered here, or
        // learnt from another peer, keep their own account.
        if (known->source == record.source)
            m_registry.heartbeat(record.fingerprint, now);
        return;
    }
    if (!m_registry.hasRoomFor(record.fingerprint, record.source, record.site))
        return;
    // Probes are bounded; what does not fit now is seen again next round.
    if (!takeProbeSlot())
        return;
    record.signedRegistration = std::move(registration);
    record.registration = std::move(verified->registration);
    record.signingKey = std::move(verified->signingKey);
    const std::string address = record.registration.address;
    probe(address, [self = shared_from_this(),
                    record = std::move(record)](std::optional<std::uint32_t> rtt) mutable {
        if (!rtt) {
            ++self->m_counters.federatedRefused;
            return;
        }
        RelayRecord admitted =
            self->m_registry.admit(std::move(record), *rtt, self->m_clock.nowSeconds());
        self->save(admitted);
        ++self->m_counters.federatedAdmitted;
    });
}

} // namespace ferry::relay::directory
