// The requests a directory answers (docs/protocol.md, "Relay directory"): every byte here
// comes from strangers, so each request is rate-limited before any work, bodies are bounded
// by HttpsService, JSON goes through Boost.JSON (directory_wire) and the target through
// Boost.URL, and errors name what was wrong with the request and nothing about the relay
// the directory tried to reach.

#include "directory/directory_errc.h"
#include "directory/proof_of_work.h"
#include "directory/relay_query.h"
#include "relay/directory/directory_page.h"
#include "relay/directory/directory_service_impl.h"
#include "util/base64.h"

#include <boost/url/parse.hpp>
#include <cmath>

namespace ferry::relay::directory {

using core::directory::DirectoryErrc;
namespace wire = core::directory;

namespace {

unsigned httpStatusOf(const core::Error& error) {
    switch (static_cast<DirectoryErrc>(error.code.value())) {
    case DirectoryErrc::BadRequest:
    case DirectoryErrc::Address:
        return 400;
    case DirectoryErrc::BadSignature:
    case DirectoryErrc::BadChain:
        return 401;
    case DirectoryErrc::StaleChallenge:
    case DirectoryErrc::WeakProof:
    case DirectoryErrc::TooManyRelays:
        return 403;
    case DirectoryErrc::UnknownRelay:
    case DirectoryErrc::NotFound:
        return 404;
    case DirectoryErrc::ReusedChallenge:
        return 409;
    case DirectoryErrc::Unreachable:
        return 422;
    case DirectoryErrc::RateLimited:
        return 429;
    default:
        return 500;
    }
}

HttpResponse errorResponse(const core::Error& error) {
    HttpResponse response{
        httpStatusOf(error), "application/json", wire::encodeErrorBody(error), {}};
    if (response.status == 429)
        response.headers.emplace_back("Retry-After", "60");
    return response;
}

HttpResponse retryLater(std::chrono::seconds wait, unsigned status = 429) {
    HttpResponse response{status,
                          "application/json",
                          wire::encodeErrorBody(core::makeError(
                              DirectoryErrc::RateLimited, "too many requests; retry in " +
                                                              std::to_string(wait.count()) + " s")),
                          {}};
    response.headers.emplace_back("Retry-After", std::to_string(wait.count()));
    return response;
}

HttpResponse json(unsigned status, std::string body) {
    return HttpResponse{status, "application/json", std::move(body), {}};
}

} // namespace

std::optional<HttpResponse> DirectoryService::Impl::overLimit(const HttpRequest& request,
                                                              bool write) {
    const auto wait = (write ? m_writes : m_reads).take(request.peer);
    if (!wait)
        return std::nullopt;
    ++m_counters.rateLimited;
    return retryLater(*wait);
}

void DirectoryService::Impl::handle(HttpRequest request, Reply reply) {
    auto target = boost::urls::parse_origin_form(request.target);
    if (!target)
        return reply(errorResponse(core::makeError(DirectoryErrc::BadRequest, "bad target")));
    std::vector<std::string> path;
    for (auto segment : target->segments()) {
        if (path.size() >= 4)
            return reply(errorResponse(core::makeError(DirectoryErrc::NotFound, "no such path")));
        path.push_back(std::string(segment));
    }
    if (!path.empty() && path.back().empty())
        path.pop_back(); // a trailing slash
    const bool write = request.post;
    if (auto limited = overLimit(request, write))
        return reply(std::move(*limited));

    auto is = [&](std::initializer_list<std::string_view> want) {
        return path.size() == want.size() && std::equal(want.begin(), want.end(), path.begin());
    };
    if (!write && path.empty())
        return getPage(std::move(reply));
    if (!write && is({"metrics"}))
        return getMetrics(std::move(reply));
    if (!write && is({"v1", "challenge"}))
        return getChallenge(request, std::move(reply));
    if (write && is({"v1", "relays"}))
        return postRegistration(request, std::move(reply));
    if (!write && is({"v1", "relays"}))
        return getRelays(request, std::move(reply));
    if (!write && is({"v1", "registrations"}))
        return getRegistrations(request, std::move(reply));
    if (!write && path.size() == 3 && path[0] == "v1" && path[1] == "relays")
        return getRelay(path[2], std::move(reply));
    if (write && path.size() == 4 && path[0] == "v1" && path[1] == "relays" &&
        path[3] == "heartbeat")
        return postHeartbeat(request, path[2], std::move(reply));
    reply(errorResponse(core::makeError(DirectoryErrc::NotFound, "no such path")));
}

unsigned DirectoryService::Impl::currentDifficulty() {
    const std::int64_t now = m_clock.nowSeconds();
    std::lock_guard lock(m_loadMutex);
    while (!m_recentRegistrations.empty() && m_recentRegistrations.front() < now - 60)
        m_recentRegistrations.pop_front();
    // One more bit for each doubling of the registration rate beyond one a second.
    const double load = static_cast<double>(m_recentRegistrations.size()) / 60;
    const unsigned extra = static_cast<unsigned>(std::floor(std::log2(1 + load)));
    return std::min(m_config.maxDifficulty, m_config.difficulty + extra);
}

core::directory::ListedRelay DirectoryService::Impl::answerFor(const RelayRecord& record,
                                                               std::int64_t now) const {
    auto answer = m_registry.listed(record, now);
    // 80% of the TTL, so one late heartbeat still arrives in time.
    answer.heartbeatSeconds =
        static_cast<std::uint32_t>(std::max<std::int64_t>(1, m_config.relayTtl.count() * 4 / 5));
    return answer;
}

void DirectoryService::Impl::getChallenge(const HttpRequest&, Reply reply) {
    const unsigned difficulty = currentDifficulty();
    wire::Challenge challenge{m_challenges.issue(difficulty, m_clock.nowSeconds()), difficulty,
                              static_cast<std::uint32_t>(ChallengeIssuer::kLifetimeSeconds)};
    reply(json(200, wire::encodeChallenge(challenge)));
}

void DirectoryService::Impl::postRegistration(const HttpRequest& request, Reply reply) {
    const std::int64_t now = m_clock.nowSeconds();
    auto refuse = [&](const core::Error& error) {
        ++m_counters.registrationsRefused;
        reply(errorResponse(error));
    };
    auto signedPayload = wire::decodeSignedPayload(request.body);
    if (!signedPayload)
        return refuse(signedPayload.error());
    // The challenge first: it costs one MAC, where the chain and the signature cost more.
    auto registration = wire::decodeRegistration(signedPayload->payload);
    if (!registration)
        return refuse(registration.error());
    auto difficulty = m_challenges.check(registration->challenge, now);
    if (!difficulty)
        return refuse(difficulty.error());
    if (!wire::proofMeets(registration->challenge, signedPayload->payload, signedPayload->proof,
                          *difficulty))
        return refuse(core::makeError(DirectoryErrc::WeakProof,
                                      "the proof of work does not meet difficulty " +
                                          std::to_string(*difficulty)));
    auto verified = wire::verifyRegistration(*signedPayload);
    if (!verified)
        return refuse(verified.error());

    RelayRecord record;
    record.fingerprint = core::base64UrlEncode(verified->fingerprint);
    record.source = core::net::enclosingNetwork(request.peer, 32, 64).text();
    record.site = core::net::enclosingNetwork(request.peer, 24, 48).text();
    if (!m_registry.hasRoomFor(record.fingerprint, record.source, record.site))
        return refuse(core::makeError(DirectoryErrc::TooManyRelays,
                                      "this address already registered its share of relays"));
    if (auto used = m_challenges.use(registration->challenge, now); !used)
        return refuse(used.error());
    {
        std::lock_guard lock(m_loadMutex);
        m_recentRegistrations.push_back(now);
    }
    record.signedRegistration = std::move(signedPayload).value();
    record.registration = std::move(verified->registration);
    record.signingKey = std::move(verified->signingKey);
    if (!startOrQueueDialBack(std::move(record), reply)) {
        ++m_counters.probeQueueFull;
        ++m_counters.registrationsRefused;
        reply(retryLater(std::chrono::seconds(60), 503));
    }
}

void DirectoryService::Impl::admitAfterDialBack(RelayRecord record, Reply reply) {
    const std::string address = record.registration.address;
    const auto started = std::chrono::steady_clock::now();
    probe(address, [self = shared_from_this(), record = std::move(record), reply = std::move(reply),
                    started](std::optional<std::uint32_t> rtt) mutable {
        if (!rtt) {
            // Nothing about why, and not before the probe's deadline: neither the words nor
            // the time of the answer may tell a stranger what is at an address (a closed port,
            // something that is not TLS, another relay).
            ++self->m_counters.dialBacksFailed;
            ++self->m_counters.registrationsRefused;
            auto timer = std::make_shared<boost::asio::steady_timer>(self->m_io);
            timer->expires_at(started + kProbeTimeout);
            timer->async_wait([timer, reply = std::move(reply)](const boost::system::error_code&) {
                reply(errorResponse(core::makeError(
                    DirectoryErrc::Unreachable,
                    "the directory could not complete an SMP handshake and PING with the relay "
                    "at its published address")));
            });
            return;
        }
        const std::int64_t now = self->m_clock.nowSeconds();
        const bool known = self->m_registry.find(record.fingerprint).has_value();
        RelayRecord admitted = self->m_registry.admit(std::move(record), *rtt, now);
        // On disk before the answer: a 201 is never lost to a crash; and nothing stays listed
        // that the disk did not take.
        if (auto saved = self->m_store->save(admitted); !saved) {
            if (!known)
                self->m_registry.forget(admitted.fingerprint);
            return reply(errorResponse(
                core::makeError(DirectoryErrc::Server, "the directory could not store it")));
        }
        ++self->m_counters.registrationsAccepted;
        reply(json(201, wire::encodeListedRelay(self->answerFor(admitted, now))));
    });
}

void DirectoryService::Impl::postHeartbeat(const HttpRequest& request,
                                           const std::string& fingerprint, Reply reply) {
    const std::int64_t now = m_clock.nowSeconds();
    auto refuse = [&](const core::Error& error) {
        ++m_counters.heartbeatsRefused;
        reply(errorResponse(error));
    };
    auto signedPayload = wire::decodeSignedPayload(request.body);
    if (!signedPayload)
        return refuse(signedPayload.error());
    auto heartbeat = wire::decodeHeartbeat(signedPayload->payload);
    if (!heartbeat)
        return refuse(heartbeat.error());
    if (heartbeat->fingerprint != fingerprint)
        return refuse(core::makeError(DirectoryErrc::BadRequest,
                                      "the heartbeat is for another relay than its path"));
    auto record = m_registry.find(fingerprint);
    if (!record)
        return refuse(core::makeError(DirectoryErrc::UnknownRelay,
                                      "no relay with this fingerprint is registered; register"));
    if (auto difficulty = m_challenges.check(heartbeat->challenge, now); !difficulty)
        return refuse(difficulty.error());
    if (!wire::verifyHeartbeat(*signedPayload, record->signingKey))
        return refuse(core::makeError(DirectoryErrc::BadSignature,
                                      "the heartbeat's signature does not verify with the key "
                                      "the relay registered"));
    if (auto used = m_challenges.use(heartbeat->challenge, now); !used)
        return refuse(used.error());
    auto updated = m_registry.heartbeat(fingerprint, now);
    if (!updated)
        return refuse(core::makeError(DirectoryErrc::UnknownRelay, "the relay was delisted"));
    ++m_counters.heartbeats;
    save(*updated);
    reply(json(200, wire::encodeListedRelay(answerFor(*updated, now))));
}

void DirectoryService::Impl::getRelays(const HttpRequest& request, Reply reply) {
    auto target = boost::urls::parse_origin_form(request.target);
    auto query = wire::parseRelayQuery(target->encoded_query());
    if (!query)
        return reply(errorResponse(query.error()));
    ++m_counters.queries;
    reply(json(200, wire::encodeRelayList(m_registry.query(query->count, query->region,
                                                           query->excludeFingerprints))));
}

void DirectoryService::Impl::getRelay(const std::string& fingerprint, Reply reply) {
    auto record = m_registry.find(fingerprint);
    if (!record)
        return reply(errorResponse(
            core::makeError(DirectoryErrc::UnknownRelay, "no such relay is registered")));
    reply(json(200, wire::encodeListedRelay(m_registry.listed(*record, m_clock.nowSeconds()))));
}

void DirectoryService::Impl::getRegistrations(const HttpRequest& request, Reply reply) {
    auto target = boost::urls::parse_origin_form(request.target);
    unsigned count = wire::kMaxRegistrationPage;
    std::string after;
    for (auto param : target->params()) {
        const std::string value(param.value);
        if (param.key == "count") {
            char* end = nullptr;
            const unsigned long n = std::strtoul(value.c_str(), &end, 10);
            if (value.empty() || *end != '\0' || n == 0 || n > wire::kMaxRegistrationPage)
                return reply(errorResponse(core::makeError(
                    DirectoryErrc::BadRequest,
                    "count must be a number 1-" + std::to_string(wire::kMaxRegistrationPage))));
            count = static_cast<unsigned>(n);
        } else if (param.key == "after" && value.size() <= 64) {
            after = value;
        } else {
            return reply(errorResponse(
                core::makeError(DirectoryErrc::BadRequest, "unknown or bad parameter")));
        }
    }
    reply(json(200, wire::encodeRegistrationPage(m_registry.registrations(after, count))));
}

void DirectoryService::Impl::getPage(Reply reply) {
    PageView view;
    view.address = address();
    view.now = m_clock.nowSeconds();
    view.relays = m_registry.all(view.now);
    reply(HttpResponse{200, "text/html; charset=utf-8", formatDirectoryPage(view), {}});
}

void DirectoryService::Impl::getMetrics(Reply reply) {
    MetricsView view;
    view.stats = stats();
    view.uptimeSeconds = m_clock.nowSeconds() - m_startedAt;
    view.heartbeatsRefused = m_counters.heartbeatsRefused;
    view.dialBacksFailed = m_counters.dialBacksFailed;
    view.probeQueueFull = m_counters.probeQueueFull;
    view.probesRunning = m_probesRunning;
    {
        std::lock_guard lock(m_dialBackMutex);
        view.dialBacksWaiting = m_waitingDialBacks.size();
    }
    view.federatedAdmitted = m_counters.federatedAdmitted;
    view.federatedRefused = m_counters.federatedRefused;
    view.difficulty = currentDifficulty();
    view.connectionsNow = RelayCounters::read(m_connectionCounters.connectionsNow);
    view.connectionsRefused = RelayCounters::read(m_connectionCounters.connectionsRefused);
    view.acceptErrors = RelayCounters::read(m_connectionCounters.acceptErrors);
    view.handshakeFailures = RelayCounters::read(m_connectionCounters.handshakeFailures);
    reply(HttpResponse{
        200, "text/plain; version=0.0.4; charset=utf-8", formatDirectoryMetrics(view), {}});
}

} // namespace ferry::relay::directory
