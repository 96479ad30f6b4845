#pragma once

#include "crypto/public_key.h"
#include "directory/directory_wire.h"
#include "util/bytes.h"

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace ferry::relay::directory {

/// How the directory judges relays; from directory.ini.
struct RegistryPolicy {
    std::int64_t ttlSeconds = 3600;
    std::int64_t probeIntervalSeconds = 600;
    std::int64_t probationSeconds = 24 * 3600;
    /// Registered relays (in any state, down ones too) from one address and one site.
    std::uint32_t relaysPerAddress = 4;
    std::uint32_t relaysPerSite = 16;
    std::uint32_t relaysPerPeer = 10'000;
};

/// The source of a relay learnt from a peer directory: "peer:" and the peer's fingerprint.
std::string peerSource(const std::string& peerFingerprint);
bool isPeerSource(const std::string& source);

/// One relay the directory admitted, with everything its health is made of. The health
/// fields come only from the directory's own probes and the signed heartbeats, never from
/// what the relay says about itself.
struct RelayRecord {
    enum class State { Probation, Listed, Down };

    std::string fingerprint; ///< base64url, the key of the registry
    core::directory::SignedPayload signedRegistration;
    core::directory::Registration registration;
    core::crypto::PublicKey signingKey;
    std::string source; ///< the address that registered it (IPv4 or IPv6 /64 text)
    std::string site;   ///< its /24 or /48

    State state = State::Probation;
    std::int64_t admittedAt = 0;
    std::int64_t lastHeartbeat = 0;
    std::int64_t lastProbe = 0;   ///< last probe, answered or not
    std::int64_t lastProbeOk = 0; ///< last answered probe
    std::int64_t downSince = 0;   ///< 0 while up
    /// Probes answered and tried, each decayed with a half-life of one day.
    double answered = 0;
    double tried = 0;
    std::optional<std::uint32_t> rttMs; ///< smoothed round-trip time of the probes
    std::int64_t provenUptimeSeconds = 0;
    std::uint32_t failuresInARow = 0;

    double uptime() const { return tried > 0 ? answered / tried : 0; }
};

const char* relayStateName(RelayRecord::State state);

/// The score of docs/protocol.md: 0.6·uptime + 0.25·(1 / (1 + rtt/250 ms)) + 0.15·age, age
/// rising from 0 to 1 over the first week; a relay on probation counts a quarter of that.
double relayScore(const RelayRecord& record, std::int64_t now);
/// How long a relay may be down before it is delisted: one TTL, plus a tenth of its proven
/// uptime, at most a week.
std::int64_t downtimeCredit(const RelayRecord& record, const RegistryPolicy& policy);

/// The relays a directory knows, their health and the listing served from them. Safe from
/// any thread. Listings are answered from a snapshot rebuilt when something changes, so a
/// query costs no lock beyond taking the snapshot.
class RelayRegistry {
public:
    explicit RelayRegistry(RegistryPolicy policy);

    /// Whether `source`/`site` may register one more relay (a relay already registered from
    /// there may always register again).
    bool hasRoomFor(const std::string& fingerprint, const std::string& source,
                    const std::string& site) const;
    /// Adds or replaces a relay after its dial-back succeeded with `rttMs`. A known relay
    /// keeps its history; a new one starts on probation.
    RelayRecord admit(RelayRecord record, std::uint32_t rttMs, std::int64_t now);
    /// Removes a relay (one whose admission could not be stored).
    void forget(const std::string& fingerprint);
    /// Puts back a record read from the store at startup.
    void restore(RelayRecord record);

    std::optional<RelayRecord> find(const std::string& fingerprint) const;
    std::size_t size() const;

    /// A verified heartbeat arrived; the relay's record after it (nothing if unknown).
    std::optional<RelayRecord> heartbeat(const std::string& fingerprint, std::int64_t now);

    /// Relays whose probe is due (at most `max`), marked as being probed.
    std::vector<std::pair<std::string, std::string>> dueForProbe(std::int64_t now, std::size_t max);
    /// A probe's outcome; the record after it.
    std::optional<RelayRecord> probed(const std::string& fingerprint,
                                      std::optional<std::uint32_t> rttMs, std::int64_t now);

    /// Moves relays not heard from to Down, off probation when they earned it, and delists
    /// (removes) those whose downtime credit ran out. Returns the records that changed and
    /// the fingerprints removed.
    struct Sweep {
        std::vector<RelayRecord> changed;
        std::vector<std::string> removed;
    };
    Sweep sweep(std::int64_t now);

    /// Up to `count` listed relays, best score bands first, shuffled within a band.
    std::vector<core::directory::ListedRelay>
    query(unsigned count, const std::string& region,
          const std::vector<std::string>& excludeFingerprints);
    /// Signed registrations of the relays not down, by fingerprint after `after`, at most
    /// `count`; `next` is set when more follow.
    core::directory::RegistrationPage registrations(const std::string& after, unsigned count) const;
    /// Every relay for the page, best first.
    std::vector<core::directory::ListedRelay> all(std::int64_t now) const;

    core::directory::ListedRelay listed(const RelayRecord& record, std::int64_t now) const;

    struct Totals {
        std::size_t probation = 0, listed = 0, down = 0;
    };
    Totals totals() const;

private:
    struct Snapshot {
        /// Relays that may be handed out, best band first; bands are score tenths.
        std::vector<core::directory::ListedRelay> relays;
        std::vector<std::size_t> bandStarts; ///< index of each band's first relay, and the end
    };
    void rebuildLocked(std::int64_t now);
    void markDownLocked(RelayRecord& record, std::int64_t now);

    const RegistryPolicy m_policy;
    mutable std::mutex m_mutex;
    std::map<std::string, RelayRecord> m_relays;
    std::set<std::string> m_probing; ///< fingerprints with a probe under way
    std::map<std::string, std::int64_t> m_nextProbe;
    bool m_dirty = false;       ///< the snapshot is behind the records
    std::int64_t m_lastNow = 0; ///< the latest time the registry was told
    std::shared_ptr<const Snapshot> m_snapshot;
    std::mutex m_randomMutex;
    std::minstd_rand m_random;
};

} // namespace ferry::relay::directory
