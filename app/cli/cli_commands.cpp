// The one-shot commands: each calls the Agent (through SyncAgent), waits for what it needs and
// renders its answer as text for people or as one JSON value for scripts.
#include "cli/cli_commands.h"

#include "agent/agent_errc.h"
#include "agent/sync_agent.h"
#include "cli/cli_json.h"
#include "cli/qr_text.h"
#include "platform/local_time.h"
#include "smp/server_address.h"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value_from.hpp>
#include <ctime>
#include <map>

namespace ferry::app::cli {

using core::Result;
using core::agent::Agent;
using core::agent::SyncAgent;
namespace agent = core::agent;
namespace json = boost::json;
namespace store = core::store;

CommandOutput CommandOutput::failure(const std::string& message, int exit) {
    return CommandOutput{exit, {}, "ferry-cli: " + message + "\n"};
}

namespace {

CommandOutput fail(const core::Error& error) {
    return CommandOutput::failure(error.message);
}

CommandOutput jsonOutput(json::value value) {
    return CommandOutput{0, jsonText(std::move(value)) + "\n", {}};
}

CommandOutput text(std::string lines) {
    return CommandOutput{0, std::move(lines), {}};
}

Result<void> settle(SyncAgent& agent) {
    return agent.settle(kSettleTimeout);
}

std::string formatTime(std::int64_t seconds) {
    const std::time_t t = static_cast<std::time_t>(seconds);
    const std::optional<std::tm> local = core::platform::localCalendarTime(t);
    char buffer[32];
    if (!local || std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M", &*local) == 0)
        return std::to_string(seconds);
    return buffer;
}

// Columns are as wide as their widest cell, counted in code points (good enough for names).
std::size_t displayWidth(const std::string& s) {
    std::size_t width = 0;
    for (unsigned char c : s)
        width += (c & 0xc0u) != 0x80u;
    return width;
}

std::string table(const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::size_t> widths;
    for (const auto& row : rows)
        for (std::size_t i = 0; i < row.size(); ++i) {
            widths.resize(std::max(widths.size(), row.size()));
            widths[i] = std::max(widths[i], displayWidth(row[i]));
        }
    std::string out;
    for (const auto& row : rows) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            out += row[i];
            if (i + 1 < row.size())
                out += std::string(widths[i] - displayWidth(row[i]) + 2, ' ');
        }
        out += '\n';
    }
    return out;
}

json::object contactJson(const store::Contact& c) {
    return {{"id", c.id},
            {"name", c.displayName},
            {"status", toText(c.status)},
            {"alias", json::value_from(c.localAlias)},
            {"createdAt", c.createdAt}};
}

// A link and, with --qr, its QR code.
CommandOutput linkOutput(const Command& command, std::string_view field, const std::string& link) {
    std::string qr;
    if (command.qr) {
        auto rendered = qrText(link);
        if (!rendered)
            return fail(rendered.error());
        qr = std::move(rendered).value();
    }
    if (command.json) {
        json::object out{{field, link}};
        if (command.qr)
            out["qr"] = qr;
        return jsonOutput(std::move(out));
    }
    return text(link + "\n" + (command.qr ? "\n" + qr : ""));
}

// A contact for an operation that talks to it. A one-shot run may have the contact's last
// connection step waiting on the relay (its HELLO, which also tells us its name): when the
// contact is unknown or still pending, let the engine take in what is waiting and look again.
Result<store::Contact> contactForNetwork(SyncAgent& agent, const std::string& idOrName) {
    auto contact = agent.findContact(idOrName);
    if (contact && contact->status == store::ContactStatus::Connected)
        return contact;
    (void)settle(agent);
    return agent.findContact(idOrName);
}

// --- relays ---------------------------------------------------------------------------------

CommandOutput relaysAdd(SyncAgent& agent, const Command& command) {
    auto relay = agent.addRelay(command.argument);
    if (!relay)
        return fail(relay.error());
    if (command.json)
        return jsonOutput(json::object{
            {"id", relay->id}, {"address", relay->address}, {"enabled", relay->enabled}});
    return text("Relay added: " + relay->address + "\n");
}

CommandOutput relaysList(SyncAgent& agent, const Command& command) {
    auto relays = agent.relays();
    if (!relays)
        return fail(relays.error());
    if (command.json) {
        json::array out;
        for (const auto& r : *relays)
            out.push_back(json::object{{"id", r.id},
                                       {"address", r.address},
                                       {"enabled", r.enabled},
                                       {"addedAt", r.addedAt}});
        return jsonOutput(std::move(out));
    }
    if (relays->empty())
        return text("No relays: add one with 'ferry-cli relays add smp://…'\n");
    std::string out;
    for (const auto& r : *relays)
        out += r.address + (r.enabled ? "" : " (disabled)") + "\n";
    return text(out);
}

CommandOutput relaysRemove(SyncAgent& agent, const Command& command) {
    auto removed = agent.removeRelay(command.argument);
    if (!removed)
        return fail(removed.error());
    if (command.json)
        return jsonOutput(json::object{{"removed", command.argument}});
    return text("Relay removed: " + command.argument + "\n");
}

// --- private routing ------------------------------------------------------------------------

std::string describeRouting(const agent::RoutingSettings& routing) {
    std::string out = "Private routing: " + std::string(privateRoutingName(routing.mode));
    switch (routing.mode) {
    case agent::PrivateRouting::Never:
        out += " (messages go straight to each contact's relay, which sees your address)";
        break;
    case agent::PrivateRouting::UnknownRelays:
        out += " (through one of your relays to relays you do not use)";
        break;
    case agent::PrivateRouting::Always:
        out += " (through one of your relays, also to your own other relays)";
        break;
    }
    out += std::string("\nWhen the route fails: ") +
           (routing.allowDirect ? "send straight to the contact's relay"
                                : "wait and retry (nothing is sent directly)") +
           "\n";
    return out;
}

CommandOutput routingOutput(const Command& command, const agent::RoutingSettings& routing) {
    if (command.json)
        return jsonOutput(json::object{{"mode", privateRoutingName(routing.mode)},
                                       {"allowDirect", routing.allowDirect}});
    return text(describeRouting(routing));
}

CommandOutput routingShow(SyncAgent& agent, const Command& command) {
    auto routing = agent.routing();
    if (!routing)
        return fail(routing.error());
    return routingOutput(command, *routing);
}

CommandOutput routingSet(SyncAgent& agent, const Command& command) {
    if (auto set = agent.setRouting(command.routing); !set)
        return fail(set.error());
    return routingOutput(command, command.routing);
}

// --- relay directories ----------------------------------------------------------------------

CommandOutput directoriesOutput(const Command& command, const agent::DirectorySettings& settings) {
    if (command.json) {
        json::array directories;
        for (const auto& d : settings.directories)
            directories.emplace_back(d);
        return jsonOutput(json::object{{"directories", std::move(directories)},
                                       {"onlyMyRelays", settings.onlyMyRelays}});
    }
    std::string out;
    if (settings.directories.empty())
        out = "No relay directories: add one with 'ferry-cli directories add https://…'\n";
    for (const auto& d : settings.directories)
        out += d + "\n";
    out += settings.onlyMyRelays
               ? "New queues: only on your own relays\n"
               : (settings.directories.empty()
                      ? "New queues: on your own relays\n"
                      : "New queues: on relays the directories list (your own relays when no "
                        "directory answers)\n");
    return text(out);
}

CommandOutput directoriesChange(SyncAgent& agent, const Command& command) {
    auto settings = agent.directories();
    if (!settings)
        return fail(settings.error());
    auto& list = settings->directories;
    const auto found = std::find(list.begin(), list.end(), command.argument);
    switch (command.kind) {
    case CommandKind::DirectoriesAdd:
        if (found == list.end())
            list.push_back(command.argument);
        break;
    case CommandKind::DirectoriesRemove:
        if (found == list.end())
            return fail(core::makeError(agent::AgentErrc::NotFound,
                                        "no such relay directory: " + command.argument));
        list.erase(found);
        break;
    case CommandKind::DirectoriesOnlyMine:
        settings->onlyMyRelays = command.onlyMine;
        break;
    default:
        break;
    }
    if (command.kind != CommandKind::DirectoriesList)
        if (auto set = agent.setDirectories(*settings); !set)
            return fail(set.error());
    return directoriesOutput(command, *settings);
}

// --- contacts and links ---------------------------------------------------------------------

CommandOutput invite(SyncAgent& agent, const Command& command) {
    auto link = agent.createInvitation();
    if (!link)
        return fail(link.error());
    return linkOutput(command, "link", *link);
}

/// What a command that made a contact prints: the contact in JSON, or the words `describe`
/// gives; after the engine has settled, so the state is the one it reached.
CommandOutput newContactOutput(SyncAgent& agent, const Command& command,
                               const core::Result<std::int64_t>& contactId,
                               std::string (*describe)(const store::Contact&)) {
    if (!contactId)
        return fail(contactId.error());
    (void)settle(agent);
    auto contact = agent.findContact(std::to_string(*contactId));
    if (!contact)
        return fail(contact.error());
    if (command.json)
        return jsonOutput(contactJson(*contact));
    return text(describe(*contact));
}

CommandOutput connect(SyncAgent& agent, const Command& command) {
    return newContactOutput(
        agent, command, agent.connect(command.argument), [](const store::Contact& contact) {
            if (contact.status == store::ContactStatus::Connected)
                return "Connected to " + contact.displayName + " (contact " +
                       std::to_string(contact.id) + ")\n";
            return "Contact " + std::to_string(contact.id) +
                   " added; the connection completes when the other side is online\n";
        });
}

CommandOutput addressCreate(SyncAgent& agent, const Command& command) {
    auto link = agent.createAddress();
    if (!link)
        return fail(link.error());
    return linkOutput(command, "address", *link);
}

CommandOutput addressShow(SyncAgent& agent, const Command& command) {
    auto link = agent.address();
    if (!link)
        return fail(link.error());
    if (*link)
        return linkOutput(command, "address", **link);
    if (command.json)
        return jsonOutput(json::object{{"address", nullptr}});
    return text("No address: make one with 'ferry-cli address create'\n");
}

CommandOutput addressDelete(SyncAgent& agent, const Command& command) {
    auto deleted = agent.deleteAddress();
    if (!deleted)
        return fail(deleted.error());
    (void)settle(agent);
    if (command.json)
        return jsonOutput(json::object{{"deleted", true}});
    return text("Address deleted; the contacts made through it stay\n");
}

CommandOutput requests(SyncAgent& agent, const Command& command) {
    // Take in what waits on the relays first, so a one-shot read shows it.
    (void)settle(agent);
    auto pending = agent.pendingRequests();
    if (!pending)
        return fail(pending.error());
    if (command.json) {
        json::array out;
        for (const auto& r : *pending)
            out.push_back(
                json::object{{"id", r.id}, {"name", r.displayName}, {"receivedAt", r.receivedAt}});
        return jsonOutput(std::move(out));
    }
    if (pending->empty())
        return text("No pending contact requests\n");
    std::vector<std::vector<std::string>> rows{{"ID", "NAME", "RECEIVED"}};
    for (const auto& r : *pending)
        rows.push_back({std::to_string(r.id), r.displayName, formatTime(r.receivedAt)});
    return text(table(rows));
}

CommandOutput accept(SyncAgent& agent, const Command& command) {
    return newContactOutput(
        agent, command, agent.acceptRequest(command.id), [](const store::Contact& contact) {
            return "Accepted " + contact.displayName + " (contact " + std::to_string(contact.id) +
                   ", " + std::string(toText(contact.status)) + ")\n";
        });
}

CommandOutput reject(SyncAgent& agent, const Command& command) {
    auto rejected = agent.rejectRequest(command.id);
    if (!rejected)
        return fail(rejected.error());
    if (command.json)
        return jsonOutput(json::object{{"rejected", command.id}});
    return text("Request " + std::to_string(command.id) + " rejected\n");
}

json::object contactQueueJson(const agent::ContactQueue& q) {
    return {{"direction", toText(q.direction)},
            {"relay", q.relay},
            {"status", toText(q.status)},
            {"relayConnected", json::value_from(q.relayConnected)},
            {"downSince", json::value_from(q.downSince)},
            {"waiting", q.waiting},
            {"lastError", json::value_from(q.lastError)}};
}

// How one queue is doing, in a few words.
std::string queueState(const agent::ContactQueue& q) {
    if (q.status == store::QueueStatus::New)
        return "being set up";
    if (q.status == store::QueueStatus::Confirmed)
        return "new, not used by the contact yet";
    if (q.status == store::QueueStatus::Suspended)
        return q.downSince ? "relay down since " + formatTime(*q.downSince) + ", moving to another"
                           : "moving to another relay";
    if (q.status == store::QueueStatus::Draining)
        return "moved away: deleted once its relay gave what it holds";
    if (q.direction == store::QueueDirection::Receive) {
        if (q.downSince)
            return "relay down since " + formatTime(*q.downSince);
        return q.relayConnected.value_or(false) ? "connected" : "not connected yet";
    }
    if (q.waiting == 0)
        return "nothing waiting";
    std::string words = std::to_string(q.waiting) + " waiting";
    if (q.lastError)
        words += " (" + *q.lastError + ")";
    return words;
}

// The host and port of a relay address: enough to tell a contact's relays apart.
std::string relayPlace(const std::string& address) {
    auto server = core::smp::parseServerAddress(address);
    if (!server || server->hosts.empty())
        return address;
    return server->hosts.front().uriText() + ":" + std::to_string(server->effectivePort());
}

CommandOutput contacts(SyncAgent& agent, const Command& command) {
    // Take in what waits on the relays first, so a one-shot read shows it.
    (void)settle(agent);
    auto list = agent.contacts();
    if (!list)
        return fail(list.error());
    std::map<std::int64_t, std::vector<agent::ContactQueue>> queues;
    if (command.relays)
        for (const auto& c : *list) {
            auto carried = agent.contactQueues(c.id);
            if (!carried)
                return fail(carried.error());
            queues[c.id] = std::move(carried).value();
        }
    if (command.json) {
        json::array out;
        for (const auto& c : *list) {
            json::object row = contactJson(c);
            if (command.relays) {
                json::array carried;
                for (const auto& q : queues[c.id])
                    carried.push_back(contactQueueJson(q));
                row["queues"] = std::move(carried);
            }
            out.push_back(std::move(row));
        }
        return jsonOutput(std::move(out));
    }
    if (list->empty())
        return text("No contacts yet: 'ferry-cli invite' makes a link to share\n");
    if (!command.relays) {
        std::vector<std::vector<std::string>> rows{{"ID", "NAME", "STATUS"}};
        for (const auto& c : *list)
            rows.push_back({std::to_string(c.id), c.displayName, std::string(toText(c.status))});
        return text(table(rows));
    }
    std::vector<std::vector<std::string>> rows{{"ID", "NAME", "STATUS", "QUEUE", "RELAY", "STATE"}};
    for (const auto& c : *list) {
        std::vector<std::string> first{std::to_string(c.id), c.displayName,
                                       std::string(toText(c.status))};
        if (queues[c.id].empty())
            rows.push_back({first[0], first[1], first[2], "-", "-", "-"});
        for (const auto& q : queues[c.id]) {
            rows.push_back({first[0], first[1], first[2], std::string(toText(q.direction)),
                            relayPlace(q.relay), queueState(q)});
            first = {"", "", ""};
        }
    }
    return text(table(rows));
}

CommandOutput deleteContact(SyncAgent& agent, const Command& command) {
    auto contact = agent.findContact(command.argument);
    if (!contact)
        return fail(contact.error());
    auto deleted = agent.deleteContact(contact->id);
    if (!deleted)
        return fail(deleted.error());
    (void)settle(agent);
    if (command.json)
        return jsonOutput(json::object{{"deleted", contact->id}, {"name", contact->displayName}});
    return text("Deleted " + contact->displayName + " (contact " + std::to_string(contact->id) +
                ")\n");
}

CommandOutput switchQueues(SyncAgent& agent, const Command& command) {
    auto contact = contactForNetwork(agent, command.argument);
    if (!contact)
        return fail(contact.error());
    auto switched = agent.switchQueues(contact->id);
    if (!switched)
        return fail(switched.error());
    // The new queues are made and offered before this returns; the old ones go once the
    // contact has used the new (the next run of any command, or `listen`, finishes it).
    (void)settle(agent);
    if (command.json)
        return jsonOutput(json::object{{"switching", contact->id}, {"name", contact->displayName}});
    return text("Moving " + contact->displayName +
                " to other relays: the old queues are deleted once the contact uses the new ones "
                "('ferry-cli contacts --relays' shows how far it is)\n");
}

CommandOutput rotationOutput(const Command& command, std::chrono::seconds after) {
    const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(after).count();
    if (command.json)
        return jsonOutput(json::object{{"rotateAfterMinutes", minutes}});
    return text("A queue moves to another relay when its relay has been unreachable for " +
                std::to_string(minutes) + " minute" + (minutes == 1 ? "" : "s") +
                " (while Ferry runs and reaches other relays)\n");
}

CommandOutput rotationShow(SyncAgent& agent, const Command& command) {
    auto after = agent.rotateAfter();
    if (!after)
        return fail(after.error());
    return rotationOutput(command, *after);
}

CommandOutput rotationSet(SyncAgent& agent, const Command& command) {
    const std::chrono::seconds after = std::chrono::minutes(command.rotateAfterMinutes);
    if (auto set = agent.setRotateAfter(after); !set)
        return fail(set.error());
    return rotationOutput(command, after);
}

// --- messages -------------------------------------------------------------------------------

CommandOutput send(SyncAgent& agent, const Command& command) {
    auto contact = contactForNetwork(agent, command.argument);
    if (!contact)
        return fail(contact.error());
    auto messageId = agent.sendMessage(contact->id, command.text);
    if (!messageId)
        return fail(messageId.error());
    (void)settle(agent);
    // The state the message reached while we waited.
    store::MessageState state = store::MessageState::Pending;
    if (auto recent = agent.history(contact->id))
        for (const auto& m : *recent)
            if (m.id == *messageId)
                state = m.state;
    CommandOutput output;
    if (command.json) {
        output = jsonOutput(json::object{
            {"message", *messageId}, {"contact", contact->id}, {"state", toText(state)}});
    } else {
        output = text("Message " + std::to_string(*messageId) + " to " + contact->displayName +
                      ": " + std::string(toText(state)) + "\n");
    }
    if (state == store::MessageState::Pending)
        output.err = "ferry-cli: the relay did not take the message yet; it stays queued and "
                     "goes out the next time ferry-cli runs for this profile\n";
    return output;
}

CommandOutput history(SyncAgent& agent, const Command& command) {
    // Take in what waits on the relays first, so a one-shot read shows it.
    (void)settle(agent);
    auto contact = agent.findContact(command.argument);
    if (!contact)
        return fail(contact.error());
    auto messages = agent.history(contact->id, {std::nullopt, command.limit});
    if (!messages)
        return fail(messages.error());
    if (command.json) {
        json::array out;
        for (const auto& m : *messages)
            out.push_back(json::object{{"id", m.id},
                                       {"direction", toText(m.direction)},
                                       {"text", m.body},
                                       {"sentAt", m.sentAt},
                                       {"receivedAt", json::value_from(m.receivedAt)},
                                       {"state", toText(m.state)},
                                       {"waitingReason", json::value_from(m.waitingReason)}});
        return jsonOutput(std::move(out));
    }
    std::string out;
    for (const auto& m : *messages) {
        out += "[" + formatTime(m.sentAt) + "] ";
        if (m.direction == store::MessageDirection::Out)
            out += "→ " + m.body + " (" + std::string(toText(m.state)) +
                   (m.waitingReason ? ", waiting: " + *m.waitingReason : std::string()) + ")\n";
        else
            out += "← " + m.body + "\n";
    }
    if (out.empty())
        out = "No messages with " + contact->displayName + " yet\n";
    return text(out);
}

} // namespace

CommandOutput runCommand(Agent& agent, const Command& command) {
    SyncAgent sync(agent); // one-shot commands wait for each answer
    switch (command.kind) {
    case CommandKind::RelaysAdd:
        return relaysAdd(sync, command);
    case CommandKind::RelaysList:
        return relaysList(sync, command);
    case CommandKind::RelaysRemove:
        return relaysRemove(sync, command);
    case CommandKind::RoutingShow:
        return routingShow(sync, command);
    case CommandKind::RoutingSet:
        return routingSet(sync, command);
    case CommandKind::DirectoriesAdd:
    case CommandKind::DirectoriesList:
    case CommandKind::DirectoriesRemove:
    case CommandKind::DirectoriesOnlyMine:
        return directoriesChange(sync, command);
    case CommandKind::Invite:
        return invite(sync, command);
    case CommandKind::Connect:
        return connect(sync, command);
    case CommandKind::AddressCreate:
        return addressCreate(sync, command);
    case CommandKind::AddressShow:
        return addressShow(sync, command);
    case CommandKind::AddressDelete:
        return addressDelete(sync, command);
    case CommandKind::Requests:
        return requests(sync, command);
    case CommandKind::Accept:
        return accept(sync, command);
    case CommandKind::Reject:
        return reject(sync, command);
    case CommandKind::Contacts:
        return contacts(sync, command);
    case CommandKind::Send:
        return send(sync, command);
    case CommandKind::History:
        return history(sync, command);
    case CommandKind::Delete:
        return deleteContact(sync, command);
    case CommandKind::Switch:
        return switchQueues(sync, command);
    case CommandKind::RotationShow:
        return rotationShow(sync, command);
    case CommandKind::RotationSet:
        return rotationSet(sync, command);
    case CommandKind::Init:
        return CommandOutput::failure("a profile already exists here");
    case CommandKind::Listen:
        return CommandOutput::failure("'ferry-cli listen' is already running for this profile");
    }
    return CommandOutput::failure("unknown command", kExitUsage);
}

CommandOutput initDone(const Command& command, const std::string& profileDir) {
    if (command.json)
        return jsonOutput(json::object{{"name", command.name}, {"profile", profileDir}});
    return text("Profile '" + command.name + "' created in " + profileDir +
                "\nNext: ferry-cli --profile " + profileDir + " relays add smp://…\n");
}

} // namespace ferry::app::cli
