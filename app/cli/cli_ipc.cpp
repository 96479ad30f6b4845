#include "cli/cli_ipc.h"

#include "cli/cli_errc.h"
#include "cli/cli_json.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

namespace ferry::app::cli {

namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

constexpr std::size_t kMaxLine = 1 << 20;
constexpr int kRequestTimeoutMs = 5'000;
// A forwarded command may settle for kSettleTimeout, after connecting: wait well beyond.
constexpr int kReplyTimeoutMs = 120'000;

/// Closes a file descriptor when it goes out of scope.
class Fd {
public:
    explicit Fd(int fd = -1) : m_fd(fd) {}
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    int get() const { return m_fd; }
    int release() { return std::exchange(m_fd, -1); }

private:
    int m_fd;
};

bool socketAddress(const fs::path& path, sockaddr_un& address) {
    const std::string text = path.string();
    address = {};
    address.sun_family = AF_UNIX;
    if (text.size() >= sizeof address.sun_path)
        return false;
    std::memcpy(address.sun_path, text.c_str(), text.size() + 1);
    return true;
}

// A connected socket to `path`, or -1.
int connectTo(const fs::path& path) {
    sockaddr_un address{};
    if (!socketAddress(path, address))
        return -1;
    Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (fd.get() < 0)
        return -1;
    if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
        return -1;
    return fd.release();
}

bool writeAll(int fd, const std::string& data) {
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::send(fd, data.data() + done, data.size() - done, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        done += std::size_t(n);
    }
    return true;
}

// One line (without its newline), waiting at most `timeoutMs` for each chunk.
std::optional<std::string> readLine(int fd, int timeoutMs) {
    std::string line;
    char buffer[4096];
    for (;;) {
        pollfd p{fd, POLLIN, 0};
        const int ready = ::poll(&p, 1, timeoutMs);
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready <= 0)
            return std::nullopt;
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return std::nullopt;
        line.append(buffer, std::size_t(n));
        if (auto end = line.find('\n'); end != std::string::npos) {
            line.resize(end);
            return line;
        }
        if (line.size() > kMaxLine)
            return std::nullopt;
    }
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
    Fd fd(connectTo(socketPath(profileDir)));
    return fd.get() >= 0;
}

std::optional<CommandOutput> forwardToListener(const fs::path& profileDir,
                                               const std::vector<std::string>& args, bool asJson) {
    Fd fd(connectTo(socketPath(profileDir)));
    if (fd.get() < 0)
        return std::nullopt;
    const std::string request =
        jsonText(json::object{{"args", json::array(args.begin(), args.end())}, {"json", asJson}});
    const auto lost = CommandOutput::failure("the listening ferry-cli for this profile did not "
                                             "answer");
    if (!writeAll(fd.get(), request + "\n"))
        return lost;
    const auto reply = parseObject(readLine(fd.get(), kReplyTimeoutMs));
    const json::value* exit = reply ? reply->if_contains("exit") : nullptr;
    const std::int64_t* status = exit ? exit->if_int64() : nullptr;
    const json::string* out = reply ? stringMember(*reply, "stdout") : nullptr;
    const json::string* err = reply ? stringMember(*reply, "stderr") : nullptr;
    if (!status || !out || !err)
        return lost;
    return CommandOutput{int(*status), std::string(out->data(), out->size()),
                         std::string(err->data(), err->size())};
}

core::Result<std::unique_ptr<IpcServer>> IpcServer::start(const fs::path& profileDir,
                                                          Handler handler) {
    const fs::path path = socketPath(profileDir);
    sockaddr_un address{};
    if (!socketAddress(path, address))
        return core::makeError(CliErrc::Socket,
                               "the profile path is too long for a Unix socket: " + path.string());
    std::error_code ec;
    if (fs::exists(fs::symlink_status(path, ec))) {
        if (listenerRunning(profileDir))
            return core::makeError(CliErrc::Busy, "'ferry-cli listen' is already running for " +
                                                      profileDir.string());
        fs::remove(path, ec); // stale: its listener is gone
    }
    Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (fd.get() < 0)
        return core::makeError(CliErrc::Socket,
                               std::string("cannot create a socket: ") + std::strerror(errno));
    // Owner-only from the moment it exists (umask applies to the socket file bind creates).
    const mode_t saved = ::umask(0177);
    const int bound = ::bind(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof address);
    const int bindErrno = errno;
    ::umask(saved);
    if (bound != 0 || ::listen(fd.get(), 8) != 0)
        return core::makeError(CliErrc::Socket, "cannot listen on " + path.string() + ": " +
                                                    std::strerror(bound != 0 ? bindErrno : errno));
    int wake[2];
    if (::pipe2(wake, O_CLOEXEC) != 0) {
        fs::remove(path, ec);
        return core::makeError(CliErrc::Socket, std::string("pipe: ") + std::strerror(errno));
    }
    std::unique_ptr<IpcServer> server(
        new IpcServer(path, fd.release(), wake[0], wake[1], std::move(handler)));
    server->m_thread = std::thread([s = server.get()] { s->serve(); });
    return server;
}

IpcServer::IpcServer(fs::path path, int listenFd, int wakeRead, int wakeWrite, Handler handler)
    : m_path(std::move(path)), m_listenFd(listenFd), m_wakeRead(wakeRead), m_wakeWrite(wakeWrite),
      m_handler(std::move(handler)) {}

IpcServer::~IpcServer() {
    const char stop = 'x';
    (void)!::write(m_wakeWrite, &stop, 1);
    if (m_thread.joinable())
        m_thread.join();
    ::close(m_listenFd);
    ::close(m_wakeRead);
    ::close(m_wakeWrite);
    std::error_code ec;
    fs::remove(m_path, ec);
}

void IpcServer::serve() {
    for (;;) {
        pollfd fds[2] = {{m_listenFd, POLLIN, 0}, {m_wakeRead, POLLIN, 0}};
        const int ready = ::poll(fds, 2, -1);
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready < 0 || (fds[1].revents & POLLIN))
            return;
        if (fds[0].revents & POLLIN) {
            Fd client(::accept4(m_listenFd, nullptr, nullptr, SOCK_CLOEXEC));
            if (client.get() >= 0)
                handle(client.get());
        }
    }
}

void IpcServer::handle(int fd) {
    const auto request = parseObject(readLine(fd, kRequestTimeoutMs));
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
    const CommandOutput output =
        valid ? m_handler(words, asJson && *asJson)
              : CommandOutput::failure("bad request on the listen socket", kExitUsage);
    (void)writeAll(fd, encodeReply(output));
}

} // namespace ferry::app::cli
