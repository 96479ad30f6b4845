// Private routing: a sender's commands for a contact's queue go through one of the user's own
// relays (SMP PRXY/PFWD, net/proxied_sender.h), so the contact's relay never sees the user's
// address. docs/protocol.md, "Private routing".
#include "agent/agent_engine.h"
#include "agent/agent_errc.h"
#include "directory/relay_choice.h"
#include "store/relay_repository.h"
#include "store/settings_repository.h"
#include "util/try.h"

#include <algorithm>
#include <array>
#include <functional>

namespace ferry::core::agent {

namespace {

constexpr std::string_view kRoutingMode = "routing.private";
constexpr std::string_view kRoutingAllowDirect = "routing.allow_direct";

constexpr std::array<std::pair<PrivateRouting, const char*>, 3> kModeNames{{
    {PrivateRouting::Never, "never"},
    {PrivateRouting::UnknownRelays, "unknown"},
    {PrivateRouting::Always, "always"},
}};

// A relay as a place: identity, hosts and port, without the password that only its owner's
// own address carries.
std::string placeOf(const std::string& address) {
    auto parsed = smp::parseServerAddress(address);
    return parsed ? smp::formatServerAddress(*parsed, /*withAuth*/ false) : address;
}

std::string hostOf(const std::string& address) {
    auto parsed = smp::parseServerAddress(address);
    return parsed && !parsed->hosts.empty() ? parsed->hosts.front().uriText() : address;
}

} // namespace

const char* privateRoutingName(PrivateRouting mode) {
    for (const auto& [value, name] : kModeNames)
        if (value == mode)
            return name;
    return "unknown";
}

std::optional<PrivateRouting> parsePrivateRouting(std::string_view name) {
    for (const auto& [value, text] : kModeNames)
        if (name == text)
            return value;
    return std::nullopt;
}

Result<RoutingSettings> Agent::Engine::routing() {
    store::SettingsRepository settings(m_db->database());
    RoutingSettings routing;
    FERRY_TRY(mode, settings.getString(kRoutingMode));
    if (mode) {
        auto parsed = parsePrivateRouting(*mode);
        if (!parsed)
            return makeError(AgentErrc::State, "the profile's private routing setting '" + *mode +
                                                   "' is not one this version knows");
        routing.mode = *parsed;
    }
    FERRY_TRY(allowDirect, settings.getInteger(kRoutingAllowDirect));
    routing.allowDirect = allowDirect.value_or(0) != 0;
    return routing;
}

Result<void> Agent::Engine::setRouting(const RoutingSettings& routing) {
    store::SettingsRepository settings(m_db->database());
    auto tx = m_db->transaction();
    if (!tx)
        return tx.error();
    FERRY_CHECK(settings.setString(kRoutingMode, privateRoutingName(routing.mode)));
    FERRY_CHECK(settings.setInteger(kRoutingAllowDirect, routing.allowDirect ? 1 : 0));
    FERRY_CHECK(tx->commit());
    m_routing = routing;
    // Messages that wait on a failed route may go another way now.
    kickAllQueues();
    return {};
}

Result<std::optional<std::string>> Agent::Engine::proxyFor(const std::string& destination) {
    if (m_routing.mode == PrivateRouting::Never)
        return std::optional<std::string>();
    FERRY_TRY(enabled, store::RelayRepository(m_db->database()).listEnabled());
    const std::string place = placeOf(destination);
    const bool own = std::any_of(enabled.begin(), enabled.end(), [&](const store::Relay& r) {
        return placeOf(r.address) == place;
    });
    if (own && m_routing.mode == PrivateRouting::UnknownRelays)
        return std::optional<std::string>();
    std::vector<std::string> candidates;
    for (const store::Relay& r : enabled)
        if (placeOf(r.address) != place)
            candidates.push_back(r.address);
    if (enabled.empty()) {
        // No relay of the user's own: a relay the directories listed, that answered here,
        // and that is not the destination's operator.
        for (const auto& proxy : directoryProxies())
            if (!directory::sameOperator(proxy, destination))
                candidates.push_back(proxy);
        // None known yet (a fresh start) or the listing is old: fetch one; the message waits
        // for it and is sent when it is there.
        if (candidates.empty())
            ensureListing();
    }
    if (candidates.empty()) {
        // The user's only relay already knows the user's address; a stranger's does not.
        if (own || m_routing.allowDirect)
            return std::optional<std::string>();
        return makeError(AgentErrc::NoRelay,
                         "private routing needs a relay to send through: add one of your own or a "
                         "relay directory, or allow sending directly");
    }
    // The same one each time for a destination: one session with it, and the destination
    // does not see the user's messages arrive from every relay the user has.
    return std::optional<std::string>(
        candidates[std::hash<std::string>{}(place) % candidates.size()]);
}

net::ProxiedSender& Agent::Engine::proxiedSender(const std::string& proxy) {
    auto it = m_proxies.find(proxy);
    if (it == m_proxies.end())
        it = m_proxies.emplace(proxy, std::make_unique<net::ProxiedSender>(client(proxy))).first;
    return *it->second;
}

void Agent::Engine::callAsSender(const std::string& relay, Bytes entityId, smp::Command command,
                                 std::optional<net::AuthKey> key, ResponseHandler done) {
    auto route = m_stopping ? Result<std::optional<std::string>>(std::nullopt) : proxyFor(relay);
    if (route && !*route) {
        call(relay, std::move(entityId), std::move(command), std::move(key), std::move(done));
        return;
    }
    auto destination =
        route ? smp::parseServerAddress(relay) : Result<smp::ServerAddress>(route.error());
    if (!destination) {
        // As call() does: the caller's handler never runs inside its own call.
        boost::asio::post(m_io,
                          [done = std::move(done), error = destination.error()] { done(error); });
        return;
    }
    const std::string proxy = std::move(route).value().value();
    ++m_inFlight;
    proxiedSender(proxy).send(*destination, entityId, command, key,
                              [this, relay, proxy, entityId, command, key,
                               done = std::move(done)](Result<smp::Response> answer) mutable {
                                  --m_inFlight;
                                  m_lastActivity = steadyMs();
                                  if (answer || !m_routing.allowDirect || m_stopping) {
                                      if (!answer) {
                                          Error error = answer.error();
                                          error.message = "private routing through " +
                                                          hostOf(proxy) + ": " + error.message;
                                          answer = std::move(error);
                                      }
                                      done(std::move(answer));
                                      return;
                                  }
                                  // The user allows it: the contact's relay will see this device's
                                  // address.
                                  call(relay, std::move(entityId), std::move(command),
                                       std::move(key), std::move(done));
                              });
}

} // namespace ferry::core::agent
