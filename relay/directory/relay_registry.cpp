#include "relay/directory/relay_registry.h"

#include <algorithm>
#include <cmath>

namespace ferry::relay::directory {

using core::directory::ListedRelay;

namespace {

constexpr double kHalfLifeSeconds = 24 * 3600.0;
constexpr std::int64_t kAgeForFullScore = 7 * 24 * 3600;
constexpr std::int64_t kMaxCredit = 7 * 24 * 3600;
constexpr std::uint32_t kFailuresForDown = 3;
constexpr double kProbationUptime = 0.9;

void decayTo(RelayRecord& record, std::int64_t now) {
    const double elapsed = static_cast<double>(std::max<std::int64_t>(0, now - record.lastProbe));
    const double factor = std::exp2(-elapsed / kHalfLifeSeconds);
    record.answered *= factor;
    record.tried *= factor;
}

unsigned bandOf(double score) {
    return static_cast<unsigned>(std::clamp(score, 0.0, 1.0) * 10);
}

} // namespace

const char* relayStateName(RelayRecord::State state) {
    switch (state) {
    case RelayRecord::State::Probation:
        return "probation";
    case RelayRecord::State::Listed:
        return "listed";
    case RelayRecord::State::Down:
        return "down";
    }
    return "down";
}

double relayScore(const RelayRecord& record, std::int64_t now) {
    if (record.state == RelayRecord::State::Down)
        return 0;
    const double rtt = record.rttMs ? 1.0 / (1.0 + *record.rttMs / 250.0) : 0;
    const double age =
        std::clamp(static_cast<double>(now - record.admittedAt) / kAgeForFullScore, 0.0, 1.0);
    const double score = 0.6 * record.uptime() + 0.25 * rtt + 0.15 * age;
    return record.state == RelayRecord::State::Probation ? score / 4 : score;
}

std::int64_t downtimeCredit(const RelayRecord& record, const RegistryPolicy& policy) {
    return std::min(kMaxCredit, policy.ttlSeconds + record.provenUptimeSeconds / 10);
}

RelayRegistry::RelayRegistry(RegistryPolicy policy)
    : m_policy(policy), m_snapshot(std::make_shared<Snapshot>()), m_random(std::random_device{}()) {
}

std::string peerSource(const std::string& peerFingerprint) {
    return "peer:" + peerFingerprint;
}

bool isPeerSource(const std::string& source) {
    return source.starts_with("peer:");
}

bool RelayRegistry::hasRoomFor(const std::string& fingerprint, const std::string& source,
                               const std::string& site) const {
    std::lock_guard lock(m_mutex);
    if (m_relays.contains(fingerprint))
        return true;
    std::uint32_t fromSource = 0, fromSite = 0;
    for (const auto& [_, record] : m_relays) {
        fromSource += record.source == source;
        fromSite += record.site == site;
    }
    if (isPeerSource(source))
        return fromSource < m_policy.relaysPerPeer;
    return fromSource < m_policy.relaysPerAddress && fromSite < m_policy.relaysPerSite;
}

RelayRecord RelayRegistry::admit(RelayRecord record, std::uint32_t rttMs, std::int64_t now) {
    std::lock_guard lock(m_mutex);
    auto known = m_relays.find(record.fingerprint);
    if (known != m_relays.end()) {
        // Same relay again (a new address, a new online key, back after being down): it
        // keeps the history its probes earned.
        RelayRecord& kept = known->second;
        kept.signedRegistration = std::move(record.signedRegistration);
        kept.registration = std::move(record.registration);
        kept.signingKey = std::move(record.signingKey);
        kept.source = std::move(record.source);
        kept.site = std::move(record.site);
    } else {
        record.admittedAt = now;
        record.state = RelayRecord::State::Probation;
        known = m_relays.emplace(record.fingerprint, std::move(record)).first;
    }
    RelayRecord& r = known->second;
    decayTo(r, now);
    r.answered += 1;
    r.tried += 1;
    r.lastProbe = r.lastProbeOk = r.lastHeartbeat = now;
    r.rttMs = rttMs;
    r.failuresInARow = 0;
    if (r.state == RelayRecord::State::Down) {
        // Back as after a probe: on probation until the sweep finds it earned its listing
        // again (age and uptime), whichever way it came back.
        r.state = RelayRecord::State::Probation;
        r.downSince = 0;
    }
    m_nextProbe[r.fingerprint] = now + m_policy.probeIntervalSeconds;
    rebuildLocked(now);
    return r;
}

void RelayRegistry::forget(const std::string& fingerprint) {
    std::lock_guard lock(m_mutex);
    m_relays.erase(fingerprint);
    m_nextProbe.erase(fingerprint);
    m_probing.erase(fingerprint);
    m_dirty = true;
}

void RelayRegistry::restore(RelayRecord record) {
    std::lock_guard lock(m_mutex);
    m_nextProbe[record.fingerprint] = 0; // probed soon after a restart
    m_lastNow = std::max(m_lastNow, record.lastProbe);
    m_relays[record.fingerprint] = std::move(record);
    m_dirty = true;
}

std::optional<RelayRecord> RelayRegistry::find(const std::string& fingerprint) const {
    std::lock_guard lock(m_mutex);
    auto it = m_relays.find(fingerprint);
    return it == m_relays.end() ? std::nullopt : std::optional(it->second);
}

std::size_t RelayRegistry::size() const {
    std::lock_guard lock(m_mutex);
    return m_relays.size();
}

std::optional<RelayRecord> RelayRegistry::heartbeat(const std::string& fingerprint,
                                                    std::int64_t now) {
    std::lock_guard lock(m_mutex);
    auto it = m_relays.find(fingerprint);
    if (it == m_relays.end())
        return std::nullopt;
    it->second.lastHeartbeat = now;
    // A relay that was down says it is back: believe the next probe, and make it soon.
    if (it->second.state == RelayRecord::State::Down)
        m_nextProbe[fingerprint] = now;
    return it->second;
}

std::vector<std::pair<std::string, std::string>> RelayRegistry::dueForProbe(std::int64_t now,
                                                                            std::size_t max) {
    std::lock_guard lock(m_mutex);
    std::vector<std::pair<std::string, std::string>> due;
    for (auto& [fingerprint, next] : m_nextProbe) {
        if (due.size() >= max)
            break;
        if (next > now || m_probing.contains(fingerprint))
            continue;
        auto record = m_relays.find(fingerprint);
        if (record == m_relays.end())
            continue;
        m_probing.insert(fingerprint);
        due.emplace_back(fingerprint, record->second.registration.address);
    }
    return due;
}

void RelayRegistry::markDownLocked(RelayRecord& record, std::int64_t now) {
    if (record.state == RelayRecord::State::Down)
        return;
    record.state = RelayRecord::State::Down;
    record.downSince = now;
    m_dirty = true;
}

std::optional<RelayRecord> RelayRegistry::probed(const std::string& fingerprint,
                                                 std::optional<std::uint32_t> rttMs,
                                                 std::int64_t now) {
    std::lock_guard lock(m_mutex);
    m_probing.erase(fingerprint);
    auto it = m_relays.find(fingerprint);
    if (it == m_relays.end())
        return std::nullopt;
    RelayRecord& r = it->second;
    decayTo(r, now);
    r.tried += 1;
    if (rttMs) {
        r.answered += 1;
        // Proven uptime grows by the time since the last answered probe, while it is up.
        if (r.state != RelayRecord::State::Down && r.lastProbeOk > 0)
            r.provenUptimeSeconds += now - r.lastProbeOk;
        r.lastProbeOk = now;
        r.failuresInARow = 0;
        r.rttMs = r.rttMs ? (*r.rttMs * 3 + *rttMs) / 4 : *rttMs;
        // Back from down only with a fresh heartbeat as well as an answer.
        if (r.state == RelayRecord::State::Down && now - r.lastHeartbeat <= m_policy.ttlSeconds) {
            r.state = RelayRecord::State::Probation;
            r.downSince = 0;
        }
    } else if (++r.failuresInARow >= kFailuresForDown) {
        markDownLocked(r, now);
    }
    r.lastProbe = now;
    m_nextProbe[fingerprint] = now + m_policy.probeIntervalSeconds;
    m_dirty = true;
    return r;
}

RelayRegistry::Sweep RelayRegistry::sweep(std::int64_t now) {
    std::lock_guard lock(m_mutex);
    Sweep sweep;
    for (auto it = m_relays.begin(); it != m_relays.end();) {
        RelayRecord& r = it->second;
        const auto before = r.state;
        if (r.state != RelayRecord::State::Down && now - r.lastHeartbeat > m_policy.ttlSeconds)
            markDownLocked(r, now);
        if (r.state == RelayRecord::State::Probation &&
            now - r.admittedAt >= m_policy.probationSeconds && r.uptime() >= kProbationUptime)
            r.state = RelayRecord::State::Listed;
        if (r.state == RelayRecord::State::Down &&
            now - r.downSince > downtimeCredit(r, m_policy)) {
            sweep.removed.push_back(it->first);
            m_nextProbe.erase(it->first);
            it = m_relays.erase(it);
            m_dirty = true;
            continue;
        }
        if (r.state != before) {
            sweep.changed.push_back(r);
            m_dirty = true;
        }
        ++it;
    }
    if (m_dirty)
        rebuildLocked(now);
    return sweep;
}

ListedRelay RelayRegistry::listed(const RelayRecord& r, std::int64_t now) const {
    ListedRelay listed;
    listed.address = r.registration.address;
    listed.fingerprint = r.fingerprint;
    listed.state = relayStateName(r.state);
    listed.score = relayScore(r, now);
    listed.uptime = r.uptime();
    listed.rttMs = r.rttMs;
    listed.lastProbe = r.lastProbeOk;
    listed.listedSince = r.admittedAt;
    listed.versions = r.registration.versions;
    listed.policy = r.registration.policy;
    listed.region = r.registration.region;
    return listed;
}

void RelayRegistry::rebuildLocked(std::int64_t now) {
    m_lastNow = now;
    auto snapshot = std::make_shared<Snapshot>();
    for (const auto& [_, record] : m_relays)
        if (record.state != RelayRecord::State::Down)
            snapshot->relays.push_back(listed(record, now));
    std::sort(snapshot->relays.begin(), snapshot->relays.end(),
              [](const ListedRelay& a, const ListedRelay& b) {
                  return bandOf(a.score) > bandOf(b.score);
              });
    for (std::size_t i = 0; i < snapshot->relays.size(); ++i)
        if (i == 0 || bandOf(snapshot->relays[i].score) != bandOf(snapshot->relays[i - 1].score))
            snapshot->bandStarts.push_back(i);
    snapshot->bandStarts.push_back(snapshot->relays.size());
    m_snapshot = std::move(snapshot);
    m_dirty = false;
}

std::vector<ListedRelay> RelayRegistry::query(unsigned count, const std::string& region,
                                              const std::vector<std::string>& exclude) {
    std::shared_ptr<const Snapshot> snapshot;
    {
        std::lock_guard lock(m_mutex);
        // Changes since the last rebuild (probes, a restart's restore) show at the next
        // query; a burst of them costs one rebuild.
        if (m_dirty)
            rebuildLocked(m_lastNow);
        snapshot = m_snapshot;
    }
    std::vector<ListedRelay> chosen;
    auto wanted = [&](const ListedRelay& relay, bool inRegion) {
        if (!region.empty() && (relay.region == region) != inRegion)
            return false;
        return std::find(exclude.begin(), exclude.end(), relay.fingerprint) == exclude.end();
    };
    // With a region, its relays come first (best bands first), then the others.
    for (bool inRegion : {true, false}) {
        if (region.empty() && !inRegion)
            break;
        for (std::size_t band = 0; band + 1 < snapshot->bandStarts.size(); ++band) {
            if (chosen.size() >= count)
                return chosen;
            std::vector<std::size_t> candidates;
            for (std::size_t i = snapshot->bandStarts[band]; i < snapshot->bandStarts[band + 1];
                 ++i)
                if (wanted(snapshot->relays[i], inRegion))
                    candidates.push_back(i);
            const std::size_t take =
                std::min<std::size_t>(count - chosen.size(), candidates.size());
            {
                // Only as much of the band is shuffled as is taken from it.
                std::lock_guard lock(m_randomMutex);
                for (std::size_t i = 0; i < take; ++i) {
                    std::uniform_int_distribution<std::size_t> pick(i, candidates.size() - 1);
                    std::swap(candidates[i], candidates[pick(m_random)]);
                }
            }
            for (std::size_t i = 0; i < take; ++i)
                chosen.push_back(snapshot->relays[candidates[i]]);
        }
    }
    return chosen;
}

core::directory::RegistrationPage RelayRegistry::registrations(const std::string& after,
                                                               unsigned count) const {
    std::lock_guard lock(m_mutex);
    core::directory::RegistrationPage page;
    std::string last;
    for (auto it = after.empty() ? m_relays.begin() : m_relays.upper_bound(after);
         it != m_relays.end(); ++it) {
        if (it->second.state == RelayRecord::State::Down)
            continue;
        if (page.registrations.size() >= count) {
            page.next = last; // more follow
            break;
        }
        page.registrations.push_back(it->second.signedRegistration);
        last = it->first;
    }
    return page;
}

std::vector<ListedRelay> RelayRegistry::all(std::int64_t now) const {
    std::vector<ListedRelay> relays;
    {
        std::lock_guard lock(m_mutex);
        for (const auto& [_, record] : m_relays)
            relays.push_back(listed(record, now));
    }
    std::sort(relays.begin(), relays.end(),
              [](const ListedRelay& a, const ListedRelay& b) { return a.score > b.score; });
    return relays;
}

RelayRegistry::Totals RelayRegistry::totals() const {
    std::lock_guard lock(m_mutex);
    Totals totals;
    for (const auto& [_, record] : m_relays) {
        totals.probation += record.state == RelayRecord::State::Probation;
        totals.listed += record.state == RelayRecord::State::Listed;
        totals.down += record.state == RelayRecord::State::Down;
    }
    return totals;
}

} // namespace ferry::relay::directory
