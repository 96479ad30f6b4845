// The client's side of private routing (net/proxied_sender.h) against two real relays in this
// process: a proxy and a destination. What a sender sends arrives on the destination's
// queue, which sees a forwarded command from the proxy, not the sender; what goes wrong on
// the way is an error the sender can tell apart from the destination's own answer.
#include "../relay/relay_fixture.h"
#include "net/net_errc.h"
#include "net/proxied_sender.h"
#include "net/smp_client.h"
#include "smp/server_address.h"

#include <QtTest>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <future>
#include <thread>

using namespace ferry;
using namespace std::chrono_literals;
namespace asio = boost::asio;
namespace net = core::net;
namespace smp = core::smp;
namespace crypto = core::crypto;
using core::Bytes;
using core::Result;
using test::TestQueue;

namespace {

/// One network thread, as the client engine has: the sender lives on it.
class NetworkThread {
public:
    NetworkThread() : m_guard(asio::make_work_guard(io)), m_thread([this] { io.run(); }) {}
    ~NetworkThread() {
        m_guard.reset();
        io.stop();
        m_thread.join();
    }
    /// Runs `task` on the network thread and waits for it.
    template <typename Task> void run(Task task) {
        std::promise<void> done;
        asio::post(io, [&] {
            task();
            done.set_value();
        });
        done.get_future().wait();
    }
    asio::io_context io;

private:
    asio::executor_work_guard<asio::io_context::executor_type> m_guard;
    std::thread m_thread;
};

smp::ServerAddress addressOf(test::RelayFixture& relay) {
    return smp::parseServerAddress(relay.server().address()).value();
}

/// A client of the proxy relay with a ProxiedSender over it, both on the network thread.
struct Sender {
    explicit Sender(test::RelayFixture& proxyRelay) {
        net::SmpClientConfig config;
        config.server = addressOf(proxyRelay);
        config.connectTimeout = 3s;
        config.commandTimeout = 5s;
        config.backoffMin = 50ms;
        config.backoffMax = 200ms;
        thread.run([&] {
            client =
                std::make_shared<net::SmpClient>(thread.io, config, net::SmpClient::Callbacks{});
            client->start();
            sender = std::make_unique<net::ProxiedSender>(client);
        });
    }
    ~Sender() {
        thread.run([&] {
            sender.reset();
            client->stop();
        });
    }

    Result<smp::Response> send(const smp::ServerAddress& destination, const Bytes& entityId,
                               smp::Command command, std::optional<net::AuthKey> key) {
        auto promise = std::make_shared<std::promise<Result<smp::Response>>>();
        auto answer = promise->get_future();
        thread.run([&] {
            sender->send(destination, entityId, std::move(command), std::move(key),
                         [promise](Result<smp::Response> r) { promise->set_value(std::move(r)); });
        });
        if (answer.wait_for(20s) != std::future_status::ready)
            return core::makeError(test::TestClientErrc::NoAnswer, "the handler was not called");
        return answer.get();
    }

    NetworkThread thread;
    std::shared_ptr<net::SmpClient> client;
    std::unique_ptr<net::ProxiedSender> sender;
};

bool isNetError(const Result<smp::Response>& r, net::NetErrc code) {
    return !r && r.error().code == make_error_code(code);
}

Bytes text(const char* s) {
    return core::toBytes(s);
}

/// A proxy relay, a destination relay with a secured queue on it, and its recipient.
struct Route {
    test::RelayFixture proxy;
    test::RelayFixture destination;
    std::unique_ptr<test::TestSmpClient> recipient = destination.connect({6, 18});
    TestQueue queue;

    Route() {
        if (!test::createQueue(*recipient, queue, /*subscribe*/ true, /*secure*/ true))
            qFatal("queue not created");
    }
    Result<smp::Response> send(Sender& sender, const char* body) {
        return sender.send(addressOf(destination), queue.senderId,
                           smp::cmd::Send{false, text(body)}, net::AuthKey{queue.senderKey});
    }
    /// The next message on the queue is `body`; acknowledged.
    bool received(const char* body) {
        auto pushed = recipient->awaitPush();
        if (!test::messageIs(queue, pushed, text(body)))
            return false;
        const auto& msg = std::get<smp::rsp::Msg>(pushed->response);
        return test::isOk(recipient->call(queue.recipientId, smp::cmd::Ack{msg.msgId},
                                          test::Signer{&queue.recipientKey}));
    }
};

} // namespace

class TestProxiedSender : public QObject {
    Q_OBJECT

private slots:
    void messagesReachTheQueueThroughTheProxy() {
        Route r;
        Sender sender(r.proxy);
        for (const char* body : {"first", "second"}) {
            auto answer = r.send(sender, body);
            QVERIFY2(test::isOk(answer), test::describe(answer));
            QVERIFY(r.received(body));
        }
        // One session served both; the destination saw the proxy forward, not the sender.
        QCOMPARE(r.proxy.server().stats().proxySessions, 1u);
        QCOMPARE(r.proxy.server().stats().proxiedForwards, 2u);
        QCOMPARE(r.destination.server().stats().forwardedCommands, 2u);
        QCOMPARE(r.destination.server().stats().messagesSent, 2u);
    }

    void theDestinationsRefusalIsItsAnswer() {
        // The queue is secured with the sender's key: another key is the destination's
        // ERR AUTH, carried back sealed, not a failure of the route.
        Route r;
        Sender sender(r.proxy);
        const auto stranger = crypto::Ed25519KeyPair::generate();
        auto answer = sender.send(addressOf(r.destination), r.queue.senderId,
                                  smp::cmd::Send{false, text("forged")}, net::AuthKey{stranger});
        QVERIFY2(test::isError(answer, smp::ErrorType::Kind::Auth), test::describe(answer));
        QCOMPARE(r.destination.server().stats().messagesSent, 0u);
    }

    void aDestinationThatIsNotWhoItsAddressSaysIsNotSentTo() {
        Route r;
        Sender sender(r.proxy);
        auto impostor = addressOf(r.destination);
        impostor.keyHash = crypto::randomBytes(32);
        auto answer = sender.send(impostor, r.queue.senderId, smp::cmd::Send{false, text("x")},
                                  net::AuthKey{r.queue.senderKey});
        QVERIFY2(isNetError(answer, net::NetErrc::Proxy), test::describe(answer));
        QCOMPARE(r.destination.server().stats().messagesSent, 0u);
    }

    void aProxyThatRefusesIsAProxyError() {
        test::RelayFixture proxy([](relay::RelayConfig& c) { c.proxy = false; });
        test::RelayFixture destination;
        Sender sender(proxy);
        auto answer = sender.send(addressOf(destination), crypto::randomBytes(24),
                                  smp::cmd::Send{false, text("x")}, std::nullopt);
        QVERIFY2(isNetError(answer, net::NetErrc::Proxy), test::describe(answer));
        QVERIFY(answer.error().message.find("PROXY") != std::string::npos);
    }

    void aProxyThatRestartedGivesANewSession() {
        // The proxy forgets its sessions when it restarts: NO_SESSION, then PRXY again.
        Route r;
        Sender sender(r.proxy);
        QVERIFY(test::isOk(r.send(sender, "before")));
        QVERIFY(r.received("before"));
        r.proxy.stopServer();
        r.proxy.startOnSamePort();
        auto answer = r.send(sender, "after");
        for (int i = 0; i < 20 && isNetError(answer, net::NetErrc::Network); ++i)
            answer = r.send(sender, "after"); // the client's reconnect may still be under way
        QVERIFY2(test::isOk(answer), test::describe(answer));
        QVERIFY(r.received("after"));
        QCOMPARE(r.proxy.server().stats().proxySessions, 1u); // the restarted relay's count
    }

    void anUnreachableProxyIsANetworkError() {
        Route r;
        const auto destination = addressOf(r.destination);
        Sender sender(r.proxy);
        r.proxy.stopServer();
        auto answer = sender.send(destination, r.queue.senderId, smp::cmd::Send{false, text("x")},
                                  net::AuthKey{r.queue.senderKey});
        QVERIFY2(!answer && (isNetError(answer, net::NetErrc::Timeout) ||
                             isNetError(answer, net::NetErrc::Network)),
                 test::describe(answer));
        QCOMPARE(r.destination.server().stats().messagesSent, 0u);
    }
};

QTEST_GUILESS_MAIN(TestProxiedSender)
#include "test_proxied_sender.moc"
