#include "relay/node/dial_back_checker.h"

#include "net/relay_probe.h"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

namespace ferry::relay {

namespace asio = boost::asio;
namespace msg = core::node::msg;
using Clock = std::chrono::steady_clock;

namespace {
constexpr auto kWindow = std::chrono::minutes(1);
constexpr const char* kBusy = "too many checks; try again in a minute";

// One check in flight: the first of the probe's success and the deadline answers.
struct PendingCheck {
    PendingCheck(asio::io_context& io, DialBackChecker::Answer a, msg::CheckResult r)
        : strand(asio::make_strand(io)), deadline(strand), answer(std::move(a)),
          result(std::move(r)) {}

    void finish() {
        if (!answer)
            return;
        deadline.cancel();
        std::exchange(answer, {})(result);
    }

    asio::strand<asio::io_context::executor_type> strand;
    asio::steady_timer deadline;
    DialBackChecker::Answer answer;
    msg::CheckResult result;
};
} // namespace

std::string limitNetwork(const std::string& peer) {
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(peer, ec);
    if (ec)
        return peer;
    const auto network = core::net::enclosingNetwork(address, 32, 64);
    return network.base.is_v4() ? network.base.to_string() : network.text();
}

DialBackChecker::DialBackChecker(asio::io_context& io, CheckLimits limits,
                                 std::shared_ptr<const core::net::DialPolicy> policy)
    : m_io(io), m_limits(limits), m_policy(std::move(policy)) {}

void DialBackChecker::pruneLocked(Clock::time_point now) {
    for (auto it = m_networks.begin(); it != m_networks.end();) {
        auto& recent = it->second.recent;
        while (!recent.empty() && now - recent.front() > kWindow)
            recent.pop_front();
        it = recent.empty() && it->second.running == 0 ? m_networks.erase(it) : std::next(it);
    }
}

std::optional<std::string> DialBackChecker::admit(const std::string& key) {
    const auto now = Clock::now();
    std::lock_guard lock(m_mutex);
    if (m_running >= m_limits.atOnce)
        return kBusy;
    auto found = m_networks.find(key);
    if (found == m_networks.end()) {
        // Full: forget the networks whose minute is over; never everyone's history at once,
        // which would reset the limit for exactly those who filled the table.
        if (m_networks.size() >= m_limits.trackedNetworks)
            pruneLocked(now);
        if (m_networks.size() >= m_limits.trackedNetworks)
            return kBusy;
        found = m_networks.emplace(key, Network{}).first;
    }
    Network& network = found->second;
    while (!network.recent.empty() && now - network.recent.front() > kWindow)
        network.recent.pop_front();
    if (network.recent.size() >= m_limits.perMinutePerNetwork ||
        network.running >= m_limits.atOncePerNetwork)
        return kBusy;
    network.recent.push_back(now);
    ++network.running;
    ++m_running;
    return std::nullopt;
}

void DialBackChecker::release(const std::string& key) {
    std::lock_guard lock(m_mutex);
    --m_running;
    if (auto found = m_networks.find(key); found != m_networks.end())
        --found->second.running;
}

std::uint32_t DialBackChecker::running() const {
    std::lock_guard lock(m_mutex);
    return m_running;
}

void DialBackChecker::check(const std::string& peer, const std::string& address, Answer answer) {
    auto server = core::smp::parseServerAddress(address);
    if (!server) {
        answer(msg::Refused{"not a relay address: " + server.error().message});
        return;
    }
    if (server->hosts.size() != 1) {
        answer(msg::Refused{"a check names exactly one host"});
        return;
    }
    const std::string key = limitNetwork(peer);
    if (auto busy = admit(key)) {
        answer(msg::Refused{*busy});
        return;
    }
    msg::CheckResult unreachable;
    unreachable.observedAddress = peer;
    unreachable.detail = "no relay answered as that address";
    auto pending = std::make_shared<PendingCheck>(m_io, std::move(answer), unreachable);
    pending->deadline.expires_after(m_limits.timeout);
    pending->deadline.async_wait([pending](const boost::system::error_code& ec) {
        if (!ec)
            pending->finish();
    });
    core::net::SmpClientConfig settings;
    settings.connectTimeout = m_limits.timeout;
    settings.dialPolicy = m_policy;
    // The probe's own timeouts end it soon after the deadline; its slot is held until then,
    // so the limits count what the relay really has in flight.
    core::net::probeRelay(m_io, *server, settings,
                          [this, key, pending](core::Result<std::chrono::milliseconds> rtt) {
                              release(key);
                              if (!rtt)
                                  return; // answered at the deadline, as every negative answer is
                              asio::post(pending->strand, [pending, ms = rtt->count()] {
                                  if (!pending->answer)
                                      return;
                                  pending->result.reachable = true;
                                  pending->result.roundTripMs = static_cast<std::uint32_t>(ms);
                                  pending->result.detail.clear();
                                  pending->finish();
                              });
                          });
}

} // namespace ferry::relay
