// Relays for new queues from relay directories (docs/protocol.md, "Relay directory"): unless
// the user keeps to their own relays, the engine asks its directories for healthy relays,
// measures the round trip to a few, and puts each new queue on one in the fastest band,
// drawn by score and never the same operator as the other side of the contact. When no
// directory answers it falls back to the user's own relays.
#include "agent/agent_engine.h"
#include "agent/agent_errc.h"
#include "directory/directory_address.h"
#include "directory/directory_errc.h"
#include "directory/relay_choice.h"
#include "net/relay_probe.h"
#include "store/relay_repository.h"
#include "store/settings_repository.h"
#include "util/try.h"

#include <algorithm>
#include <set>
#include <sstream>

namespace ferry::core::agent {

namespace {

constexpr std::string_view kDirectories = "directories";
constexpr std::string_view kOnlyMyRelays = "relays.only_mine";
/// How long a listing and its measured round trips are used before they are fetched again.
constexpr std::int64_t kListingLifetimeMs = 10 * 60 * 1000;
constexpr unsigned kListingSize = 20;
/// How many listed relays are measured (each costs a TLS and SMP handshake).
constexpr std::size_t kMeasured = 8;

std::vector<std::string> splitWords(const std::string& text) {
    std::istringstream in(text);
    std::vector<std::string> words;
    for (std::string word; in >> word;)
        words.push_back(word);
    return words;
}

} // namespace

Result<DirectorySettings> Agent::Engine::directorySettings() {
    store::SettingsRepository settings(m_db->database());
    DirectorySettings result;
    FERRY_TRY(directories, settings.getString(kDirectories));
    if (directories)
        result.directories = splitWords(*directories);
    FERRY_TRY(onlyMine, settings.getInteger(kOnlyMyRelays));
    result.onlyMyRelays = onlyMine.value_or(0) != 0;
    return result;
}

Result<void> Agent::Engine::setDirectorySettings(const DirectorySettings& wanted) {
    std::string joined;
    for (const auto& address : wanted.directories) {
        if (auto parsed = directory::parseDirectoryAddress(address); !parsed)
            return parsed.error();
        joined += (joined.empty() ? "" : " ") + address;
    }
    store::SettingsRepository settings(m_db->database());
    FERRY_TRY(tx, m_db->transaction());
    FERRY_CHECK(settings.setString(kDirectories, joined));
    FERRY_CHECK(settings.setInteger(kOnlyMyRelays, wanted.onlyMyRelays ? 1 : 0));
    FERRY_CHECK(tx.commit());
    m_directorySettings = wanted;
    m_directoryClients.clear();
    m_listing = {};
    boost::asio::post(m_io, [self = shared_from_this()] { self->ensureRedundantQueuesForAll(); });
    return {};
}

directory::DirectoryClient& Agent::Engine::directoryClient(const std::string& address) {
    auto it = m_directoryClients.find(address);
    if (it == m_directoryClients.end()) {
        auto parsed = directory::parseDirectoryAddress(address); // checked when stored
        it = m_directoryClients
                 .emplace(address, std::make_unique<directory::DirectoryClient>(m_io, *parsed))
                 .first;
    }
    return *it->second;
}

std::optional<std::string> Agent::Engine::ownRelayFor(const std::vector<std::string>& avoid,
                                                      OtherOperator rule) {
    auto enabled = store::RelayRepository(m_db->database()).listEnabled();
    if (!enabled || enabled->empty())
        return std::nullopt;
    for (const auto& relay : *enabled) {
        const bool avoided = std::any_of(avoid.begin(), avoid.end(), [&](const std::string& a) {
            return directory::sameOperator(a, relay.address);
        });
        if (!avoided)
            return relay.address;
    }
    // Only relays of the other side's operator: still better than no conversation.
    if (rule == OtherOperator::Preferred)
        return enabled->front().address;
    return std::nullopt;
}

void Agent::Engine::chooseNewQueueRelay(std::vector<std::string> avoid,
                                        std::function<void(Result<std::string>)> done,
                                        OtherOperator rule) {
    const bool useDirectories =
        !m_directorySettings.directories.empty() && !m_directorySettings.onlyMyRelays;
    if (!useDirectories) {
        if (auto own = ownRelayFor(avoid, rule))
            return done(*own);
        if (rule == OtherOperator::Required)
            return done(
                makeError(AgentErrc::NoRelay, "no relay of another operator among your relays"));
        return done(makeError(AgentErrc::NoRelay,
                              "no relay configured: add one first (ferry-cli relays add "
                              "smp://…) or a relay directory (ferry-cli directories add …)"));
    }
    refreshListing([this, avoid, done, rule](bool) {
        std::vector<directory::RelayCandidate> candidates;
        for (const auto& relay : m_listing.relays)
            candidates.push_back({relay, m_listing.measured.count(relay.address)
                                             ? m_listing.measured[relay.address]
                                             : std::nullopt});
        if (auto chosen = directory::chooseQueueRelay(candidates, avoid, m_random))
            return done(*chosen);
        if (auto own = ownRelayFor(avoid, rule))
            return done(*own);
        done(makeError(AgentErrc::NoRelay,
                       "no relay for a new queue: no relay directory answered with a relay that "
                       "works from here, and none of your own relays is configured"));
    });
}

void Agent::Engine::refreshListing(std::function<void(bool)> done) {
    const std::int64_t now = steadyMs();
    if (!m_listing.relays.empty() && now - m_listing.fetchedAtMs < kListingLifetimeMs)
        return done(true);
    fetchListing(0, std::move(done));
}

void Agent::Engine::fetchListing(std::size_t index, std::function<void(bool)> done) {
    const auto& directories = m_directorySettings.directories;
    if (index >= directories.size())
        return done(false); // none answered: the old listing, if any, stays
    directory::RelayQuery query;
    query.count = kListingSize;
    directoryClient(directories[index])
        .relays(query, [this, index, done = std::move(done)](
                           Result<std::vector<directory::ListedRelay>> listing) mutable {
            if (m_stopping)
                return;
            if (!listing || listing->empty())
                return fetchListing(index + 1, std::move(done));
            measureListing(std::move(listing).value(), std::move(done));
        });
}

void Agent::Engine::measureListing(std::vector<directory::ListedRelay> relays,
                                   std::function<void(bool)> done) {
    // The directory ranked them; the first few that take new queues are measured from here.
    std::vector<directory::ListedRelay> measured;
    for (auto& relay : relays)
        if (relay.policy.acceptsNewQueues && measured.size() < kMeasured)
            measured.push_back(relay);
    struct Round {
        std::size_t waiting = 0;
        std::map<std::string, std::optional<std::uint32_t>> rtt;
        std::function<void(bool)> done;
    };
    auto round = std::make_shared<Round>();
    round->waiting = measured.size();
    round->done = std::move(done);
    auto finish = [this, relays, round] {
        m_listing.relays = relays;
        m_listing.measured = round->rtt;
        m_listing.fetchedAtMs = steadyMs();
        round->done(true);
    };
    if (measured.empty())
        return finish();
    for (const auto& relay : measured) {
        auto server = smp::parseServerAddress(relay.address);
        if (!server) {
            if (--round->waiting == 0)
                finish();
            continue;
        }
        net::probeRelay(
            m_io, *server, m_config.relayDefaults,
            [this, round, finish, address = relay.address](Result<std::chrono::milliseconds> rtt) {
                if (m_stopping)
                    return;
                round->rtt[address] =
                    rtt ? std::optional(static_cast<std::uint32_t>(rtt->count())) : std::nullopt;
                if (--round->waiting == 0)
                    finish();
            });
    }
}

void Agent::Engine::ensureListing() {
    if (m_listingRefreshing || m_directorySettings.directories.empty() ||
        m_directorySettings.onlyMyRelays)
        return;
    m_listingRefreshing = true;
    refreshListing([this](bool) {
        m_listingRefreshing = false;
        // Messages that waited for a route may have one now.
        kickAllQueues();
    });
}

void Agent::Engine::nodeHelpers(const std::string& self,
                                std::function<void(Result<directory::NodeHelpers>)> done) {
    if (m_directorySettings.directories.empty())
        return done(directory::NodeHelpers{});
    refreshListing([this, self, done = std::move(done)](bool) {
        done(directory::nodeHelpersFrom(m_listing.relays, self));
    });
}

std::vector<std::string> Agent::Engine::directoryProxies() const {
    std::vector<std::string> proxies;
    if (m_directorySettings.onlyMyRelays)
        return proxies;
    for (const auto& relay : m_listing.relays) {
        auto measured = m_listing.measured.find(relay.address);
        // Private routing needs SMP 8 on the proxy; only relays that answered here.
        if (relay.policy.proxy && relay.versions.max >= 8 && measured != m_listing.measured.end() &&
            measured->second)
            proxies.push_back(relay.address);
    }
    return proxies;
}

void Agent::Engine::checkRelaysStillListed() {
    const std::int64_t everyMs = std::min<std::int64_t>(
        10 * 60 * 1000,
        std::chrono::duration_cast<std::chrono::milliseconds>(m_rotateAfter).count());
    const bool useDirectories =
        !m_directorySettings.directories.empty() && !m_directorySettings.onlyMyRelays;
    if (!useDirectories || steadyMs() - m_listedCheckedAtMs < everyMs)
        return;
    m_listedCheckedAtMs = steadyMs();
    auto rows = store::QueueRepository(m_db->database()).subscribable();
    auto own = store::RelayRepository(m_db->database()).list();
    if (!rows || !own)
        return;
    std::set<std::string> relays;
    for (const store::Queue& q : *rows)
        if (q.contactId && q.ownerKind == store::QueueOwnerKind::Contact &&
            q.status == store::QueueStatus::Active &&
            std::none_of(own->begin(), own->end(),
                         [&](const store::Relay& r) { return r.address == q.relay; }))
            relays.insert(q.relay);
    for (const std::string& relay : relays) {
        const auto at = relay.find('@');
        if (relay.rfind("smp://", 0) != 0 || at == std::string::npos)
            continue;
        whenNoDirectoryLists(
            m_directorySettings.directories, relay.substr(6, at - 6), 0, [this, relay] {
                store::QueueRepository queues(m_db->database());
                auto rows = queues.subscribable();
                if (!rows)
                    return;
                std::set<std::int64_t> contacts;
                for (const store::Queue& q : *rows)
                    if (q.relay == relay && q.contactId &&
                        q.ownerKind == store::QueueOwnerKind::Contact &&
                        q.status == store::QueueStatus::Active) {
                        (void)queues.setStatus(q.id, store::QueueStatus::Suspended);
                        contacts.insert(*q.contactId);
                    }
                for (std::int64_t contactId : contacts)
                    ensureRedundantQueues(contactId);
            });
    }
}

void Agent::Engine::whenNoDirectoryLists(std::vector<std::string> directories,
                                         std::string fingerprint, std::size_t index,
                                         std::function<void()> left) {
    // The list asked is the one the check began with: if the user changes the directories
    // meanwhile, the answer is dropped and the next check asks the new ones.
    if (m_stopping || directories != m_directorySettings.directories ||
        m_directorySettings.onlyMyRelays)
        return;
    if (index >= directories.size()) {
        left();
        return;
    }
    auto& client = directoryClient(directories[index]);
    client.relay(fingerprint, [this, directories = std::move(directories), fingerprint, index,
                               left](Result<directory::ListedRelay> r) mutable {
        // Only a clear "not registered" counts: a directory that lists the relay, or does
        // not answer, keeps its queues where they are.
        if (r || r.error().code != std::error_code(directory::DirectoryErrc::UnknownRelay))
            return;
        whenNoDirectoryLists(std::move(directories), fingerprint, index + 1, left);
    });
}

} // namespace ferry::core::agent
