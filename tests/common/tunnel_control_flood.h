#pragma once
// A tunnel node's control connection opened by hand, so that it can misbehave as no
// TunnelClient would: after the relay assigned a port it sends PINGs as fast as it can and
// never reads the PONGs. Shared by the hostile-client test and the attack benchmark (no Qt).
#include "node/node_link.h"
#include "smp/server_address.h"
#include "throwaway_node.h"

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <sys/socket.h>
#include <variant>

namespace ferry::test {

class TunnelControlFlood {
public:
    static constexpr int kPingsPerBatch = 1000;

    /// Connects as `node` and asks `relayAddress` for a tunnel; opened() says whether a port
    /// was assigned.
    TunnelControlFlood(const std::string& relayAddress, const ThrowawayNode& node) {
        namespace n = core::node;
        auto server = core::smp::parseServerAddress(relayAddress);
        if (!server)
            return;
        boost::asio::co_spawn(
            m_io,
            [&]() -> boost::asio::awaitable<void> {
                using namespace std::chrono_literals;
                auto stream = co_await n::connectNodeService(*m_tls, *server, 5000ms);
                if (!stream)
                    co_return;
                m_control = std::move(stream).value();
                auto signature = node.online->sign(n::tunnelProof(n::tlsUnique(*m_control)));
                if (!signature)
                    co_return;
                const n::NodeMessage request = n::msg::TunnelRequest{
                    n::kTunnelVersion, 0, node.chain, std::move(signature).value()};
                if (co_await n::writeNodeMessage(*m_control, request))
                    if (auto answer = co_await n::readNodeMessage(*m_control))
                        m_opened = std::holds_alternative<n::msg::TunnelAssigned>(*answer);
            },
            boost::asio::detached);
        m_io.run();
        if (m_opened) // a small buffer of its own: the relay's reading soon shows
            m_control->lowest_layer().set_option(boost::asio::socket_base::send_buffer_size(65536));
    }

    bool opened() const { return m_opened; }

    /// Sends batches of PINGs until the relay closes the connection, `stop` is set (checked
    /// between batches) or `maxBatches` went out; the batches sent.
    int flood(int maxBatches, const std::atomic<bool>& stop) {
        const core::Bytes ping = core::node::frameNodeMessage(core::node::msg::Ping{});
        core::Bytes batch;
        for (int i = 0; i < kPingsPerBatch; ++i)
            batch.insert(batch.end(), ping.begin(), ping.end());
        int sent = 0;
        boost::system::error_code ec;
        // (A write to a connection the relay closed may report every byte written and an
        // error beside them.)
        while (m_opened && !stop && sent < maxBatches &&
               (boost::asio::write(*m_control, boost::asio::buffer(batch), ec), !ec))
            ++sent;
        return sent;
    }

    /// Ends a flood blocked in a write (from another thread).
    void cut() {
        if (m_control)
            ::shutdown(m_control->lowest_layer().native_handle(), SHUT_RDWR);
    }

private:
    boost::asio::io_context m_io;
    std::shared_ptr<boost::asio::ssl::context> m_tls = core::node::makeNodeServiceTlsContext();
    std::unique_ptr<core::node::NodeStream> m_control;
    bool m_opened = false;
};

} // namespace ferry::test
