#include "net/relay_probe.h"

#include "net/net_errc.h"

#include <boost/asio/post.hpp>
#include <memory>

namespace ferry::core::net {

void probeRelay(boost::asio::io_context& io, const smp::ServerAddress& server,
                SmpClientConfig settings,
                std::function<void(Result<std::chrono::milliseconds>)> done) {
    // Tried once: the answer is about the relay as it is now, so no reconnecting.
    settings.server = server;
    settings.commandTimeout = settings.connectTimeout;
    settings.backoffMin = settings.backoffMax = std::chrono::hours(1);
    struct Probe {
        std::shared_ptr<SmpClient> client;
        std::function<void(Result<std::chrono::milliseconds>)> done;
        std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    };
    auto probe = std::make_shared<Probe>();
    probe->done = std::move(done);
    auto finish = [&io, probe](Result<std::chrono::milliseconds> result) {
        if (!probe->done)
            return;
        std::exchange(probe->done, {})(std::move(result));
        if (auto client = std::exchange(probe->client, {})) {
            client->stop();
            // Not destroyed inside its own callback: later, on the network thread.
            boost::asio::post(io, [client] {});
        }
    };
    SmpClient::Callbacks callbacks;
    callbacks.onState = [finish](ConnectionState state, const std::string& reason) {
        if (state == ConnectionState::Disconnected || state == ConnectionState::Failed)
            finish(makeError(state == ConnectionState::Failed ? NetErrc::Identity
                                                              : NetErrc::Unreachable,
                             reason));
    };
    // A local copy: on a multi-threaded io_context the client's callbacks (and `finish`,
    // which drops probe->client) may run on another thread as soon as it starts.
    auto client = std::make_shared<SmpClient>(io, settings, std::move(callbacks));
    probe->client = client;
    client->start();
    client->send({}, smp::cmd::Ping{}, std::nullopt, [finish, probe](Result<smp::Response> r) {
        if (!r)
            finish(r.error());
        else if (!std::holds_alternative<smp::rsp::Pong>(*r))
            finish(makeError(NetErrc::Relay,
                             "the relay answered PING with " + std::string(smp::responseTag(*r))));
        else
            finish(std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::steady_clock::now() - probe->started));
    });
}

} // namespace ferry::core::net
