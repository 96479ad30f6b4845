#include "smp/queue_uri.h"

#include "smp/smp_errc.h"
#include "util/base64.h"

#include <utility>
#include <vector>

// Follows simplexmq's `SMPQueueUri` StrEncoding (Agent/Protocol.hs), its query-string helpers
// (Agent/QueryString.hs over http-types `parseSimpleQuery` / `renderSimpleQuery`) and
// `VersionRange` StrEncoding (Version.hs).

namespace ferry::core::smp {

namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

Error uriError(const std::string& message) {
    return makeError(SmpErrc::QueueUri, "queue URI: " + message);
}

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}
bool isBase64UrlChar(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_';
}
int hexValue(char c) {
    if (isDigit(c))
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/// http-types `urlEncode True`: everything but letters, digits and `-_.~` as upper-case %XX.
std::string urlEncode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (char c : text) {
        if (isBase64UrlChar(c) || c == '.' || c == '~') {
            out += c;
        } else {
            auto b = static_cast<unsigned char>(c);
            out += '%';
            out += kHex[b >> 4];
            out += kHex[b & 15];
        }
    }
    return out;
}

/// http-types `urlDecode True`: `+` is a space, a malformed `%` escape stays as it is.
std::string urlDecode(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '+') {
            out += ' ';
        } else if (c == '%' && i + 2 < text.size() && hexValue(text[i + 1]) >= 0 &&
                   hexValue(text[i + 2]) >= 0) {
            out += static_cast<char>(hexValue(text[i + 1]) << 4 | hexValue(text[i + 2]));
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

/// http-types `parseSimpleQuery`: pairs split on `&` or `;`, a key without `=` has an empty value.
Params parseQuery(std::string_view query) {
    Params params;
    std::size_t start = 0;
    while (start < query.size()) {
        std::size_t end = query.find_first_of("&;", start);
        if (end == std::string_view::npos)
            end = query.size();
        std::string_view pair = query.substr(start, end - start);
        std::size_t eq = pair.find('=');
        if (eq == std::string_view::npos)
            params.emplace_back(urlDecode(pair), std::string());
        else
            params.emplace_back(urlDecode(pair.substr(0, eq)), urlDecode(pair.substr(eq + 1)));
        start = end + 1;
    }
    return params;
}

/// The first value of a parameter, as simplexmq's `queryParamStr` finds it.
const std::string* findParam(const Params& params, std::string_view name) {
    for (const auto& [key, value] : params) {
        if (key == name)
            return &value;
    }
    return nullptr;
}

std::optional<Version> parseVersion(std::string_view digits) {
    if (digits.empty())
        return std::nullopt;
    std::uint32_t value = 0;
    for (char c : digits) {
        if (!isDigit(c))
            return std::nullopt;
        value = value * 10 + static_cast<std::uint32_t>(c - '0');
        if (value > 0xffff)
            return std::nullopt;
    }
    return static_cast<Version>(value);
}

Result<VersionRange> parseVersionRange(std::string_view text) {
    std::size_t dash = text.find('-');
    auto min = parseVersion(text.substr(0, dash));
    auto max = dash == std::string_view::npos ? min : parseVersion(text.substr(dash + 1));
    if (!min || !max)
        return uriError("version must be <n> or <min>-<max> with numbers up to 65535");
    if (*min > *max)
        return uriError("version range " + std::to_string(*min) + "-" + std::to_string(*max) +
                        " has min above max");
    return VersionRange{*min, *max};
}

std::string formatVersionRange(VersionRange range) {
    if (range.min == range.max)
        return std::to_string(range.min);
    return std::to_string(range.min) + "-" + std::to_string(range.max);
}

/// simplexmq `base64urlP` over the whole text: base64url characters, then `=` padding.
bool isBase64UrlToken(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size() && isBase64UrlChar(text[i]))
        ++i;
    if (i == 0)
        return false;
    while (i < text.size() && text[i] == '=')
        ++i;
    return i == text.size();
}

Result<crypto::PublicKey> parseDhKey(std::string_view text) {
    if (!isBase64UrlToken(text))
        return uriError("dh key is not base64url");
    auto der = base64UrlDecode(text);
    if (!der)
        return uriError("dh key is not base64url");
    auto key = crypto::decodeSpki(*der);
    if (!key || key->algorithm != crypto::KeyAlgorithm::X25519)
        return uriError("dh key must be an X25519 public key (SubjectPublicKeyInfo DER)");
    return std::move(*key);
}

/// Length of a base64url token (characters then `=` padding) at `pos`.
std::size_t base64UrlTokenLength(std::string_view text, std::size_t pos) {
    std::size_t end = pos;
    while (end < text.size() && isBase64UrlChar(text[end]))
        ++end;
    if (end == pos)
        return 0;
    while (end < text.size() && text[end] == '=')
        ++end;
    return end - pos;
}

Result<std::vector<TransportHost>> parseExtraHosts(std::string_view list) {
    std::vector<TransportHost> hosts;
    if (list.empty())
        return hosts;
    std::size_t start = 0;
    while (true) {
        std::size_t end = list.find(',', start);
        std::string_view item = list.substr(
            start, end == std::string_view::npos ? std::string_view::npos : end - start);
        auto host = parseTransportHost(item);
        if (!host)
            return uriError("srv: " + host.error().message);
        hosts.push_back(std::move(*host));
        if (end == std::string_view::npos)
            return hosts;
        start = end + 1;
    }
}

/// `smp://…/<senderId>[/]#`: the server and the sender ID, up to and including the '#'.
Result<void> readLocation(std::string_view text, std::size_t& pos, QueueUri& uri) {
    auto server = parseServerAddressPrefix(text, pos);
    if (!server)
        return uriError(server.error().message);
    if (server->basicAuth)
        return uriError("the server part must not carry a password");
    uri.server = std::move(*server);
    if (pos >= text.size() || text[pos] != '/')
        return uriError("expected '/' and the sender ID after the server");
    ++pos;

    std::size_t idLength = base64UrlTokenLength(text, pos);
    if (idLength == 0)
        return uriError("missing sender ID after '/'");
    auto senderId = base64UrlDecode(text.substr(pos, idLength));
    if (!senderId)
        return uriError("sender ID is not valid base64url");
    if (senderId->size() > 255)
        return uriError("sender ID is longer than 255 bytes");
    uri.senderId = std::move(*senderId);
    pos += idLength;
    if (pos < text.size() && text[pos] == '/')
        ++pos;
    if (pos >= text.size() || text[pos] != '#')
        return uriError("expected '#' after the sender ID");
    ++pos;
    return {};
}

/// The parameters after '?': v, dh (unless the key came before the query), srv, q, k.
Result<void> readQuery(std::string_view query, std::optional<crypto::PublicKey> inlineKey,
                       QueueUri& uri) {
    for (char c : query) {
        auto b = static_cast<unsigned char>(c);
        if (b <= 0x20 || b == 0x7f)
            return uriError("the query contains a space or control character");
    }
    Params params = parseQuery(query);

    const std::string* version = findParam(params, "v");
    if (!version)
        return uriError("missing version parameter 'v'");
    auto range = parseVersionRange(*version);
    if (!range)
        return range.error();
    uri.clientVersions = *range;

    if (inlineKey) {
        uri.dhKey = std::move(*inlineKey);
    } else {
        const std::string* dh = findParam(params, "dh");
        if (!dh)
            return uriError("missing key parameter 'dh'");
        auto key = parseDhKey(*dh);
        if (!key)
            return key.error();
        uri.dhKey = std::move(*key);
    }

    if (const std::string* srv = findParam(params, "srv")) {
        auto extra = parseExtraHosts(*srv);
        if (!extra)
            return extra.error();
        if (uri.server.hosts.size() + extra->size() > kMaxHosts)
            return uriError("more than " + std::to_string(kMaxHosts) + " hosts");
        for (TransportHost& host : *extra)
            uri.server.hosts.push_back(std::move(host));
    }

    const std::string* mode = findParam(params, "q");
    const std::string* sndSecure = findParam(params, "k");
    if (mode && *mode == "m")
        uri.queueMode = QueueMode::Messaging;
    else if (mode && *mode == "c")
        uri.queueMode = QueueMode::Contact;
    else if (sndSecure && *sndSecure == "s")
        uri.queueMode = QueueMode::Messaging;
    return {};
}

} // namespace

Result<QueueUri> parseQueueUri(std::string_view text) {
    QueueUri uri;
    std::size_t pos = 0;
    if (auto done = readLocation(text, pos, uri); !done)
        return done.error();

    // An old form carries the key right after '#', before any query or instead of it.
    std::optional<crypto::PublicKey> inlineKey;
    if (std::size_t keyLength = base64UrlTokenLength(text, pos); keyLength > 0) {
        auto key = parseDhKey(text.substr(pos, keyLength));
        if (!key)
            return key.error();
        inlineKey = std::move(*key);
        pos += keyLength;
    }
    if (pos == text.size()) {
        if (!inlineKey)
            return uriError("missing the query (v=…&dh=…) after '#'");
        uri.clientVersions = {client_versions::kInitial, client_versions::kInitial};
        uri.dhKey = std::move(*inlineKey);
        return uri;
    }
    if (text[pos] == '/')
        ++pos;
    if (pos >= text.size() || text[pos] != '?')
        return uriError("expected '?' and the query after '#'");
    if (auto done = readQuery(text.substr(pos + 1), std::move(inlineKey), uri); !done)
        return done.error();
    return uri;
}

std::string formatQueueUri(const QueueUri& uri) {
    bool legacy = uri.clientVersions.min < client_versions::kServerHostnames;
    std::string out;
    if (legacy && uri.server.hosts.size() > 1) {
        ServerAddress first = uri.server;
        first.hosts.resize(1);
        out = formatServerAddress(first, false);
    } else {
        out = formatServerAddress(uri.server, false);
    }
    out += '/';
    out += base64UrlEncode(uri.senderId);
    out += "#/?v=";
    out += formatVersionRange(uri.clientVersions);
    out += "&dh=";
    out += urlEncode(base64UrlEncode(crypto::encodeSpki(uri.dhKey)));
    if (uri.queueMode)
        out += uri.queueMode == QueueMode::Messaging ? "&q=m" : "&q=c";
    if (uri.senderCanSecure() && uri.clientVersions.min < client_versions::kShortLinks)
        out += "&k=s";
    if (legacy && uri.server.hosts.size() > 1) {
        std::string hosts;
        for (std::size_t i = 1; i < uri.server.hosts.size(); ++i) {
            if (i > 1)
                hosts += ',';
            hosts += uri.server.hosts[i].name; // TransportHost strEncode: IPv6 unbracketed
        }
        out += "&srv=";
        out += urlEncode(hosts);
    }
    return out;
}

} // namespace ferry::core::smp
