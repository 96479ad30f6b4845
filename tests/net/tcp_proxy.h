#pragma once

#include <array>
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <future>
#include <memory>
#include <mutex>
#include <vector>

namespace ferry::test {

/// A loopback TCP proxy in front of a relay, to make a live connection go silent: after
/// blackholeExisting(), what the client sends on the connections open at that moment never
/// reaches the relay (new connections pass). Closing either side closes both.
class TcpProxy {
public:
    TcpProxy(boost::asio::io_context& io, std::uint16_t target)
        : m_io(io), m_target(target),
          m_acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0}) {
        accept();
    }
    ~TcpProxy() {
        std::promise<void> done;
        boost::asio::post(m_io, [&] {
            boost::system::error_code ignored;
            m_acceptor.close(ignored);
            for (auto& weak : m_links)
                if (auto link = weak.lock())
                    link->close();
            done.set_value();
        });
        done.get_future().wait();
    }

    std::uint16_t port() const { return m_acceptor.local_endpoint().port(); }
    /// Bytes the black hole swallowed so far.
    std::size_t swallowed() const { return m_swallowed->load(); }

    void blackholeExisting() {
        std::promise<void> done;
        boost::asio::post(m_io, [&] {
            for (auto& weak : m_links)
                if (auto link = weak.lock())
                    link->blackhole = true;
            done.set_value();
        });
        done.get_future().wait();
    }

private:
    using tcp = boost::asio::ip::tcp;

    struct Link : std::enable_shared_from_this<Link> {
        Link(boost::asio::io_context& io, std::shared_ptr<std::atomic<std::size_t>> counter)
            : client(io), relay(io), swallowed(std::move(counter)) {}
        tcp::socket client;
        tcp::socket relay;
        std::array<std::uint8_t, 8192> up{};
        std::array<std::uint8_t, 8192> down{};
        std::shared_ptr<std::atomic<std::size_t>> swallowed;
        bool blackhole = false;
        bool closed = false;

        void close() {
            if (closed)
                return;
            closed = true;
            boost::system::error_code ignored;
            client.close(ignored);
            relay.close(ignored);
        }
        // One direction: read, then write (or drop), then read again.
        void pump(tcp::socket& from, tcp::socket& to, std::array<std::uint8_t, 8192>& buffer,
                  bool upstream) {
            from.async_read_some(
                boost::asio::buffer(buffer),
                [self = shared_from_this(), &from, &to, &buffer, upstream](auto ec, std::size_t n) {
                    if (ec || self->closed) {
                        self->close();
                        return;
                    }
                    if (upstream && self->blackhole) {
                        *self->swallowed += n;
                        self->pump(from, to, buffer, upstream);
                        return;
                    }
                    boost::asio::async_write(
                        to, boost::asio::buffer(buffer.data(), n),
                        [self, &from, &to, &buffer, upstream](auto e, std::size_t) {
                            if (e || self->closed) {
                                self->close();
                                return;
                            }
                            self->pump(from, to, buffer, upstream);
                        });
                });
        }
    };

    void accept() {
        auto link = std::make_shared<Link>(m_io, m_swallowed);
        m_acceptor.async_accept(link->client, [this, link](auto ec) {
            if (ec)
                return;
            m_links.push_back(link);
            link->relay.async_connect({boost::asio::ip::make_address("127.0.0.1"), m_target},
                                      [link](auto e) {
                                          if (e) {
                                              link->close();
                                              return;
                                          }
                                          link->pump(link->client, link->relay, link->up, true);
                                          link->pump(link->relay, link->client, link->down, false);
                                      });
            accept();
        });
    }

    boost::asio::io_context& m_io;
    std::uint16_t m_target;
    tcp::acceptor m_acceptor;
    std::vector<std::weak_ptr<Link>> m_links;
    std::shared_ptr<std::atomic<std::size_t>> m_swallowed =
        std::make_shared<std::atomic<std::size_t>>(0);
};

} // namespace ferry::test
