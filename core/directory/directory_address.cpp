#include "directory/directory_address.h"

#include "crypto/hash.h"
#include "directory/directory_errc.h"
#include "util/base64.h"

#include <boost/asio/ip/address.hpp>
#include <charconv>

namespace ferry::core::directory {

namespace {

Error bad(const std::string& why) {
    return makeError(DirectoryErrc::Address, "directory address: " + why);
}

bool isDnsName(std::string_view host) {
    if (host.empty() || host.size() > 253 || host.front() == '.' || host.back() == '.')
        return false;
    for (char c : host)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '.'))
            return false;
    return true;
}

} // namespace

Result<DirectoryAddress> parseDirectoryAddress(std::string_view text) {
    constexpr std::string_view kScheme = "https://";
    if (!text.starts_with(kScheme))
        return bad("must start with https://");
    text.remove_prefix(kScheme.size());
    if (!text.empty() && text.back() == '/')
        text.remove_suffix(1);
    const auto at = text.find('@');
    if (at == std::string_view::npos)
        return bad("the fingerprint is missing (https://<fingerprint>@host:port)");
    auto fingerprint = base64UrlDecode(text.substr(0, at));
    if (!fingerprint || fingerprint->size() != crypto::kSha256Size)
        return bad("the fingerprint is not a base64url SHA-256");
    std::string_view rest = text.substr(at + 1);

    DirectoryAddress address;
    address.fingerprint = std::move(fingerprint).value();
    std::string_view host;
    std::string_view port;
    if (rest.starts_with('[')) {
        const auto close = rest.find(']');
        if (close == std::string_view::npos)
            return bad("unclosed [ in the host");
        host = rest.substr(1, close - 1);
        rest.remove_prefix(close + 1);
        if (!rest.empty() && !rest.starts_with(':'))
            return bad("unexpected text after the host");
        port = rest.empty() ? std::string_view{} : rest.substr(1);
        boost::system::error_code ec;
        const auto ip = boost::asio::ip::make_address_v6(std::string(host), ec);
        if (ec || ip.is_v4_mapped())
            return bad("not an IPv6 address in brackets");
    } else {
        const auto colon = rest.find(':');
        host = rest.substr(0, colon);
        port = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon + 1);
        if (!isDnsName(host))
            return bad("the host is not a DNS name or an IPv4 address");
    }
    if (!port.empty() || rest.ends_with(':')) {
        unsigned value = 0;
        const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
        if (ec != std::errc{} || end != port.data() + port.size() || value == 0 || value > 65535)
            return bad("the port must be a number 1-65535");
        address.port = static_cast<std::uint16_t>(value);
    }
    address.host = std::string(host);
    return address;
}

std::string formatDirectoryAddress(const DirectoryAddress& address) {
    std::string text = "https://" + base64UrlEncode(address.fingerprint) + "@";
    text += address.host.find(':') != std::string::npos ? "[" + address.host + "]" : address.host;
    if (address.port != kDefaultDirectoryPort)
        text += ":" + std::to_string(address.port);
    return text;
}

} // namespace ferry::core::directory
