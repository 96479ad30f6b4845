// ferry_nat_probe: connects to a relay with the real client (TLS + SMP handshake), sends
// PING and prints PONG. The NAT tests run it in the "internet" namespace.
// Usage: ferry_nat_probe smp://<fingerprint>@host:port
#include "net/smp_client.h"
#include "smp/server_address.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdio>
#include <memory>
#include <string>

using namespace ferry::core;

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: ferry_nat_probe smp://<fingerprint>@host:port\n");
        return 2;
    }
    auto address = smp::parseServerAddress(argv[1]);
    if (!address) {
        std::fprintf(stderr, "bad address: %s\n", address.error().message.c_str());
        return 2;
    }
    boost::asio::io_context io;
    net::SmpClientConfig config;
    config.server = *address;
    config.connectTimeout = std::chrono::milliseconds{8000};
    config.commandTimeout = std::chrono::milliseconds{10000};
    int exitCode = 1;
    std::string lastReason;
    net::SmpClient::Callbacks callbacks;
    callbacks.onState = [&](net::ConnectionState state, const std::string& reason) {
        if (!reason.empty())
            lastReason = reason;
        std::fprintf(stderr, "connection: %s %s\n", net::connectionStateName(state),
                     reason.c_str());
    };
    auto client = std::make_shared<net::SmpClient>(io, config, callbacks);
    boost::asio::steady_timer deadline(io, std::chrono::seconds{15});
    deadline.async_wait([&](const boost::system::error_code& ec) {
        if (!ec) {
            std::fprintf(stderr, "no answer in time (%s)\n", lastReason.c_str());
            client->stop();
            io.stop();
        }
    });
    client->start();
    client->send({}, smp::cmd::Ping{}, std::nullopt, [&](Result<smp::Response> answer) {
        if (!answer)
            std::fprintf(stderr, "PING failed: %s\n", answer.error().message.c_str());
        else if (std::holds_alternative<smp::rsp::Pong>(*answer)) {
            std::printf("PONG (SMP v%u)\n", unsigned(client->version()));
            exitCode = 0;
        } else
            std::fprintf(stderr, "unexpected answer to PING\n");
        client->stop();
        deadline.cancel();
        io.stop();
    });
    io.run();
    return exitCode;
}
