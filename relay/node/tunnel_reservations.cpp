#include "relay/node/tunnel_reservations.h"

#include "platform/durable_files.h"
#include "relay/relay_errc.h"
#include "util/base64.h"

#include <fstream>
#include <optional>
#include <sstream>

namespace ferry::relay {

namespace {

// One header line, then one line per node:
//   <identity, base64url> <port> <network, a.b.c.d/n or x::/n> <lastSeen> <day> <bytesToday>
constexpr const char* kHeader = "ferry-tunnel-reservations 1";
constexpr std::size_t kMaxLines = 65536; // more than any port range holds

std::optional<TunnelReservation> parseLine(const std::string& line) {
    std::istringstream in(line);
    std::string identity;
    std::string network;
    std::uint32_t port = 0;
    TunnelReservation r;
    if (!(in >> identity >> port >> network >> r.lastSeen >> r.day >> r.bytesToday) || port == 0 ||
        port > 0xffff)
        return std::nullopt;
    std::string rest;
    if (in >> rest)
        return std::nullopt;
    auto id = core::base64UrlDecode(identity);
    auto net = core::net::parseIpNetwork(network);
    if (!id || id->empty() || !net)
        return std::nullopt;
    r.identity = std::move(id).value();
    r.port = static_cast<std::uint16_t>(port);
    r.network = *net;
    return r;
}

} // namespace

std::vector<TunnelReservation> loadTunnelReservations(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in)
        return {};
    std::vector<TunnelReservation> out;
    std::string line;
    bool readable = std::getline(in, line) && line == kHeader;
    while (readable && std::getline(in, line)) {
        auto r = line.size() < 512 && out.size() < kMaxLines ? parseLine(line) : std::nullopt;
        if (!r)
            readable = false;
        else
            out.push_back(std::move(*r));
    }
    if (!readable) {
        std::error_code ignored;
        std::filesystem::rename(file, file.string() + ".unreadable", ignored);
        return {};
    }
    return out;
}

core::Result<void> saveTunnelReservations(const std::filesystem::path& file,
                                          const std::vector<TunnelReservation>& reservations) {
    std::string text = std::string(kHeader) + "\n";
    for (const auto& r : reservations)
        text += core::base64UrlEncode(r.identity) + " " + std::to_string(r.port) + " " +
                r.network.text() + " " + std::to_string(r.lastSeen) + " " + std::to_string(r.day) +
                " " + std::to_string(r.bytesToday) + "\n";
    if (const auto error = core::platform::replaceFileDurably(file, text))
        return core::makeError(RelayErrc::Io,
                               "cannot write " + file.string() + ": " + error.message());
    return {};
}

} // namespace ferry::relay
