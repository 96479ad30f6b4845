#include "cli/cli_listen.h"

#include "agent/sync_agent.h"
#include "cli/cli_commands.h"
#include "cli/cli_ipc.h"
#include "cli/cli_json.h"
#include "cli/cli_profile.h"
#include "platform/stop_requests.h"

#include <algorithm>
#include <boost/json/object.hpp>
#include <cctype>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <map>
#include <mutex>
#include <variant>

namespace ferry::app::cli {

namespace {

namespace json = boost::json;
namespace store = core::store;

struct StopEvent {};
struct DeliveryEvent {
    std::int64_t messageId;
    store::MessageState state;
};
struct RelayEvent {
    std::string relay;
    core::net::ConnectionState state;
    std::string reason;
};
using Event = std::variant<StopEvent, core::agent::ReceivedMessageEvent, store::Contact,
                           store::ContactRequest, DeliveryEvent, RelayEvent>;

/// Events from the engine's thread (and the stop from the signal thread) to the main thread,
/// which may block on the Agent to look up names — the engine's thread must never.
class EventQueue {
public:
    void push(Event event) {
        {
            std::lock_guard lock(m_mutex);
            m_events.push_back(std::move(event));
        }
        m_changed.notify_one();
    }
    Event pop() {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] { return !m_events.empty(); });
        Event event = std::move(m_events.front());
        m_events.pop_front();
        return event;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Event> m_events;
};

core::agent::AgentEvents queueEvents(EventQueue& queue) {
    core::agent::AgentEvents events;
    events.messageReceived = [&queue](const core::agent::ReceivedMessageEvent& m) {
        queue.push(m);
    };
    events.contactConnected = [&queue](const store::Contact& c) { queue.push(c); };
    events.contactRequest = [&queue](const store::ContactRequest& r) { queue.push(r); };
    events.deliveryChanged = [&queue](std::int64_t id, store::MessageState state) {
        queue.push(DeliveryEvent{id, state});
    };
    events.relayState = [&queue](const std::string& relay, core::net::ConnectionState state,
                                 const std::string& reason) {
        queue.push(RelayEvent{relay, state, reason});
    };
    return events;
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return text;
}

/// Renders events as JSON lines, remembering contact names.
class EventPrinter {
public:
    explicit EventPrinter(core::agent::SyncAgent agent) : m_agent(agent) {}

    std::string operator()(const StopEvent&) { return {}; }

    std::string operator()(const core::agent::ReceivedMessageEvent& m) {
        return jsonText(json::object{{"event", "message"},
                                     {"contact", m.contactId},
                                     {"contactName", contactName(m.contactId)},
                                     {"id", m.messageId},
                                     {"text", m.text},
                                     {"sentAt", m.sentAt}});
    }

    std::string operator()(const store::Contact& c) {
        m_names[c.id] = c.displayName;
        return jsonText(
            json::object{{"event", "connected"}, {"contact", c.id}, {"name", c.displayName}});
    }

    std::string operator()(const store::ContactRequest& r) {
        return jsonText(json::object{{"event", "request"}, {"id", r.id}, {"name", r.displayName}});
    }

    std::string operator()(const DeliveryEvent& d) {
        return jsonText(json::object{
            {"event", "delivery"}, {"message", d.messageId}, {"state", toText(d.state)}});
    }

    std::string operator()(const RelayEvent& r) {
        return jsonText(json::object{{"event", "relay"},
                                     {"relay", r.relay},
                                     {"state", lower(core::net::connectionStateName(r.state))},
                                     {"reason", r.reason}});
    }

private:
    std::string contactName(std::int64_t id) {
        auto it = m_names.find(id);
        if (it != m_names.end())
            return it->second;
        auto contact = m_agent.findContact(std::to_string(id));
        if (!contact)
            return {};
        m_names[id] = contact->displayName;
        return contact->displayName;
    }

    core::agent::SyncAgent m_agent;
    std::map<std::int64_t, std::string> m_names;
};

bool printLine(const std::string& line) {
    return std::fwrite(line.data(), 1, line.size(), stdout) == line.size() &&
           std::fputc('\n', stdout) != EOF && std::fflush(stdout) == 0;
}

} // namespace

int runListen(const GlobalOptions& options) {
    if (listenerRunning(options.profileDir)) {
        std::fprintf(stderr, "ferry-cli: 'ferry-cli listen' is already running for %s\n",
                     options.profileDir.string().c_str());
        return kExitFailure;
    }
    // The key first: a passphrase prompt must still be interruptible.
    auto config = profileConfig(options);
    if (!config) {
        std::fprintf(stderr, "ferry-cli: %s\n", config.error().message.c_str());
        return kExitFailure;
    }
    // Stop requests reach one waiting thread; made before any thread (the engine's too) starts.
    StopRequests stopRequests;

    EventQueue queue;
    auto agent = core::agent::Agent::open(std::move(config).value(), queueEvents(queue));
    if (!agent) {
        std::fprintf(stderr, "ferry-cli: %s\n", agent.error().message.c_str());
        return kExitFailure;
    }
    auto server =
        IpcServer::start(options.profileDir, [&](const std::vector<std::string>& args, bool json) {
            auto command = parseCommand(args, json);
            if (!command)
                return CommandOutput::failure(command.error().message, kExitUsage);
            return runCommand(**agent, *command);
        });
    if (!server) {
        std::fprintf(stderr, "ferry-cli: %s\n", server.error().message.c_str());
        return kExitFailure;
    }
    std::thread signals([&queue, &stopRequests] {
        stopRequests.wait();
        queue.push(StopEvent{});
    });

    EventPrinter printer{core::agent::SyncAgent(**agent)};
    auto name = core::agent::SyncAgent(**agent).displayName();
    bool stdoutOpen = printLine(
        jsonText(json::object{{"event", "listening"}, {"name", name ? *name : std::string()}}));
    for (;;) {
        Event event = queue.pop();
        if (std::holds_alternative<StopEvent>(event))
            break;
        if (stdoutOpen)
            stdoutOpen = printLine(std::visit(printer, event));
        if (!stdoutOpen)
            break; // nobody reads us any more
    }
    if (!stdoutOpen)
        stopRequests.cancel();
    signals.join();
    server->reset(); // no forwarded command runs past this point
    (*agent).reset();
    return 0;
}

} // namespace ferry::app::cli
