// The dial-back checker played by an attacker: it must not be a scanner of the relay's own
// machine or network, nor tell one kind of closed door from another, nor let one network
// use up everyone's checks.
#include "free_port.h"
#include "node/node_errc.h"
#include "node/reachability_check.h"
#include "relay/node/dial_back_checker.h"
#include "relay_fixture.h"
#include "smp/server_address.h"

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <future>
#include <thread>

using namespace ferry;
using namespace ferry::test;
using namespace std::chrono_literals;
namespace asio = boost::asio;
namespace node = core::node;
namespace msg = core::node::msg;
using asio::ip::tcp;

namespace {

constexpr auto kAskTimeout = 5000ms;
const std::string kNoDetail = "no relay answered as that address";

// Something listening on loopback that is not a relay, counting who comes.
class Listener {
public:
    enum class Kind { Silent, Http, Close };

    explicit Listener(Kind kind, const char* address = "127.0.0.1")
        : m_kind(kind), m_acceptor(m_io, tcp::endpoint(asio::ip::make_address(address), 0)) {
        accept();
        m_thread = std::thread([this] { m_io.run(); });
    }
    ~Listener() {
        m_io.stop();
        m_thread.join();
    }

    std::uint16_t port() const { return m_acceptor.local_endpoint().port(); }
    int accepted() const { return m_accepted.load(); }

private:
    void accept() {
        m_acceptor.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
            if (ec)
                return;
            ++m_accepted;
            auto held = std::make_shared<tcp::socket>(std::move(socket));
            if (m_kind == Kind::Silent)
                m_held.push_back(held);
            else if (m_kind == Kind::Http)
                asio::async_write(*held, asio::buffer(kHttp, sizeof kHttp - 1),
                                  [held](auto, auto) { held->close(); });
            accept();
        });
    }

    static constexpr char kHttp[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";
    Kind m_kind;
    asio::io_context m_io;
    tcp::acceptor m_acceptor;
    std::vector<std::shared_ptr<tcp::socket>> m_held;
    std::atomic<int> m_accepted{0};
    std::thread m_thread;
};

// The address of a relay that would be at `host`:`port`, with `like`'s fingerprint.
std::string addressAt(const relay::RelayServer& like, const std::string& host, std::uint16_t port) {
    auto address = std::move(core::smp::parseServerAddress(like.address())).value();
    auto parsed = core::smp::parseTransportHost(host);
    if (!parsed)
        qFatal("not a host: %s", host.c_str());
    address.hosts = {std::move(parsed).value()};
    address.port = port;
    return core::smp::formatServerAddress(address);
}

bool hasIpv6Loopback() {
    asio::io_context io;
    tcp::acceptor acceptor(io);
    boost::system::error_code ec;
    acceptor.open(tcp::v6(), ec);
    if (!ec)
        acceptor.bind(tcp::endpoint(asio::ip::make_address("::1"), 0), ec);
    return !ec;
}

void strict(relay::RelayConfig& c) {
    c.checkAllowNetworks.clear(); // as on the internet
    c.checkTimeout = 1s;
}

// A DialBackChecker on an io_context of its own thread, asked directly as a peer would be.
class DirectChecker {
public:
    DirectChecker(relay::CheckLimits limits, std::vector<core::net::IpNetwork> allowed = {})
        : m_work(asio::make_work_guard(m_io)),
          m_checker(m_io, limits, std::make_shared<core::net::DialPolicy>(std::move(allowed))) {
        m_thread = std::thread([this] { m_io.run(); });
    }
    ~DirectChecker() {
        // A probe stopped half-way would hold its connection forever: let them end first.
        for (int i = 0; i < 200 && m_checker.running() != 0; ++i)
            std::this_thread::sleep_for(50ms);
        m_work.reset();
        m_io.stop();
        m_thread.join();
    }

    std::future<node::NodeMessage> ask(const std::string& peer, const std::string& address) {
        auto promise = std::make_shared<std::promise<node::NodeMessage>>();
        auto answer = promise->get_future();
        m_checker.check(peer, address,
                        [promise](node::NodeMessage m) { promise->set_value(std::move(m)); });
        return answer;
    }

    static bool busy(const node::NodeMessage& m) {
        const auto* refused = std::get_if<msg::Refused>(&m);
        return refused && refused->reason.find("too many checks") != std::string::npos;
    }

private:
    asio::io_context m_io;
    asio::executor_work_guard<asio::io_context::executor_type> m_work;
    relay::DialBackChecker m_checker;
    std::thread m_thread;
};

} // namespace

class TestDialBackChecker : public QObject {
    Q_OBJECT

private slots:
    // The relay's own machine and private networks are out of reach, by address or by a
    // name that resolves there; nothing even gets a TCP connection.
    void neverDialsLoopbackOrPrivateAddresses() {
        RelayFixture first(strict), second(strict);
        RelayFixture nodeRelay;
        Listener v4(Listener::Kind::Silent);
        std::vector<std::string> targets = {
            nodeRelay.server().address(), // a real relay, on loopback
            addressAt(nodeRelay.server(), "127.0.0.1", v4.port()),
            addressAt(nodeRelay.server(), "localhost", v4.port()),
            addressAt(nodeRelay.server(), "::ffff:127.0.0.1", v4.port()),
            addressAt(nodeRelay.server(), "169.254.169.254", 80),
            addressAt(nodeRelay.server(), "10.255.255.1", 80),
        };
        std::unique_ptr<Listener> v6;
        if (hasIpv6Loopback()) {
            v6 = std::make_unique<Listener>(Listener::Kind::Silent, "::1");
            targets.push_back(addressAt(nodeRelay.server(), "::1", v6->port()));
        }
        for (std::size_t i = 0; i < targets.size(); ++i) {
            // A few checks per checker: six a minute is all one address may ask.
            const std::string& target = targets[i];
            RelayFixture& checker = i < targets.size() / 2 ? first : second;
            auto result = node::checkReachability(checker.server().address(), target, kAskTimeout);
            QVERIFY2(result, result ? "" : result.error().message.c_str());
            QVERIFY2(!result->reachable, target.c_str());
            QCOMPARE(result->detail, kNoDetail);
        }
        QCOMPARE(v4.accepted(), 0);
        if (v6)
            QCOMPARE(v6->accepted(), 0);

        // The same relay allowed to dial loopback (a lab) reaches the node: the refusal above
        // was the address policy, not a broken check.
        RelayFixture lab([](relay::RelayConfig& c) { c.checkTimeout = 1s; });
        auto reached = node::checkReachability(lab.server().address(), nodeRelay.server().address(),
                                               kAskTimeout);
        QVERIFY(reached && reached->reachable);
    }

    // A check names one host: a list of hosts is refused before anything is dialled.
    void aCheckNamesOneHost() {
        RelayFixture checker;
        Listener target(Listener::Kind::Silent);
        auto address = std::move(core::smp::parseServerAddress(checker.server().address())).value();
        address.hosts.clear();
        for (const char* host : {"127.0.0.1", "127.0.0.2", "127.0.0.3"})
            address.hosts.push_back(std::move(core::smp::parseTransportHost(host)).value());
        address.port = target.port();
        auto result = node::checkReachability(checker.server().address(),
                                              core::smp::formatServerAddress(address), kAskTimeout);
        QVERIFY(!result);
        QCOMPARE(result.error().code, std::error_code(node::NodeErrc::Refused));
        QVERIFY2(result.error().message.find("exactly one host") != std::string::npos,
                 result.error().message.c_str());
        QCOMPARE(target.accepted(), 0);
    }

    // Closed, silent, a web server, another relay: the same words, and none sooner than the
    // deadline, so neither the text nor the timing of the answer is a port scanner's oracle.
    void negativeAnswersAreAlikeInWordsAndTime() {
        RelayFixture checker([](relay::RelayConfig& c) { c.checkTimeout = 1s; });
        RelayFixture nodeRelay, other;
        Listener silent(Listener::Kind::Silent), http(Listener::Kind::Http),
            closing(Listener::Kind::Close);
        const std::uint16_t closedPort = freeLoopbackPort();
        const std::vector<std::string> targets = {
            addressAt(nodeRelay.server(), "127.0.0.1", closedPort),
            addressAt(nodeRelay.server(), "127.0.0.1", silent.port()),
            addressAt(nodeRelay.server(), "127.0.0.1", http.port()),
            addressAt(nodeRelay.server(), "127.0.0.1", closing.port()),
            addressAt(nodeRelay.server(), "127.0.0.1", other.server().port()), // impostor
        };
        for (const std::string& target : targets) {
            const auto started = std::chrono::steady_clock::now();
            auto result = node::checkReachability(checker.server().address(), target, kAskTimeout);
            const auto took = std::chrono::steady_clock::now() - started;
            QVERIFY2(result, result ? "" : result.error().message.c_str());
            QVERIFY(!result->reachable);
            QCOMPARE(result->detail, kNoDetail);
            QVERIFY2(took >= 950ms, target.c_str());
        }
        QCOMPARE(http.accepted(), 1);
        QCOMPARE(closing.accepted(), 1);
    }

    // Rotating through an IPv6 /64 does not get past the per-minute limit.
    void theRateLimitCountsAnIpv6Slash64AsOne() {
        relay::CheckLimits limits;
        limits.perMinutePerNetwork = 2;
        limits.timeout = 200ms;
        DirectChecker checker(limits);
        const std::string target = "smp://AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=@127.0.0.1:9";
        QVERIFY(!DirectChecker::busy(checker.ask("2001:db8:1::1", target).get()));
        QVERIFY(!DirectChecker::busy(checker.ask("2001:db8:1::2", target).get()));
        QVERIFY(DirectChecker::busy(checker.ask("2001:db8:1:0:ffff::9", target).get()));
        QVERIFY(!DirectChecker::busy(checker.ask("2001:db8:2::1", target).get())); // another /64
        QVERIFY(!DirectChecker::busy(checker.ask("192.0.2.1", target).get()));
        QVERIFY(!DirectChecker::busy(checker.ask("192.0.2.2", target).get())); // IPv4: per address
        QCOMPARE(relay::limitNetwork("2001:db8:1::5"), std::string("2001:db8:1::/64"));
        QCOMPARE(relay::limitNetwork("::ffff:192.0.2.1"), std::string("192.0.2.1"));
    }

    // A full table refuses newcomers; it never forgets everyone's history at once.
    void aFullTableDoesNotResetTheLimit() {
        relay::CheckLimits limits;
        limits.perMinutePerNetwork = 1;
        limits.trackedNetworks = 3;
        limits.timeout = 200ms;
        DirectChecker checker(limits);
        const std::string target = "smp://AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=@127.0.0.1:9";
        for (const char* peer : {"192.0.2.1", "192.0.2.2", "192.0.2.3"})
            QVERIFY(!DirectChecker::busy(checker.ask(peer, target).get()));
        QVERIFY(DirectChecker::busy(checker.ask("192.0.2.4", target).get()));
        QVERIFY(DirectChecker::busy(checker.ask("192.0.2.1", target).get()));
    }

    // Checks in flight are bounded per network and overall, and a slot comes back when its
    // check ends.
    void checksAtOnceAreBounded() {
        Listener silent(Listener::Kind::Silent);
        relay::CheckLimits limits;
        limits.atOncePerNetwork = 1;
        limits.atOnce = 2;
        limits.timeout = 500ms;
        DirectChecker checker(limits,
                              {core::net::IpNetwork{asio::ip::make_address("127.0.0.0"), 8}});
        const std::string target = "smp://AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=@127.0.0.1:" +
                                   std::to_string(silent.port());
        auto first = checker.ask("192.0.2.1", target);
        QVERIFY(DirectChecker::busy(checker.ask("192.0.2.1", target).get()));
        auto second = checker.ask("192.0.2.2", target);
        QVERIFY(DirectChecker::busy(checker.ask("192.0.2.3", target).get()));
        for (auto* answer : {&first, &second}) {
            auto result = answer->get();
            QVERIFY(std::holds_alternative<msg::CheckResult>(result));
            QVERIFY(!std::get<msg::CheckResult>(result).reachable);
        }
        // The probes end a little after their answers (their own timeouts).
        bool admitted = false;
        for (int i = 0; i < 100 && !admitted; ++i) {
            admitted = !DirectChecker::busy(checker.ask("192.0.2.3", target).get());
            if (!admitted)
                std::this_thread::sleep_for(100ms);
        }
        QVERIFY(admitted);
    }
};

QTEST_GUILESS_MAIN(TestDialBackChecker)
#include "test_dial_back_checker.moc"
