#include "bench_directory_relays.h"

#include "crypto/certificate_issuer.h"
#include "relay/directory/challenge_issuer.h"
#include "smp/server_address.h"
#include "util/base64.h"

#include <boost/asio/write.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>

namespace ferry::bench {

namespace asio = boost::asio;
namespace wire = core::directory;
using asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

const std::vector<std::string> kRegions{"",        "eu-west", "eu-central", "us-east",
                                        "us-west", "ap-east", "sa-east",    "af-south"};

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

relay::RelayIdentity makeIdentity(const std::string& host) {
    using namespace core::crypto;
    auto caKey = SigningKey::generate(KeyAlgorithm::Ed25519);
    auto onlineKey = SigningKey::generate(KeyAlgorithm::Ed25519);
    if (!caKey || !onlineKey)
        die("cannot generate keys");
    CertificateOptions caOptions;
    caOptions.commonName = "Ferry relay CA";
    auto ca = issueCaCertificate(*caKey, caOptions);
    if (!ca)
        die("CA certificate: " + ca.error().message);
    CertificateOptions onlineOptions;
    onlineOptions.commonName = host;
    onlineOptions.dnsNames.push_back(host);
    auto online = issueOnlineCertificate(*onlineKey, *ca, *caKey, onlineOptions);
    if (!online)
        die("online certificate: " + online.error().message);
    const core::Bytes fingerprint = ca->fingerprintSha256();
    return relay::RelayIdentity{std::move(online).value(), std::move(ca).value(),
                                std::move(onlineKey).value(), fingerprint};
}

/// Copies from one socket to the other until either side ends, counting the bytes.
void pump(tcp::socket& from, tcp::socket& to, std::atomic<long>& count) {
    std::vector<char> buffer(1 << 16);
    boost::system::error_code ec;
    for (std::size_t n; (n = from.read_some(asio::buffer(buffer), ec)), !ec;) {
        count += long(n);
        if (asio::write(to, asio::buffer(buffer.data(), n), ec); ec)
            break;
    }
    to.shutdown(tcp::socket::shutdown_send, ec);
}

} // namespace

void die(const std::string& what) {
    std::fprintf(stderr, "bench_directory: %s\n", what.c_str());
    std::exit(1);
}

wire::SignedPayload signRegistration(const relay::RelayIdentity& identity,
                                     const wire::Registration& registration) {
    auto signedPayload = wire::signPayload(
        wire::PayloadKind::Registration, wire::encodeRegistration(registration),
        [&](core::ByteView m) { return identity.onlineKey.sign(m); }, identity.chainDer());
    if (!signedPayload)
        die("signing: " + signedPayload.error().message);
    return std::move(signedPayload).value();
}

std::string fakeHost(std::size_t i) {
    return "10." + std::to_string((i >> 16) & 255) + "." + std::to_string((i >> 8) & 255) + "." +
           std::to_string(i & 255);
}

wire::Registration registrationFor(const relay::RelayIdentity& identity, const std::string& host,
                                   std::uint16_t port, const std::string& region,
                                   const std::string& challenge) {
    core::smp::ServerAddress address;
    address.keyHash = identity.fingerprint;
    address.hosts.push_back(*core::smp::parseTransportHost(host));
    address.port = port;
    wire::Registration registration;
    registration.address = core::smp::formatServerAddress(address);
    registration.region = region;
    registration.challenge = challenge;
    registration.signedAt = kNow;
    return registration;
}

Population makePopulation(std::size_t n) {
    Population p;
    std::minstd_rand rng(1);
    auto uniform = [&](double lo, double hi) {
        return std::uniform_real_distribution<double>(lo, hi)(rng);
    };
    relay::directory::ChallengeIssuer issuer;
    const std::string challenge = issuer.issue(16, kNow - 3600);
    auto start = Clock::now();
    for (std::size_t i = 0; i < n; ++i)
        p.identities.push_back(makeIdentity(fakeHost(i)));
    const double identitySeconds = secondsSince(start);
    start = Clock::now();
    for (std::size_t i = 0; i < n; ++i) {
        relay::directory::RelayRecord r;
        const auto& id = p.identities[i];
        r.registration =
            registrationFor(id, fakeHost(i), 5223, kRegions[i % kRegions.size()], challenge);
        r.signedRegistration = signRegistration(id, r.registration);
        r.fingerprint = core::base64UrlEncode(id.fingerprint);
        r.signingKey = id.onlineKey.publicKey();
        r.source = fakeHost(i) + "/32";
        r.site = fakeHost(i & ~std::size_t(255)) + "/24";
        const bool probation = rng() % 100 < 15;
        r.state = probation ? relay::directory::RelayRecord::State::Probation
                            : relay::directory::RelayRecord::State::Listed;
        r.admittedAt = kNow - static_cast<std::int64_t>(probation ? uniform(600, 80'000)
                                                                  : uniform(90'000, 60 * 86'400));
        r.lastHeartbeat = kNow - static_cast<std::int64_t>(uniform(0, 2000));
        r.lastProbe = r.lastProbeOk = kNow - static_cast<std::int64_t>(uniform(0, 600));
        r.tried = 40;
        r.answered = r.tried * uniform(0.7, 1.0);
        r.rttMs = static_cast<std::uint32_t>(uniform(10, 400));
        r.provenUptimeSeconds = (r.lastProbe - r.admittedAt) * 9 / 10;
        p.records.push_back(std::move(r));
    }
    std::printf("%zu relay identities (CA + online Ed25519 keys and certificates): %.2f s; "
                "signing their registrations: %.2f s (%.0f us each)\n",
                n, identitySeconds, secondsSince(start), secondsSince(start) / double(n) * 1e6);
    return p;
}

LocalRelay::LocalRelay(const std::filesystem::path& dir) {
    relay::RelayInitOptions init;
    init.dataDir = dir;
    init.host = "127.0.0.1";
    if (auto created = relay::initRelayData(init); !created)
        die("relay init: " + created.error().message);
    auto config = *relay::loadRelayConfig(dir);
    config.listenAddress = "127.0.0.1";
    config.port = 0;
    auto made =
        relay::RelayServer::create(config, std::move(relay::loadRelayIdentity(dir)).value(), clock);
    if (!made)
        die("relay: " + made.error().message);
    server = std::move(made).value();
    if (auto started = server->start(); !started)
        die("relay start: " + started.error().message);
}

LocalRelay::~LocalRelay() {
    server->stop();
}

CountingProxy::CountingProxy(std::uint16_t target)
    : m_acceptor(m_io, {asio::ip::make_address("127.0.0.1"), 0}), m_target(target),
      m_thread([this] { run(); }) {}

CountingProxy::~CountingProxy() {
    m_stop = true;
    tcp::socket wake(m_io); // the accept in run() returns and sees m_stop
    boost::system::error_code ec;
    wake.connect(m_acceptor.local_endpoint(), ec);
    m_thread.join();
}

void CountingProxy::run() {
    while (!m_stop) {
        tcp::socket client(m_io), relay(m_io);
        boost::system::error_code ec;
        m_acceptor.accept(client, ec);
        if (!ec && !m_stop)
            relay.connect({asio::ip::make_address("127.0.0.1"), m_target}, ec);
        if (ec || m_stop)
            continue;
        std::thread upstream([&] { pump(client, relay, up); });
        pump(relay, client, down);
        upstream.join();
    }
}

} // namespace ferry::bench
