#include "cli/cli_ipc.h"

#include "cli/cli_errc.h"
#include "cli/cli_json.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/system/system_error.hpp>
#include <chrono>

namespace ferry::app::cli {

namespace fs = std::filesystem;
namespace json = boost::json;
namespace asio = boost::asio;
using Local = asio::local::stream_protocol;
using boost::system::error_code;

namespace {

constexpr std::size_t kMaxLine = 1 << 20;
constexpr auto kRequestTimeout = std::chrono::seconds(5);
// A forwarded command may settle for kSettleTimeout, after connecting: wait well beyond.
constexpr auto kReplyTimeout = std::chrono::seconds(120);
// How long to wait before accepting again after accept itself failed (out of descriptors).
constexpr auto kAcceptRetry = std::chrono::milliseconds(100);

// The socket's address; nullopt if the path is too long for one (about 100 bytes).
std::optional<Local::endpoint> endpointFor(const fs::path& path) {
    const std::u8string name = path.u8string();
    try {
        return Local::endpoint(
            std::string_view(reinterpret_cast<const char*>(name.data()), name.size()));
    } catch (const boost::system::system_error&) {
        return std::nullopt;
    }
}

// A socket connected to the listener of `path`, or nullopt.
std::optional<Local::socket> connectTo(asio::io_context& io, const fs::path& path) {
    const auto endpoint = endpointFor(path);
    if (!endpoint)
        return std::nullopt;
    Local::socket socket(io);
    error_code ec;
    socket.connect(*endpoint, ec);
    if (ec)
        return std::nullopt;
    return socket;
}

// One line (without its newline) of at most kMaxLine bytes, if it comes within `timeout`.
std::optional<std::string> readLine(asio::io_context& io, Local::socket& socket,
                                    std::chrono::steady_clock::duration timeout) {
    std::string buffer;
    std::optional<std::string> line;
    asio::async_read_until(socket, asio::dynamic_buffer(buffer, kMaxLine), '\n',
                           [&](error_code ec, std::size_t length) {
                               if (!ec)
                                   line = buffer.substr(0, length - 1);
                           });
    io.restart();
    io.run_for(timeout);
    if (!line) { // too late: end the read before its buffer goes away
        error_code ignored;
        socket.close(ignored);
        io.restart();
        io.run();
    }
    return line;
}

std::string encodeReply(const CommandOutput& output) {
    return jsonText(json::object{
               {"exit", output.exit}, {"stdout", output.out}, {"stderr", output.err}}) +
           "\n";
}

// The JSON object on `line`; nullopt if there is no line or it is not one (the error code
// keeps malformed input from throwing).
std::optional<json::object> parseObject(const std::optional<std::string>& line) {
    if (!line)
        return std::nullopt;
    json::error_code ec;
    json::value value = json::parse(*line, ec);
    auto* object = ec ? nullptr : value.if_object();
    if (!object)
        return std::nullopt;
    return std::move(*object);
}

// The member `name` of `object` if it is a string, else nullptr.
const json::string* stringMember(const json::object& object, std::string_view name) {
    const json::value* member = object.if_contains(name);
    return member ? member->if_string() : nullptr;
}

} // namespace

fs::path socketPath(const fs::path& profileDir) {
    return profileDir / "cli.sock";
}

bool listenerRunning(const fs::path& profileDir) {
    asio::io_context io;
    return connectTo(io, socketPath(profileDir)).has_value();
}

std::optional<CommandOutput> forwardToListener(const fs::path& profileDir,
                                               const std::vector<std::string>& args, bool asJson) {
    asio::io_context io;
    auto socket = connectTo(io, socketPath(profileDir));
    if (!socket)
        return std::nullopt;
    const std::string request =
        jsonText(json::object{{"args", json::array(args.begin(), args.end())}, {"json", asJson}});
    const auto lost = CommandOutput::failure("the listening ferry-cli for this profile did not "
                                             "answer");
    error_code ec;
    asio::write(*socket, asio::buffer(request + "\n"), ec);
    if (ec)
        return lost;
    const auto reply = parseObject(readLine(io, *socket, kReplyTimeout));
    const json::value* exit = reply ? reply->if_contains("exit") : nullptr;
    const std::int64_t* status = exit ? exit->if_int64() : nullptr;
    const json::string* out = reply ? stringMember(*reply, "stdout") : nullptr;
    const json::string* err = reply ? stringMember(*reply, "stderr") : nullptr;
    if (!status || !out || !err)
        return lost;
    return CommandOutput{int(*status), std::string(out->data(), out->size()),
                         std::string(err->data(), err->size())};
}

// The loop first: the socket and timers below must go before the context they belong to.
struct IpcServer::Serving {
    asio::io_context io;
    Local::acceptor acceptor{io};
    asio::steady_timer retry{io};
};

// One connection: a request line in, a reply line out, each within kRequestTimeout.
struct IpcServer::Exchange {
    explicit Exchange(asio::io_context& io) : socket(io), deadline(io) {}

    // Closes the connection when `timeout` passes, unless disarmed by the next expires_after
    // or cancel.
    void arm(std::chrono::steady_clock::duration timeout, const std::shared_ptr<Exchange>& self) {
        deadline.expires_after(timeout);
        deadline.async_wait([weak = std::weak_ptr<Exchange>(self)](error_code ec) {
            if (auto exchange = weak.lock(); exchange && !ec) {
                error_code ignored;
                exchange->socket.close(ignored);
            }
        });
    }

    Local::socket socket;
    asio::steady_timer deadline;
    std::string buffer;
    std::string reply;
};

core::Result<std::unique_ptr<IpcServer>> IpcServer::start(const fs::path& profileDir,
                                                          Handler handler) {
    const fs::path path = socketPath(profileDir);
    const auto endpoint = endpointFor(path);
    if (!endpoint)
        return core::makeError(CliErrc::Socket,
                               "the profile path is too long for a Unix socket: " + path.string());
    std::error_code ec;
    if (fs::exists(fs::symlink_status(path, ec))) {
        if (listenerRunning(profileDir))
            return core::makeError(CliErrc::Busy, "'ferry-cli listen' is already running for " +
                                                      profileDir.string());
        fs::remove(path, ec); // stale: its listener is gone
    }
    auto serving = std::make_unique<Serving>();
    error_code failed;
    serving->acceptor.open(endpoint->protocol(), failed);
    if (!failed)
        serving->acceptor.bind(*endpoint, failed);
    if (failed)
        return core::makeError(CliErrc::Socket,
                               "cannot listen on " + path.string() + ": " + failed.message());
    // Owner-only before it listens: until then nobody can connect.
    fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace,
                    ec);
    if (!ec)
        serving->acceptor.listen(8, failed);
    if (ec || failed) {
        serving->acceptor.close(failed);
        fs::remove(path, ec);
        return core::makeError(CliErrc::Socket, "cannot listen on " + path.string() + ": " +
                                                    (ec ? ec.message() : failed.message()));
    }
    std::unique_ptr<IpcServer> server(new IpcServer(path, std::move(serving), std::move(handler)));
    server->acceptNext();
    server->m_thread = std::thread([s = server.get()] { s->m_serving->io.run(); });
    return server;
}

IpcServer::IpcServer(fs::path path, std::unique_ptr<Serving> serving, Handler handler)
    : m_path(std::move(path)), m_serving(std::move(serving)), m_handler(std::move(handler)) {}

IpcServer::~IpcServer() {
    m_serving->io.stop(); // a command being run finishes first
    if (m_thread.joinable())
        m_thread.join();
    m_serving.reset();
    std::error_code ec;
    fs::remove(m_path, ec);
}

void IpcServer::acceptNext() {
    auto exchange = std::make_shared<Exchange>(m_serving->io);
    m_serving->acceptor.async_accept(exchange->socket, [this, exchange](error_code ec) {
        if (ec == asio::error::operation_aborted)
            return;
        if (ec) {
            m_serving->retry.expires_after(kAcceptRetry);
            m_serving->retry.async_wait([this](error_code waited) {
                if (!waited)
                    acceptNext();
            });
            return;
        }
        exchange->arm(kRequestTimeout, exchange);
        asio::async_read_until(
            exchange->socket, asio::dynamic_buffer(exchange->buffer, kMaxLine), '\n',
            [this, exchange](error_code readError, std::size_t length) {
                // No line (too long, cut off, too late) is a bad request.
                answer(exchange, readError ? std::nullopt
                                           : std::optional(exchange->buffer.substr(0, length - 1)));
            });
    });
}

// One connection at a time: the next is accepted once this reply is written or given up.
void IpcServer::answer(const std::shared_ptr<Exchange>& exchange,
                       const std::optional<std::string>& requestLine) {
    exchange->deadline.cancel();
    exchange->reply = encodeReply(run(requestLine));
    exchange->arm(kRequestTimeout, exchange);
    asio::async_write(exchange->socket, asio::buffer(exchange->reply),
                      [this, exchange](error_code, std::size_t) {
                          exchange->deadline.cancel();
                          acceptNext();
                      });
}

CommandOutput IpcServer::run(const std::optional<std::string>& requestLine) {
    const auto request = parseObject(requestLine);
    const json::value* args = request ? request->if_contains("args") : nullptr;
    const json::array* items = args ? args->if_array() : nullptr;
    const json::value* flag = request ? request->if_contains("json") : nullptr;
    const bool* asJson = flag ? flag->if_bool() : nullptr;
    std::vector<std::string> words;
    bool valid = items && (!flag || asJson);
    if (valid)
        for (const auto& item : *items) {
            const json::string* word = item.if_string();
            valid = valid && word;
            if (word)
                words.emplace_back(word->data(), word->size());
        }
    return valid ? m_handler(words, asJson && *asJson)
                 : CommandOutput::failure("bad request on the listen socket", kExitUsage);
}

} // namespace ferry::app::cli
