// The relay's HTTP status endpoint: rate arithmetic with explicit times, the Prometheus and
// JSON formats, and /metrics and /status served by a real relay on loopback.
#include "free_port.h"
#include "promtool.h"
#include "relay/relay_errc.h"
#include "relay/status/rate_sampler.h"
#include "relay/status/status_format.h"
#include "relay/status/status_service.h"
#include "relay_fixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <algorithm>
#include <arpa/inet.h>
#include <boost/asio/io_context.hpp>
#include <cctype>
#include <map>
#include <netinet/in.h>
#include <set>
#include <sstream>
#include <sys/socket.h>
#include <sys/time.h>
#include <thread>
#include <unistd.h>

using namespace ferry;
using namespace ferry::test;
using relay::RateCounters;
using relay::RateSampler;
using relay::WindowRates;
using namespace std::chrono_literals;

namespace {

RateSampler::Time at(double seconds) {
    return RateSampler::Time(static_cast<std::int64_t>(seconds * 1000));
}

RateCounters counters(std::uint64_t bytesIn, std::uint64_t messagesSent = 0) {
    RateCounters c;
    c.bytesIn = bytesIn;
    c.bytesOut = 2 * bytesIn;
    c.transmissionsIn = bytesIn / 10;
    c.transmissionsOut = bytesIn / 5;
    c.messagesSent = messagesSent;
    c.messagesDelivered = messagesSent / 2;
    return c;
}

WindowRates window(const std::vector<WindowRates>& rates, std::string_view name) {
    auto it = std::find_if(rates.begin(), rates.end(),
                           [&](const WindowRates& r) { return r.window == name; });
    if (it == rates.end())
        qFatal("no window %s", std::string(name).c_str());
    return *it;
}

bool near(double a, double b) {
    return std::abs(a - b) < 1e-6;
}

/// A socket that closes with its owner.
class Fd {
public:
    explicit Fd(int fd) : m_fd(fd) {}
    ~Fd() {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    Fd(Fd&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return m_fd; }

private:
    int m_fd;
};

sockaddr_in loopback(std::uint16_t port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
}

Fd connectTo(std::uint16_t port) {
    Fd fd(::socket(AF_INET, SOCK_STREAM, 0));
    timeval timeout{5, 0};
    ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    sockaddr_in address = loopback(port);
    if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
        qFatal("connect to 127.0.0.1:%u failed", port);
    return fd;
}

// For racing a stopping relay: a refused connection is not a failure there.
bool tryScrape(std::uint16_t port) {
    Fd fd(::socket(AF_INET, SOCK_STREAM, 0));
    timeval timeout{5, 0};
    ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    sockaddr_in address = loopback(port);
    if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
        return false;
    const std::string request = "GET /status HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";
    ::send(fd.get(), request.data(), request.size(), MSG_NOSIGNAL);
    char buffer[4096];
    while (::recv(fd.get(), buffer, sizeof buffer, 0) > 0) {
    }
    return true;
}

struct RawReply {
    std::string data;
    bool eof = false; ///< the peer closed (rather than a timeout)
};

RawReply readAll(int fd) {
    RawReply r;
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n > 0) {
            r.data.append(buffer, static_cast<std::size_t>(n));
            continue;
        }
        r.eof = n == 0 || errno == ECONNRESET;
        return r;
    }
}

RawReply roundTrip(std::uint16_t port, const std::string& request) {
    Fd fd = connectTo(port);
    ::send(fd.get(), request.data(), request.size(), MSG_NOSIGNAL);
    return readAll(fd.get());
}

struct HttpReply {
    int status = 0;
    std::map<std::string, std::string> headers; ///< lower-case names
    std::string body;
};

HttpReply parseReply(const std::string& text) {
    HttpReply reply;
    const auto headerEnd = text.find("\r\n\r\n");
    if (headerEnd == std::string::npos)
        return reply;
    std::istringstream head(text.substr(0, headerEnd));
    std::string line;
    std::getline(head, line);
    if (line.rfind("HTTP/1.1 ", 0) == 0)
        reply.status = std::stoi(line.substr(9, 3));
    while (std::getline(head, line)) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        const auto colon = line.find(':');
        if (colon == std::string::npos)
            continue;
        std::string name = line.substr(0, colon);
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        reply.headers[name] = line.substr(line.find_first_not_of(' ', colon + 1));
    }
    reply.body = text.substr(headerEnd + 4);
    return reply;
}

HttpReply request(std::uint16_t port, const std::string& method, const std::string& target,
                  const std::string& extraHeaders = {}) {
    return parseReply(roundTrip(port, method + " " + target +
                                          " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" +
                                          extraHeaders + "\r\n")
                          .data);
}

relay::RelayStatsSnapshot sampleSnapshot() {
    relay::RelayStatsSnapshot s;
    s.startedAt = 1'700'000'000;
    s.uptimeSeconds = 40;
    s.connectionsNow = 3;
    s.connectionsTotal = 7;
    s.handshakeFailures = 1;
    s.bytesIn = 4000;
    s.bytesOut = 8000;
    s.transmissionsIn = 40;
    s.transmissionsOut = 80;
    s.queuesCreated = 5;
    s.queuesSecured = 4;
    s.queuesDeleted = 1;
    s.queuesActive = 4;
    s.messagesSent = 12;
    s.messagesDelivered = 10;
    s.messagesExpired = 2;
    s.messagesStored = 2;
    s.storageBytes = 33000;
    s.authFailures = 6;
    s.forwardedCommands = 14;
    s.proxySessions = 15;
    s.proxiedForwards = 16;
    s.proxyErrors = 17;
    s.connectionsRefused = 9;
    s.acceptErrors = 18;
    s.queuesReceivingLast24h = 3;
    s.throttledWaits = 11;
    s.throttledMicroseconds = 2'500'250;
    s.stalledWritersDropped = 13;
    s.connectionOutputPeak = 65536;
    return s;
}

// name -> value of every sample line; fails the test on any line that is neither a comment
// nor `name value`, or on a sample without HELP and TYPE.
std::map<std::string, std::string> parsePrometheus(const std::string& text,
                                                   std::map<std::string, std::string>* types) {
    static const QRegularExpression help("^# HELP (ferry_relay_[a-z0-9_]+) \\S.*$");
    static const QRegularExpression type("^# TYPE (ferry_relay_[a-z0-9_]+) (counter|gauge)$");
    static const QRegularExpression sample("^(ferry_relay_[a-z0-9_]+) (-?[0-9]+(\\.[0-9]+)?)$");
    std::map<std::string, std::string> values;
    std::set<std::string> helped;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        const QString q = QString::fromStdString(line);
        if (auto m = help.match(q); m.hasMatch()) {
            helped.insert(m.captured(1).toStdString());
        } else if (auto m = type.match(q); m.hasMatch()) {
            (*types)[m.captured(1).toStdString()] = m.captured(2).toStdString();
        } else if (auto m = sample.match(q); m.hasMatch()) {
            const std::string name = m.captured(1).toStdString();
            if (!helped.contains(name) || !types->contains(name))
                qWarning("sample %s has no HELP or TYPE before it", name.c_str());
            else
                values[name] = m.captured(2).toStdString();
        } else {
            qWarning("bad exposition line: '%s'", line.c_str());
            return {};
        }
    }
    return values;
}

} // namespace

class TestStatus : public QObject {
    Q_OBJECT

private slots:
    void ratesBeforeTwoSamplesUseUptime() {
        RateSampler sampler;
        auto rates = sampler.rates(counters(4000, 8), 40s);
        QCOMPARE(rates.size(), std::size_t{4});
        for (const auto& r : rates) {
            QCOMPARE(r.seconds, 40.0);
            QCOMPARE(r.bytesIn, 100.0);
            QCOMPARE(r.bytesOut, 200.0);
            QCOMPARE(r.transmissionsIn, 10.0);
            QCOMPARE(r.transmissionsOut, 20.0);
            QCOMPARE(r.messagesSent, 0.2);
            QCOMPARE(r.messagesDelivered, 0.1);
        }
        QVERIFY(sampler.add(at(0), counters(0)));
        QCOMPARE(window(sampler.rates(counters(4000), 40s), "1h").bytesIn, 100.0);
        // No uptime yet: no rate rather than a division by zero.
        const auto fresh = sampler.rates(counters(4000), 0s);
        QCOMPARE(window(fresh, "10s").seconds, 0.0);
        QCOMPARE(window(fresh, "10s").bytesIn, 0.0);
    }

    void ratesOverFullWindows() {
        RateSampler sampler;
        // 100 bytes/s and a message every 10 s, for 4000 s: the ring keeps the last hour.
        for (int t = 0; t < 4000; t += 10)
            QVERIFY(sampler.add(at(t), counters(100u * t, t / 10)));
        QCOMPARE(sampler.size(), RateSampler::kCapacity);
        const auto rates = sampler.rates(counters(999'999'999), 1000000s);
        const std::vector<std::pair<std::string_view, double>> expected{
            {"10s", 10}, {"1m", 60}, {"5m", 300}, {"1h", 3600}};
        for (std::size_t i = 0; i < expected.size(); ++i) {
            QCOMPARE(rates[i].window, expected[i].first);
            QCOMPARE(rates[i].seconds, expected[i].second);
            QCOMPARE(rates[i].bytesIn, 100.0);
            QCOMPARE(rates[i].bytesOut, 200.0);
            QCOMPARE(rates[i].transmissionsIn, 10.0);
            QCOMPARE(rates[i].transmissionsOut, 20.0);
            QVERIFY(near(rates[i].messagesSent, 0.1));
        }
    }

    void shortHistoryUsesOldestSample() {
        RateSampler sampler;
        for (int t = 0; t <= 40; t += 10)
            QVERIFY(sampler.add(at(t), counters(50u * t)));
        const auto rates = sampler.rates({}, 0s);
        QCOMPARE(window(rates, "10s").seconds, 10.0);
        for (auto name : {"1m", "5m", "1h"}) {
            QCOMPARE(window(rates, name).seconds, 40.0);
            QCOMPARE(window(rates, name).bytesIn, 50.0);
        }
    }

    void windowBaseIsAtOrBeforeItsStart() {
        RateSampler sampler;
        QVERIFY(sampler.add(at(0), counters(0)));
        QVERIFY(sampler.add(at(10.5), counters(1050)));
        QVERIFY(sampler.add(at(19.9), counters(1990)));
        QVERIFY(sampler.add(at(30), counters(3000)));
        // 30 - 10 = 20: the sample at 19.9 is the newest at or before it.
        const auto& tenSeconds = window(sampler.rates({}, 0s), "10s");
        QVERIFY(near(tenSeconds.seconds, 10.1));
        QVERIFY(near(tenSeconds.bytesIn, 1010 / 10.1));
    }

    void ringDropsOldestSamples() {
        RateSampler sampler(4);
        for (int t = 0; t <= 60; t += 10)
            QVERIFY(sampler.add(at(t), counters(10u * t)));
        QCOMPARE(sampler.size(), std::size_t{4});
        const auto& hour = window(sampler.rates({}, 0s), "1h");
        QCOMPARE(hour.seconds, 30.0); // oldest kept is t = 30
        QCOMPARE(hour.bytesIn, 10.0);
    }

    void samplesAndCountersOnlyMoveForward() {
        RateSampler sampler;
        QVERIFY(sampler.add(at(10), counters(1000)));
        QVERIFY(!sampler.add(at(10), counters(2000)));
        QVERIFY(!sampler.add(at(5), counters(2000)));
        QCOMPARE(sampler.size(), std::size_t{1});
        // A counter that went backwards (a reset) gives no rate, not an unsigned wrap-around.
        QVERIFY(sampler.add(at(20), counters(500)));
        const auto& r = window(sampler.rates({}, 0s), "10s");
        QCOMPARE(r.seconds, 10.0);
        QCOMPARE(r.bytesIn, 0.0);
        QVERIFY(sampler.add(at(30), counters(1500)));
        QCOMPARE(window(sampler.rates({}, 0s), "10s").bytesIn, 100.0);
    }

    void prometheusFormat() {
        const std::string text = relay::formatPrometheus(sampleSnapshot());
        QVERIFY(text.ends_with("\n"));
        std::map<std::string, std::string> types;
        const auto values = parsePrometheus(text, &types);
        QCOMPARE(values.size(), std::size_t{30}); // every field of RelayStatsSnapshot
        for (const auto& [name, type] : types) {
            QVERIFY2(values.contains(name), name.c_str());
            QCOMPARE(type, std::string(name.ends_with("_total") ? "counter" : "gauge"));
            // promtool's lint: durations in seconds, sizes in bytes (base units only).
            for (const char* unit : {"milli", "micro", "nano", "minute", "hour", "kilo", "mega"})
                QVERIFY2(name.find(unit) == std::string::npos, name.c_str());
        }
        const std::map<std::string, std::string> expected{
            {"ferry_relay_start_time_seconds", "1700000000"},
            {"ferry_relay_uptime_seconds", "40"},
            {"ferry_relay_connections", "3"},
            {"ferry_relay_connections_accepted_total", "7"},
            {"ferry_relay_handshake_failures_total", "1"},
            {"ferry_relay_bytes_in_total", "4000"},
            {"ferry_relay_bytes_out_total", "8000"},
            {"ferry_relay_transmissions_in_total", "40"},
            {"ferry_relay_transmissions_out_total", "80"},
            {"ferry_relay_queues_created_total", "5"},
            {"ferry_relay_queues_secured_total", "4"},
            {"ferry_relay_queues_deleted_total", "1"},
            {"ferry_relay_queues", "4"},
            {"ferry_relay_messages_sent_total", "12"},
            {"ferry_relay_messages_delivered_total", "10"},
            {"ferry_relay_messages_expired_total", "2"},
            {"ferry_relay_messages_stored", "2"},
            {"ferry_relay_storage_bytes", "33000"},
            {"ferry_relay_auth_failures_total", "6"},
            {"ferry_relay_forwarded_commands_total", "14"},
            {"ferry_relay_proxy_sessions_total", "15"},
            {"ferry_relay_proxied_messages_total", "16"},
            {"ferry_relay_proxy_errors_total", "17"},
            {"ferry_relay_connections_refused_total", "9"},
            {"ferry_relay_accept_errors_total", "18"},
            {"ferry_relay_queues_receiving_24h", "3"},
            {"ferry_relay_throttled_waits_total", "11"},
            {"ferry_relay_throttled_seconds_total", "2.5"},
            {"ferry_relay_stalled_writers_dropped_total", "13"},
            {"ferry_relay_connection_output_peak_bytes", "65536"},
        };
        QCOMPARE(values, expected);
    }

    void prometheusPagePassesPromtool() {
        FERRY_VERIFY_PROMTOOL(relay::formatPrometheus(sampleSnapshot()));
    }

    void statusJsonParses() {
        RateSampler sampler;
        const auto snapshot = sampleSnapshot();
        const std::string text =
            relay::formatStatusJson(snapshot, sampler.rates(RateCounters::of(snapshot), 40s));
        QJsonParseError error;
        const auto document = QJsonDocument::fromJson(QByteArray::fromStdString(text), &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QVERIFY(document.isObject());
        const QJsonObject o = document.object();
        QCOMPARE(o.value("connections").toInteger(), 3);
        QCOMPARE(o.value("connections_accepted").toInteger(), 7);
        QCOMPARE(o.value("queues").toInteger(), 4);
        QCOMPARE(o.value("messages_stored").toInteger(), 2);
        QCOMPARE(o.value("storage_bytes").toInteger(), 33000);
        QCOMPARE(o.value("uptime_seconds").toInteger(), 40);
        QCOMPARE(o.value("start_time_seconds").toInteger(), 1700000000);
        QCOMPARE(o.value("auth_failures").toInteger(), 6);
        QCOMPARE(o.value("connections_refused").toInteger(), 9);
        QCOMPARE(o.value("accept_errors").toInteger(), 18);
        QCOMPARE(o.value("queues_receiving_24h").toInteger(), 3);
        QCOMPARE(o.value("throttled_waits").toInteger(), 11);
        QCOMPARE(o.value("throttled_seconds").toDouble(), 2.5);
        QCOMPARE(o.value("stalled_writers_dropped").toInteger(), 13);
        QCOMPARE(o.value("connection_output_peak_bytes").toInteger(), 65536);
        QCOMPARE(o.size(), 31); // 30 counters and the rates
        const QJsonObject rates = o.value("rates").toObject();
        QCOMPARE(rates.keys(), (QStringList{"10s", "1h", "1m", "5m"}));
        for (const auto& name : rates.keys()) {
            const QJsonObject r = rates.value(name).toObject();
            QCOMPARE(r.size(), 7);
            QCOMPARE(r.value("seconds").toDouble(), 40.0);
            QCOMPARE(r.value("bytes_in").toDouble(), 100.0);
            QCOMPARE(r.value("bytes_out").toDouble(), 200.0);
            QCOMPARE(r.value("transmissions_in").toDouble(), 1.0);
            QCOMPARE(r.value("transmissions_out").toDouble(), 2.0);
            QCOMPARE(r.value("messages_sent").toDouble(), 0.3);
            QCOMPARE(r.value("messages_delivered").toDouble(), 0.25);
        }
    }

    void relayServesMetricsAndStatus() {
        const std::uint16_t port = ferry::test::freeLoopbackPort();
        RelayFixture relay([port](relay::RelayConfig& cfg) { cfg.statusPort = port; });
        relay.clock.advance(40);
        auto client = relay.connect();
        // A round trip, so the relay has counted the client's bytes when we ask.
        QVERIFY(as<smp::rsp::Pong>(client->call({}, smp::cmd::Ping{})));

        const HttpReply metrics = request(port, "GET", "/metrics");
        QCOMPARE(metrics.status, 200);
        QVERIFY(metrics.headers.at("content-type").starts_with("text/plain; version=0.0.4"));
        std::map<std::string, std::string> types;
        const auto values = parsePrometheus(metrics.body, &types);
        QCOMPARE(values.size(), std::size_t{30});
        QCOMPARE(values.at("ferry_relay_connections"), std::string("1"));
        QCOMPARE(values.at("ferry_relay_connections_accepted_total"), std::string("1"));
        QCOMPARE(values.at("ferry_relay_uptime_seconds"), std::string("40"));
        QCOMPARE(types.at("ferry_relay_bytes_in_total"), std::string("counter"));
        QVERIFY(std::stoull(values.at("ferry_relay_bytes_in_total")) > 0);
        QCOMPARE(values.at("ferry_relay_transmissions_in_total"), std::string("1"));
        QCOMPARE(values.at("ferry_relay_throttled_waits_total"), std::string("0"));

        const HttpReply status = request(port, "GET", "/status");
        QCOMPARE(status.status, 200);
        QCOMPARE(status.headers.at("content-type"), std::string("application/json"));
        const auto document = QJsonDocument::fromJson(QByteArray::fromStdString(status.body));
        QVERIFY(document.isObject());
        const QJsonObject o = document.object();
        QCOMPARE(o.value("connections").toInteger(), 1);
        QCOMPARE(o.value("uptime_seconds").toInteger(), 40);
        // Within the first 10 s there is one sample: the rates are over the uptime.
        const QJsonObject hour = o.value("rates").toObject().value("1h").toObject();
        QCOMPARE(hour.value("seconds").toDouble(), 40.0);
        const double bytesIn = static_cast<double>(o.value("bytes_in").toInteger());
        QVERIFY(std::abs(hour.value("bytes_in").toDouble() - bytesIn / 40) < 0.001);

        // A query string does not change the path.
        QCOMPARE(request(port, "GET", "/metrics?debug=1").status, 200);
    }

    void otherPathsAndMethods() {
        const std::uint16_t port = ferry::test::freeLoopbackPort();
        RelayFixture relay([port](relay::RelayConfig& cfg) { cfg.statusPort = port; });
        QCOMPARE(request(port, "GET", "/").status, 404);
        QCOMPARE(request(port, "GET", "/metricsx").status, 404);
        const HttpReply postEmpty = request(port, "POST", "/metrics", "Content-Length: 0\r\n");
        QCOMPARE(postEmpty.status, 405);
        QCOMPARE(postEmpty.headers.at("allow"), std::string("GET"));
        QCOMPARE(request(port, "DELETE", "/status").status, 405);
        QCOMPARE(request(port, "HEAD", "/status").status, 405);
    }

    void malformedAndOversizedRequestsJustClose() {
        const std::uint16_t port = ferry::test::freeLoopbackPort();
        RelayFixture relay([port](relay::RelayConfig& cfg) { cfg.statusPort = port; });
        for (const std::string& bad : {
                 std::string("NOT HTTP AT ALL\r\n\r\n"),
                 std::string("GET /metrics HTTP/1.1\r\nX-Big: ") + std::string(10000, 'a') +
                     "\r\n\r\n",
                 std::string("POST /metrics HTTP/1.1\r\nContent-Length: 100000\r\n\r\n") +
                     std::string(100000, 'b'),
             }) {
            const RawReply r = roundTrip(port, bad);
            QVERIFY(r.eof);
            QVERIFY2(r.data.empty(), r.data.substr(0, 80).c_str());
        }
        // Still serving.
        QCOMPARE(request(port, "GET", "/status").status, 200);
    }

    void keepAliveServesSeveralRequests() {
        const std::uint16_t port = ferry::test::freeLoopbackPort();
        RelayFixture relay([port](relay::RelayConfig& cfg) { cfg.statusPort = port; });
        const RawReply r =
            roundTrip(port, "GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n"
                            "GET /status HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        QVERIFY(r.eof);
        std::size_t answers = 0;
        for (auto pos = r.data.find("HTTP/1.1 200"); pos != std::string::npos;
             pos = r.data.find("HTTP/1.1 200", pos + 1))
            ++answers;
        QCOMPARE(answers, std::size_t{2});
    }

    void stopClosesOpenConnectionsAndRestartReusesThePort() {
        const std::uint16_t port = ferry::test::freeLoopbackPort();
        RelayFixture relay([port](relay::RelayConfig& cfg) { cfg.statusPort = port; });
        Fd idle = connectTo(port);
        const std::string half = "GET /metrics HTTP/1.1\r\n";
        ::send(idle.get(), half.data(), half.size(), MSG_NOSIGNAL);
        relay.restart();
        QVERIFY(readAll(idle.get()).eof);
        QCOMPARE(request(port, "GET", "/metrics").status, 200);
    }

    void stopWhileScraping() {
        // The status requests read the relay's stats on its io threads while stop() holds
        // the relay's lifecycle lock and joins them; that must never deadlock.
        const std::uint16_t port = ferry::test::freeLoopbackPort();
        RelayFixture relay([port](relay::RelayConfig& cfg) { cfg.statusPort = port; });
        std::atomic<bool> done{false};
        std::atomic<int> scrapes{0};
        std::thread scraper([&] {
            while (!done)
                if (tryScrape(port))
                    ++scrapes;
        });
        for (int i = 0; i < 5; ++i) {
            QTest::qSleep(50);
            relay.restart();
        }
        done = true;
        scraper.join();
        QVERIFY(scrapes.load() > 0);
    }

    void offByDefault() {
        RelayFixture relay;
        QCOMPARE(relay.config().statusPort, std::uint16_t{0});
    }

    void portInUseIsAClearError() {
        Fd taken(::socket(AF_INET, SOCK_STREAM, 0));
        sockaddr_in address = loopback(0);
        QCOMPARE(::bind(taken.get(), reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
        QCOMPARE(::listen(taken.get(), 1), 0);
        socklen_t length = sizeof address;
        ::getsockname(taken.get(), reinterpret_cast<sockaddr*>(&address), &length);
        const std::uint16_t port = ntohs(address.sin_port);

        boost::asio::io_context io;
        relay::StatusService service(io, port, [] { return relay::RelayStatsSnapshot{}; });
        auto started = service.start();
        QVERIFY(!started);
        QCOMPARE(started.error().code, std::error_code(ferry::relay::RelayErrc::PortInUse));
        QVERIFY(started.error().message.find(std::to_string(port)) != std::string::npos);
    }

    void serviceOnItsOwnIoContext() {
        boost::asio::io_context io;
        std::atomic<int> reads{0};
        auto service = std::make_unique<relay::StatusService>(io, 0, [&reads] {
            ++reads;
            auto s = sampleSnapshot();
            s.uptimeSeconds = 0;
            return s;
        });
        QVERIFY(service->start().ok());
        const std::uint16_t port = service->port();
        QVERIFY(port != 0);
        std::thread runner([&io] { io.run(); });
        const HttpReply metrics = request(port, "GET", "/metrics");
        QCOMPARE(metrics.status, 200);
        QVERIFY(metrics.body.find("ferry_relay_storage_bytes 33000\n") != std::string::npos);
        QVERIFY(reads.load() >= 2); // the first sample and this request
        // Destroyed while its io_context still runs: pending work keeps what it needs.
        service.reset();
        runner.join(); // run() returns once the accept and the timer are cancelled
    }
};

QTEST_APPLESS_MAIN(TestStatus)
#include "test_status.moc"
