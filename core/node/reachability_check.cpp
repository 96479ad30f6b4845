#include "node/reachability_check.h"

#include "node/node_errc.h"
#include "node/node_link.h"

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <optional>

namespace ferry::core::node {

namespace asio = boost::asio;

asio::awaitable<Result<msg::CheckResult>> askChecker(asio::ssl::context& tls,
                                                     const smp::ServerAddress& checker,
                                                     const std::string& ownAddress,
                                                     std::chrono::milliseconds timeout) {
    auto stream = co_await connectNodeService(tls, checker, timeout);
    if (!stream)
        co_return stream.error();
    // A checker gives "not reachable" only at its own deadline (kCheckAnswerWithin); wait
    // past it, however short the caller's timeout for reaching the checker.
    Deadline deadline(**stream, std::max<std::chrono::milliseconds>(
                                    timeout, kCheckAnswerWithin + std::chrono::seconds(5)));
    // Named, never a temporary inside co_await: GCC 12 destroys such temporaries twice.
    const NodeMessage request = msg::CheckRequest{ownAddress};
    if (auto sent = co_await writeNodeMessage(**stream, request); !sent)
        co_return sent.error();
    auto answer = co_await readNodeMessage(**stream);
    if (!answer)
        co_return deadline.expired()
            ? makeError(NodeErrc::Timeout, "the checker did not answer in time")
            : answer.error();
    if (auto* result = std::get_if<msg::CheckResult>(&*answer))
        co_return std::move(*result);
    if (auto* refused = std::get_if<msg::Refused>(&*answer))
        co_return makeError(NodeErrc::Refused, "the checker refused: " + refused->reason);
    co_return makeError(NodeErrc::Syntax, "the checker answered with something else");
}

Result<msg::CheckResult> checkReachability(const std::string& checkerAddress,
                                           const std::string& ownAddress,
                                           std::chrono::milliseconds timeout) {
    auto checker = smp::parseServerAddress(checkerAddress);
    if (!checker)
        return checker.error();
    if (ownAddress.size() > 255) // CHECK carries it as a short string
        return makeError(NodeErrc::Syntax, "the address to check is longer than 255 bytes");
    asio::io_context io;
    auto tls = makeNodeServiceTlsContext();
    std::optional<Result<msg::CheckResult>> outcome;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            outcome = co_await askChecker(*tls, *checker, ownAddress, timeout);
        },
        asio::detached);
    io.run();
    return outcome ? std::move(*outcome)
                   : makeError(NodeErrc::Internal, "the check did not finish");
}

} // namespace ferry::core::node
