#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <cstdint>
#include <memory>
#include <vector>

namespace ferry::core::node {

/// Two connections joined: bytes read from either are written to the other unchanged, until
/// either side ends; then both are closed. `A` and `B` are Asio streams (TCP sockets, TLS
/// streams); the pair keeps itself alive while bytes flow. For a single-threaded io_context
/// (the tunnel client's): both directions run on it without a strand.
template <class A, class B> class Splice : public std::enable_shared_from_this<Splice<A, B>> {
public:
    Splice(std::unique_ptr<A> a, std::unique_ptr<B> b) : m_a(std::move(a)), m_b(std::move(b)) {}

    void start() {
        auto self = this->shared_from_this();
        auto executor = m_a->get_executor();
        boost::asio::co_spawn(executor, pump(self, *m_a, *m_b), boost::asio::detached);
        boost::asio::co_spawn(executor, pump(self, *m_b, *m_a), boost::asio::detached);
    }

    /// Keeps `held` alive while the splice runs (a place in a count of open streams).
    void holdWhileOpen(std::shared_ptr<void> held) { m_held = std::move(held); }

    void close() {
        boost::system::error_code ignored;
        m_a->lowest_layer().close(ignored);
        m_b->lowest_layer().close(ignored);
    }

private:
    template <class From, class To>
    static boost::asio::awaitable<void> pump(std::shared_ptr<Splice> self, From& from, To& to) {
        // One TLS record's worth: a read rarely returns more.
        std::vector<std::uint8_t> buffer(16384);
        boost::system::error_code ec;
        for (;;) {
            const std::size_t n = co_await from.async_read_some(
                boost::asio::buffer(buffer),
                boost::asio::redirect_error(boost::asio::use_awaitable, ec));
            if (ec)
                break;
            co_await boost::asio::async_write(
                to, boost::asio::buffer(buffer.data(), n),
                boost::asio::redirect_error(boost::asio::use_awaitable, ec));
            if (ec)
                break;
        }
        self->close();
    }

    std::unique_ptr<A> m_a;
    std::unique_ptr<B> m_b;
    std::shared_ptr<void> m_held;
};

} // namespace ferry::core::node
