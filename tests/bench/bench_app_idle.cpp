// What the desktop app costs while nothing happens, with "Contribute as relay" off and on:
// the real `ferry` binary (offscreen, a fresh profile), left alone for a while, its CPU time
// and wake-ups (context switches of all its threads) read from /proc.
//
//   bench_app_idle [SECONDS]      (default 60)
#include "relay_process.h"

#include <QDir>
#include <QTemporaryDir>
#include <arpa/inet.h>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <map>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace {

using namespace ferry::bench;

bool portOpen(std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool open = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return open;
}

// Context switches per thread id, so threads that end or start during the interval (a
// thread pool retiring its idle workers) do not distort the difference.
std::map<std::string, ContextSwitches> switchesByThread(pid_t pid) {
    std::map<std::string, ContextSwitches> out;
    std::error_code ec;
    for (const auto& task : fs::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
        std::ifstream in(task.path() / "status");
        ContextSwitches c;
        for (std::string line; std::getline(in, line);) {
            if (line.starts_with("voluntary_ctxt_switches:"))
                c.voluntary = std::stoll(line.substr(line.find(':') + 1));
            else if (line.starts_with("nonvoluntary_ctxt_switches:"))
                c.involuntary = std::stoll(line.substr(line.find(':') + 1));
        }
        out[task.path().filename().string()] = c;
    }
    return out;
}

// What the threads alive at the end did since `before` (new threads: all they did).
ContextSwitches difference(const std::map<std::string, ContextSwitches>& before,
                           const std::map<std::string, ContextSwitches>& after) {
    ContextSwitches d;
    for (const auto& [tid, now] : after) {
        const auto was = before.find(tid);
        d.voluntary += now.voluntary - (was == before.end() ? 0 : was->second.voluntary);
        d.involuntary += now.involuntary - (was == before.end() ? 0 : was->second.involuntary);
    }
    return d;
}

struct Measured {
    double cpuSeconds = 0;
    ContextSwitches switches;
};

// Starts the app on a new profile, lets it settle, then measures `seconds` of idleness.
bool measure(bool contribute, long seconds, Measured& out) {
    QTemporaryDir dir;
    const std::uint16_t port = freeLoopbackPort();
    {
        std::ofstream settings(QDir(dir.path()).filePath("settings.ini").toStdString());
        settings << "[node]\nenabled=" << (contribute ? "true" : "false") << "\nport=" << port
                 << "\n";
    }
    const std::string profile = dir.path().toStdString();
    const std::string keyFile = profile + "/profile.key";
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::setenv("QT_QPA_PLATFORM", "offscreen", 1);
        ::execl(FERRY_APP_BINARY, FERRY_APP_BINARY, "--profile", profile.c_str(), "--name", "Idle",
                "--key-file", keyFile.c_str(), static_cast<char*>(nullptr));
        std::_Exit(127);
    }
    bool ready = !contribute;
    for (int i = 0; i < 200 && contribute && !ready; ++i) {
        ready = portOpen(port);
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    // Startup settles; worker threads left idle retire after Qt's 30 s pool expiry.
    if (ready)
        std::this_thread::sleep_for(std::chrono::seconds(40));
    const CpuTimes cpu0 = procCpu(pid);
    const auto cs0 = switchesByThread(pid);
    if (ready)
        std::this_thread::sleep_for(std::chrono::seconds(seconds));
    const CpuTimes cpu1 = procCpu(pid);
    const auto cs1 = switchesByThread(pid);
    ::kill(pid, SIGTERM);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (!ready) {
        std::fprintf(stderr, "the app's relay did not open port %u\n", port);
        return false;
    }
    out.cpuSeconds = cpu1.total() - cpu0.total();
    out.switches = difference(cs0, cs1);
    return true;
}

} // namespace

int main(int argc, char** argv) {
    auto args = positiveArguments(argc, argv, 1);
    if (!args) {
        std::fprintf(stderr, "usage: bench_app_idle [SECONDS]\n");
        return 2;
    }
    const long seconds = args->empty() ? 60 : args->at(0);
    const double minutes = static_cast<double>(seconds) / 60.0;
    for (bool contribute : {false, true}) {
        Measured m;
        if (!measure(contribute, seconds, m))
            return 1;
        std::printf("ferry idle %ld s, contribute as relay %s: CPU %.3f s, wake-ups %.1f/min "
                    "(voluntary %lld, involuntary %lld)\n",
                    seconds, contribute ? "on " : "off", m.cpuSeconds,
                    static_cast<double>(m.switches.total()) / minutes, m.switches.voluntary,
                    m.switches.involuntary);
    }
    return 0;
}
